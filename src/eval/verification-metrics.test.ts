import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracyByGroup,
  bestThreshold,
  crossValidatedAccuracy,
  decideMatch,
  evaluateVerification,
  tarAtFar,
} from './verification-metrics.ts';
import type { VerificationPair } from './verification-metrics.ts';

function fold(f: number, genuine: number[], impostor: (number | null)[]): VerificationPair[] {
  return [
    ...genuine.map((score) => ({ fold: f, same: true, score })),
    ...impostor.map((score) => ({ fold: f, same: false, score })),
  ];
}

test('perfectly separable scores give 100% and TAR 1', () => {
  const pairs = Array.from({ length: 10 }, (_, f) =>
    fold(
      f,
      Array.from({ length: 10 }, (_, i) => 0.6 + i / 30 + f / 1000),
      Array.from({ length: 10 }, (_, i) => i / 30 + f / 1000),
    ),
  ).flat();
  const m = evaluateVerification(pairs);
  assert.equal(m.accuracy, 100);
  assert.equal(m.accuracyStd, 0);
  assert.equal(m.tarAtFar1e2, 1);
  assert.equal(m.tarAtFar1e3, 1);
  for (const f of m.folds) assert.ok(f.threshold !== null && f.threshold > 0.31 && f.threshold <= 0.6);
  // 100 impostor pairs cannot support FAR 1e-3.
  assert.match(m.roc[1]?.warning ?? '', /impostor pairs/);
});

test('each fold is judged at the best threshold of the other folds', () => {
  const pairs = [
    ...fold(0, [0.9, 0.7], [0.3, 0.1]),
    ...fold(1, [0.8, 0.6], [0.4, 0.2]),
    ...fold(2, [0.55, 0.45], [0.5, 0.35]),
  ];
  // Folds 0 and 1 separate anywhere in (0.4, 0.6]: the midpoint is chosen.
  assert.equal(bestThreshold(pairs.filter((p) => p.fold !== 2)).threshold, 0.5);
  const cv = crossValidatedAccuracy(pairs);
  assert.equal(cv.folds[2]?.threshold, 0.5);
  // At 0.5 fold 2 gets 0.55 (genuine) and 0.35 (impostor) right, 0.45 and 0.5 wrong.
  assert.equal(cv.folds[2]?.accuracy, 50);
  // Folds 1+2 (and 0+2) are best at 7/8 both above 0.5 and above 0.45: ties go to the higher.
  assert.ok(Math.abs((cv.folds[0]?.threshold ?? 0) - 0.525) < 1e-12);
  assert.ok(Math.abs((cv.folds[1]?.threshold ?? 0) - 0.525) < 1e-12);
  assert.equal(cv.folds[0]?.accuracy, 100);
  assert.ok(Math.abs(cv.accuracy - 250 / 3) < 1e-9);
  assert.ok(Math.abs(cv.accuracyStd - Math.sqrt(5000 / 9)) < 1e-9);
});

test('failed pairs are non-matches: errors when matched, correct when mismatched', () => {
  assert.equal(decideMatch(null, 0.1), false);
  assert.equal(decideMatch(0.5, 0.5), true);
  const pairs: VerificationPair[] = [
    ...fold(0, [0.9], [0.1]),
    ...fold(1, [0.9], [0.1]),
    { fold: 1, same: true, score: null },
    { fold: 1, same: false, score: null },
  ];
  const m = evaluateVerification(pairs);
  assert.equal(m.folds[0]?.accuracy, 100);
  assert.equal(m.folds[1]?.accuracy, 75);
  assert.deepEqual(m.pairsWithFailure, { matched: 1, mismatched: 1 });
  assert.match(m.failurePolicy, /non-match/);
});

test('TAR at FAR keeps failed pairs in both denominators', () => {
  // 99 scored impostors 0.00 .. 0.98 plus one failed: 1% of 100 allows one false accept.
  const impostor: (number | null)[] = [...Array.from({ length: 99 }, (_, i) => i / 100), null];
  const pairs = [...fold(0, [0.985, 0.99, 0.5], impostor), { fold: 0, same: true, score: null }];
  const r = tarAtFar(pairs, 0.01);
  assert.equal(r.falseAccepts, 1);
  assert.equal(r.achievedFar, 0.01);
  assert.equal(r.impostorPairs, 100);
  assert.equal(r.tar, 2 / 4);
  assert.equal(bestThreshold([{ fold: 0, same: true, score: null }]).threshold, null);
});

test('accuracy by group uses each pair’s fold threshold', () => {
  const pairs: VerificationPair[] = [
    { fold: 0, same: true, score: 0.6, group: 'female-female' },
    { fold: 1, same: true, score: 0.6, group: 'female-female' },
    { fold: 0, same: false, score: 0.2, group: 'female-female' },
    { fold: 1, same: false, score: 0.45, group: 'male-male' },
    { fold: 1, same: true, score: null, group: 'male-male' },
    { fold: 0, same: true, score: 0.9 },
  ];
  const g = accuracyByGroup(
    pairs,
    new Map([
      [0, 0.5],
      [1, 0.7],
    ]),
  );
  assert.deepEqual(Object.keys(g), ['female-female', 'male-male']);
  assert.equal(g['female-female']?.correct, 2);
  assert.equal(g['female-female']?.fnmr, 0.5);
  assert.equal(g['female-female']?.fmr, 0);
  assert.equal(g['male-male']?.accuracy, 50);
  assert.equal(g['male-male']?.failedPairs, 1);
  assert.ok((g['male-male']?.accuracyCiLow ?? 100) < 50);
});
