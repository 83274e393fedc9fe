/**
 * Decisions are append-only (issue 12; R35, R38): the review of a search's candidates, over a
 * search written straight into the database (no face engine). Each decision is a revision row;
 * the examiner and officer of record cannot be replaced; a revision needs a reason; supervisor
 * reviews are all kept.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import type { SearchCandidateRow } from '../db/schema.ts';
import { testDatabases } from '../../test/support/db.ts';
import { DomainError } from '../shared/domain-error.ts';
import { reviewRepository } from './review.repository.ts';
import type { SearchReviewService } from './search-review.service.ts';
import { searchReviewServiceOn } from '../../test/support/retro.ts';
import { searchRepository } from './search.repository.ts';

const refusedWith = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

/** A case, a probe and a search with three candidates, written directly. */
async function seedSearch(db: Database['db']): Promise<string> {
  const at = new Date().toISOString();
  const caseId = randomUUID();
  const probeId = randomUUID();
  const searchId = randomUUID();
  await db
    .insertInto('cases')
    .values({
      id: caseId,
      reference: `C-${caseId.slice(0, 8)}`,
      offence_type: 'burglary',
      title: 'test case',
      authorisation_ref: null,
      status: 'open',
      created_by: 'inv.one',
      created_at: at,
    })
    .execute();
  await db
    .insertInto('probes')
    .values({
      id: probeId,
      case_id: caseId,
      kind: 'image',
      media_id: 'media',
      sha256: 'x',
      filename: null,
      provenance: 'cctv',
      description: null,
      width: 100,
      height: 100,
      duration_ms: null,
      uploaded_by: 'inv.one',
      created_at: at,
    })
    .execute();
  const candidate = (rank: number): SearchCandidateRow => ({
    search_id: searchId,
    rank,
    subject_id: randomUUID(),
    subject_reference: `S-${rank}`,
    image_id: randomUUID(),
    score: 0.9 - rank / 100,
    examiner_decision: null,
    examiner_by: null,
    examiner_at: null,
    examiner_note: null,
    officer_decision: null,
    officer_by: null,
    officer_at: null,
    officer_note: null,
  });
  await searchRepository.insertSearch(
    db,
    {
      id: searchId,
      case_id: caseId,
      probe_id: probeId,
      track_id: null,
      face_index: 0,
      enhancements_json: '[]',
      offence_type: 'burglary',
      justification: 'a justification long enough',
      provenance: 'cctv',
      legal_basis: 'PACE',
      model_id: 'm',
      max_candidates: 3,
      policy_min_score: null,
      threshold_in_force: 0.5,
      candidate_count: 3,
      requested_by: 'inv.one',
      created_at: at,
      supervisor_review_by: null,
      supervisor_review_at: null,
      supervisor_review_note: null,
    },
    [candidate(1), candidate(2), candidate(3)],
  );
  return searchId;
}

