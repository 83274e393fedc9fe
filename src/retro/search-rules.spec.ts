// Unit tier: the pure rules of a search: what it must state (R31), the authorisation deadline
// (R32 [EU]) and the ranked candidate list (R34).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../shared/domain-error.ts';
import { checkAuthorisationDue, checkSearchTerms, MIN_JUSTIFICATION, rankCandidates } from './search-rules.ts';

const refused = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;
const policy = { defaultCandidates: 10, maxCandidates: 50, minScore: 0.3 };
const justification = 'CCTV of the robbery at the High Street store on 1 March';

describe('search terms (R31)', () => {
  it(`R31: refuses a justification under ${MIN_JUSTIFICATION} characters, counting no surrounding spaces`, () => {
    const short = ` ${'x'.repeat(MIN_JUSTIFICATION - 1)}    `;
    assert.throws(
      () => checkSearchTerms({ justification: short, legalBasis: 'PACE' }, policy),
      refused('justification-required'),
    );
    const exact = 'x'.repeat(MIN_JUSTIFICATION);
    assert.equal(checkSearchTerms({ justification: exact, legalBasis: 'PACE' }, policy).n, 10);
  });

  it('R31: refuses a search without its legal basis', () => {
    assert.throws(
      () => checkSearchTerms({ justification, legalBasis: '   ' }, policy),
      refused('legal-basis-required'),
    );
  });

  it('R34: the candidate count is from 1 to the policy maximum, default the policy default', () => {
    for (const maxCandidates of [0, 51, 2.5])
      assert.throws(
        () => checkSearchTerms({ justification, legalBasis: 'PACE', maxCandidates }, policy),
        refused('bad-candidate-count'),
      );
    assert.equal(checkSearchTerms({ justification, legalBasis: 'PACE', maxCandidates: 50 }, policy).n, 50);
  });

  it('R34: a request may raise the policy minimum score but not lower it; no policy minimum is -1', () => {
    const terms = { justification, legalBasis: 'PACE' };
    assert.equal(checkSearchTerms({ ...terms, minScore: 0.1 }, policy).minScore, 0.3);
    assert.equal(checkSearchTerms({ ...terms, minScore: 0.5 }, policy).minScore, 0.5);
    assert.equal(checkSearchTerms(terms, { defaultCandidates: 5, maxCandidates: 5 }).minScore, -1);
  });
});

describe('authorisation deadline (R32 [EU])', () => {
  const first = '2026-03-01T09:00:00.000Z';
  const at = (iso: string) => new Date(iso);

  it('R32: without a reference, searching stops once the hours after the first search have passed', () => {
    checkAuthorisationDue(first, null, 48, at('2026-03-03T09:00:00.000Z'));
    assert.throws(
      () => checkAuthorisationDue(first, null, 48, at('2026-03-03T09:00:00.001Z')),
      refused('authorisation-overdue'),
    );
  });

  it('R32: no deadline with a reference, before the first search, or when the rule is off', () => {
    const late = at('2026-04-01T00:00:00.000Z');
    checkAuthorisationDue(first, 'AUTH-1', 48, late);
    checkAuthorisationDue(undefined, null, 48, late);
    checkAuthorisationDue(first, null, 0, late);
  });
});

describe('candidate list (R34)', () => {
  const owner = (subjectId: string, imageId: string) => ({
    subjectId,
    imageId,
    reference: `R-${subjectId}`,
    displayName: subjectId,
  });
  const owners = new Map([
    [1, owner('a', 'a1')],
    [2, owner('a', 'a2')],
    [3, owner('b', 'b1')],
    [5, owner('c', 'c1')],
  ]);
  const hits = [
    { key: 1, score: 0.9 },
    { key: 2, score: 0.8 },
    { key: 4, score: 0.7 },
    { key: 3, score: 0.6 },
    { key: 5, score: 0.2 },
  ];

  it('R34: one entry per subject (its best image), ranked, at or above the minimum; deleted keys dropped', () => {
    const c = rankCandidates(hits, owners, { searchId: 's', n: 10, minScore: 0.3 });
    assert.deepEqual(
      c.map((x) => [x.rank, x.subject_id, x.image_id, x.score]),
      [
        [1, 'a', 'a1', 0.9],
        [2, 'b', 'b1', 0.6],
      ],
    );
    assert.ok(c.every((x) => x.examiner_decision === null && x.officer_decision === null));
  });

  it('R34: at most n candidates', () => {
    assert.equal(rankCandidates(hits, owners, { searchId: 's', n: 1, minScore: -1 }).length, 1);
    assert.equal(rankCandidates(hits, owners, { searchId: 's', n: 10, minScore: -1 }).length, 3);
  });
});
