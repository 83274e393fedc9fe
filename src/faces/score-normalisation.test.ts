import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  asNorm,
  cohortExcluding,
  cohortStats,
  MIN_COHORT_STD,
  normaliseSearch,
  topScores,
  type CohortStats,
} from './score-normalisation.ts';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

test('cohortStats takes the k highest scores in any order (population std)', () => {
  const s = cohortStats([0.1, 0.9, 0.5, 0.7], 2);
  assert.ok(s);
  assert.equal(s.count, 2);
  assert.ok(Math.abs(s.mean - 0.8) < 1e-12);
  assert.ok(Math.abs(s.std - 0.1) < 1e-12);
  assert.equal(cohortStats([0.3], 5), null, 'one score is no cohort');
  assert.equal(cohortStats([0.4, 0.4, 0.4], 3)?.std, MIN_COHORT_STD, 'a flat cohort gets the std floor');
});

test('asNorm is the mean of the two z-scores', () => {
  const p: CohortStats = { mean: 0.5, std: 0.1, count: 10 };
  const c: CohortStats = { mean: 0.3, std: 0.2, count: 10 };
  assert.ok(Math.abs(asNorm(0.7, p, c) - 0.5 * (2 + 2)) < 1e-12);
});

test('cohortExcluding leaves out the named keys and still takes k', () => {
  const list = [
    { key: 1, score: 0.9 },
    { key: 2, score: 0.8 },
    { key: 3, score: 0.7 },
    { key: 4, score: 0.6 },
  ];
  const s = cohortExcluding(list, new Set([1]), 2);
  assert.ok(s && Math.abs(s.mean - 0.75) < 1e-12);
});

test('topScores keeps the n best, best first, whatever the input order', () => {
  const probe = unit(1, 0);
  const others = [0, 1, 2, 3, 4, 5].map((i) => ({ key: i, vector: unit(Math.cos(i / 3), Math.sin(i / 3)) }));
  const top = topScores(probe, [...others].reverse(), 3);
  assert.deepEqual(
    top.map((t) => t.key),
    [0, 1, 2],
  );
  assert.ok((top[0]?.score ?? 0) >= (top[1]?.score ?? 0));
  assert.equal(topScores(probe, others.slice(0, 2), 5).length, 2);
});

test('normaliseSearch: a candidate whose own cohort is low outranks a higher raw score from a crowded region', () => {
  const raw = [
    { key: 10, score: 0.8 },
    { key: 20, score: 0.78 },
    { key: 30, score: 0.5 },
    { key: 40, score: 0.45 },
    { key: 50, score: 0.4 },
  ];
  const crowded: CohortStats = { mean: 0.75, std: 0.05, count: 5 };
  const sparse: CohortStats = { mean: 0.4, std: 0.05, count: 5 };
  const out = normaliseSearch(raw, (k) => (k === 10 ? crowded : sparse), 3);
  assert.equal(out[0]?.key, 20);
  assert.equal(out[0]?.rawScore, 0.78);
  // The probe's cohort for candidate 20 excludes 20 itself: {0.8, 0.5, 0.45}.
  const mine = cohortStats([0.8, 0.5, 0.45], 3);
  assert.ok(mine && Math.abs((out[0]?.score ?? 0) - asNorm(0.78, mine, sparse)) < 1e-12);
});

test('normaliseSearch leaves out the excluded keys and candidates without a cohort', () => {
  const raw = [
    { key: 1, score: 0.9 },
    { key: 2, score: 0.6 },
    { key: 3, score: 0.5 },
    { key: 4, score: 0.4 },
  ];
  const stats: CohortStats = { mean: 0.5, std: 0.1, count: 3 };
  const out = normaliseSearch(raw, (k) => (k === 4 ? null : stats), 2, new Set([1]));
  assert.deepEqual(out.map((c) => c.key).sort(), [2, 3]);
  // Key 1 is in no cohort: candidate 2's probe cohort is {0.5, 0.4}.
  const mine = cohortStats([0.5, 0.4], 2);
  const two = out.find((c) => c.key === 2);
  assert.ok(mine && two && Math.abs(two.score - asNorm(0.6, mine, stats)) < 1e-12);
});