for (const t of testDatabases()) {
  describe(`decisions on search candidates are append-only (${t.name})`, () => {
    let database: Database;
    let reviews: SearchReviewService;
    before(async () => {
      database = await t.open();
      reviews = searchReviewServiceOn(database.db);
    });
    after(() => database.close());

    it('R35: an examiner re-post does not replace the decision: refused without a reason, kept beside it with one', async () => {
      const id = await seedSearch(database.db);
      await reviews.recordExaminerDecision(id, 1, 'not-a-match', 'different chin', 'exam.one');
      await assert.rejects(
        reviews.recordExaminerDecision(id, 1, 'possible-match', undefined, 'exam.one'),
        refusedWith('reason-required'),
      );
      const revised = await reviews.recordExaminerDecision(
        id,
        1,
        'possible-match',
        'same ear shape',
        'exam.one',
        'second look at the full-resolution image',
      );
      assert.equal(revised.examiner_decision, 'possible-match', 'the current decision is the latest revision');
      const history = await reviewRepository.decisionsOf(database.db, id, 1);
      assert.deepEqual(
        history.map((d) => [d.stage, d.revision, d.decision, d.note, d.reason, d.decided_by]),
        [
          ['examiner', 1, 'not-a-match', 'different chin', null, 'exam.one'],
          ['examiner', 2, 'possible-match', 'same ear shape', 'second look at the full-resolution image', 'exam.one'],
        ],
      );
      assert.equal(history[1]?.supersedes, history[0]?.id);
    });

    it('R35: a second examiner can neither overwrite the first nor so unlock the officer decision', async () => {
      const id = await seedSearch(database.db);
      await reviews.recordExaminerDecision(id, 1, 'possible-match', undefined, 'exam.one');
      await reviews.recordOfficerDecision(id, 1, 'accepted-as-lead', 'pursue', 'inv.two');
      // A second examiner, with or without a reason: the examiner of record cannot be replaced.
      for (const reason of [undefined, 'I disagree']) {
        await assert.rejects(
          reviews.recordExaminerDecision(id, 1, 'not-a-match', undefined, 'exam.two', reason),
          (err: unknown) =>
            err instanceof DomainError && (err.code === 'not-examiner-of-record' || err.code === 'already-reviewed'),
        );
      }
      // Before any officer decision, too: exam.one's judgement of candidate 2 stays theirs.
      await reviews.recordExaminerDecision(id, 2, 'possible-match', undefined, 'exam.one');
      await assert.rejects(
        reviews.recordExaminerDecision(id, 2, 'not-a-match', undefined, 'inv.two', 'I looked myself'),
        refusedWith('not-examiner-of-record'),
      );
      // ...so the officer who would also have been the examiner is still refused (R35).
      await assert.rejects(
        reviews.recordOfficerDecision(id, 2, 'accepted-as-lead', undefined, 'exam.one'),
        refusedWith('same-reviewer'),
      );
      const [first, second] = (await searchRepository.candidatesOf(database.db, id)).slice(0, 2);
      assert.equal(first?.examiner_by, 'exam.one');
      assert.equal(first?.officer_decision, 'accepted-as-lead');
      assert.equal(second?.examiner_by, 'exam.one');
      assert.equal(second?.examiner_decision, 'possible-match');
      const history = await reviewRepository.decisionsOf(database.db, id);
      assert.ok(history.every((d) => d.decided_by !== 'exam.two'));
    });

    it('R35: the officer cannot silently change an accepted lead; a correction is a revision with its reason', async () => {
      const id = await seedSearch(database.db);
      await reviews.recordExaminerDecision(id, 1, 'possible-match', undefined, 'exam.one');
      await reviews.recordOfficerDecision(id, 1, 'accepted-as-lead', 'pursue', 'inv.one');
      await assert.rejects(
        reviews.recordOfficerDecision(id, 1, 'rejected', undefined, 'inv.one'),
        refusedWith('reason-required'),
      );
      await assert.rejects(
        reviews.recordOfficerDecision(id, 1, 'rejected', undefined, 'inv.two', 'not our man'),
        refusedWith('not-officer-of-record'),
      );
      const corrected = await reviews.recordOfficerDecision(
        id,
        1,
        'rejected',
        'alibi',
        'inv.one',
        'alibi confirmed by custody record',
      );
      assert.equal(corrected.officer_decision, 'rejected');
      const officer = (await reviews.history(id)).decisions.filter((d) => d.stage === 'officer');
      assert.deepEqual(
        officer.map((d) => [d.revision, d.decision, d.decided_by, d.reason]),
        [
          [1, 'accepted-as-lead', 'inv.one', null],
          [2, 'rejected', 'inv.one', 'alibi confirmed by custody record'],
        ],
      );
      const audit = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', id)
        .where('action', '=', 'search.officer-decision')
        .execute();
      assert.equal(audit.length, 2, 'each revision is audited');
    });

    it('R38: a supervisor re-review keeps the earlier note; the latest is shown', async () => {
      const id = await seedSearch(database.db);
      await reviews.recordSupervisorReview(id, 'proportionate', 'super.one');
      const latest = await reviews.recordSupervisorReview(id, 'on reflection, justification thin', 'super.two');
      assert.equal(latest.supervisor_review_note, 'on reflection, justification thin');
      assert.equal(latest.supervisor_review_by, 'super.two');
      const { reviews: all } = await reviews.history(id);
      assert.deepEqual(
        all.map((r) => [r.reviewed_by, r.note]),
        [
          ['super.one', 'proportionate'],
          ['super.two', 'on reflection, justification thin'],
        ],
      );
      const caseId = (await searchRepository.findSearch(database.db, id))?.case_id;
      const stats = (await reviews.statistics('case_id', {})).find((r) => r.key === caseId);
      assert.equal(stats?.supervisorReviewed, 1, 'R38: the statistics count the search once');
    });

    it('two concurrent first examiner decisions: one is recorded, the other refused', async () => {
      const id = await seedSearch(database.db);
      const results = await Promise.allSettled([
        reviews.recordExaminerDecision(id, 3, 'possible-match', undefined, 'exam.one'),
        reviews.recordExaminerDecision(id, 3, 'not-a-match', undefined, 'exam.two'),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const history = await reviewRepository.decisionsOf(database.db, id, 3);
      assert.equal(history.length, 1);
      const [c] = (await searchRepository.candidatesOf(database.db, id)).filter((x) => x.rank === 3);
      assert.equal(c?.examiner_by, history[0]?.decided_by, 'the cache follows the record');
    });
  });
}
