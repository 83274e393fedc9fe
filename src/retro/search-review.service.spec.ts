// Unit tier: the review of search candidates (R35, R38; issue 12): append-only revisions by the
// examiner, then a different officer, and supervisor reviews, over in-memory repositories.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchCandidateRow, SearchRow } from '../db/schema.ts';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../test/support/fakes.ts';
import { fakeUsers, MemoryReviewRepository, MemorySearchRepository } from '../../test/support/fakes-retro.ts';
import { manualClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { SearchReviewService } from './search-review.service.ts';

const refused = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

function candidate(rank: number): SearchCandidateRow {
  return {
    search_id: 's1',
    rank,
    subject_id: `subject-${rank}`,
    subject_reference: `R-${rank}`,
    image_id: `image-${rank}`,
    score: 0.9 - rank / 10,
    examiner_decision: null,
    examiner_by: null,
    examiner_at: null,
    examiner_note: null,
    officer_decision: null,
    officer_by: null,
    officer_at: null,
    officer_note: null,
  };
}

async function setup() {
  const searches = new MemorySearchRepository();
  await searches.insertSearch(fakeQueryable, { id: 's1', requested_by: 'ivy' } as SearchRow, [
    candidate(1),
    candidate(2),
  ]);
  const reviews = new MemoryReviewRepository(searches);
  const audit = recordingAudit();
  const clock = manualClock('2026-03-02T10:00:00.000Z');
  const service = new SearchReviewService({
    db: fakeQueryable,
    uow: fakeUnitOfWork,
    reviews,
    searches,
    audit,
    users: fakeUsers({ ed: { displayName: 'Ed Examiner' } }),
    clock,
  });
  return { service, searches, reviews, audit, clock };
}

describe('candidate review (R35)', () => {
  it('R35: the examiner decides first; the cache and the audit follow, at the injected time', async () => {
    const { service, audit } = await setup();
    await assert.rejects(
      service.recordOfficerDecision('s1', 1, 'accepted-as-lead', undefined, 'olly'),
      refused('examiner-first'),
    );
    const c = await service.recordExaminerDecision('s1', 1, 'possible-match', 'same scar', 'ed');
    assert.equal(c.examiner_decision, 'possible-match');
    assert.equal(c.examiner_by, 'ed');
    assert.equal(c.examiner_at, '2026-03-02T10:00:00.000Z');
    assert.equal(audit.entries.at(-1)?.action, 'search.examiner-decision');
  });

  it('R35: the officer decision comes from someone other than the examiner, on a possible match only', async () => {
    const { service } = await setup();
    await service.recordExaminerDecision('s1', 1, 'possible-match', undefined, 'ed');
    await service.recordExaminerDecision('s1', 2, 'not-a-match', undefined, 'ed');
    await assert.rejects(
      service.recordOfficerDecision('s1', 1, 'accepted-as-lead', undefined, 'ed'),
      refused('same-reviewer'),
    );
    await assert.rejects(
      service.recordOfficerDecision('s1', 2, 'accepted-as-lead', undefined, 'olly'),
      refused('not-a-possible-match'),
    );
    const c = await service.recordOfficerDecision('s1', 1, 'accepted-as-lead', 'CCTV agrees', 'olly');
    assert.equal(c.officer_decision, 'accepted-as-lead');
    assert.equal(c.officer_by, 'olly');
  });

  it('R35: a revision is appended beside the original, only by the examiner of record and with a reason', async () => {
    const { service, reviews, clock } = await setup();
    await service.recordExaminerDecision('s1', 1, 'not-a-match', undefined, 'ed');
    await assert.rejects(
      service.recordExaminerDecision('s1', 1, 'possible-match', undefined, 'ed'),
      refused('reason-required'),
    );
    await assert.rejects(
      service.recordExaminerDecision('s1', 1, 'possible-match', undefined, 'eve', 'I see it differently'),
      refused('not-examiner-of-record'),
    );
    clock.advance(1000);
    await service.recordExaminerDecision('s1', 1, 'possible-match', undefined, 'ed', 'second image is clearer');
    const rows = reviews.decisions.filter((d) => d.rank === 1);
    assert.deepEqual(
      rows.map((d) => [d.revision, d.decision, d.reason, d.supersedes === null]),
      [
        [1, 'not-a-match', null, true],
        [2, 'possible-match', 'second image is clearer', false],
      ],
    );
    assert.equal(rows[1]?.supersedes, rows[0]?.id);
    const history = await service.history('s1');
    assert.equal(history.decisions.length, 2);
    assert.equal(history.names.get('ed'), 'Ed Examiner');
  });

  it('R35: once the officer has decided, the examiner decision stands', async () => {
    const { service } = await setup();
    await service.recordExaminerDecision('s1', 1, 'possible-match', undefined, 'ed');
    await service.recordOfficerDecision('s1', 1, 'rejected', undefined, 'olly');
    await assert.rejects(
      service.recordExaminerDecision('s1', 1, 'not-a-match', undefined, 'ed', 'changed my mind'),
      refused('already-reviewed'),
    );
    await assert.rejects(
      service.recordOfficerDecision('s1', 1, 'accepted-as-lead', undefined, 'otto', 'overrule'),
      refused('not-officer-of-record'),
    );
  });

  it('R35: a decision written around the service (cache only, no revision) is not overwritten', async () => {
    const { service, searches } = await setup();
    Object.assign(searches.candidates[0]!, { examiner_decision: 'not-a-match', examiner_by: 'legacy' });
    await assert.rejects(
      service.recordExaminerDecision('s1', 1, 'possible-match', undefined, 'ed'),
      refused('already-decided'),
    );
  });

  it('an unknown search or candidate is not found', async () => {
    const { service } = await setup();
    await assert.rejects(
      service.recordExaminerDecision('nope', 1, 'possible-match', undefined, 'ed'),
      refused('no-such-search'),
    );
    await assert.rejects(
      service.recordExaminerDecision('s1', 9, 'possible-match', undefined, 'ed'),
      refused('no-such-candidate'),
    );
  });
});

describe('supervisor review (R38)', () => {
  it('R38: a supervisor cannot review their own search; each review is a new row, the latest cached', async () => {
    const { service, reviews, clock } = await setup();
    await assert.rejects(service.recordSupervisorReview('s1', 'fine', 'ivy'), refused('own-search'));
    await service.recordSupervisorReview('s1', 'justification thin', 'sue');
    clock.advance(60_000);
    const s = await service.recordSupervisorReview('s1', 'now adequate', 'sue');
    assert.deepEqual(
      reviews.reviews.map((r) => [r.revision, r.note]),
      [
        [1, 'justification thin'],
        [2, 'now adequate'],
      ],
    );
    assert.equal(s.supervisor_review_note, 'now adequate');
    assert.equal(s.supervisor_review_at, '2026-03-02T10:01:00.000Z');
  });
});
