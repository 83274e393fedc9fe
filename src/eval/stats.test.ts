import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countAtOrAbove, nextUp, populationStd, sortedAscending, thresholdAtFmr, wilsonInterval } from './stats.ts';
import { expectedFalseAlerts, watchlistFalseAlertProbability } from './watchlist.ts';

function close(actual: number | undefined, expected: number, tol = 5e-5): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tol, `${actual} is not ~${expected}`);
}

test('Wilson interval matches Newcombe (1998) worked examples', () => {
  const cases: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [x, n, lo, hi] of cases) {
    const ci = wilsonInterval(x, n);
    close(ci?.low, lo);
    close(ci?.high, hi);
  }
  assert.deepEqual(wilsonInterval(10, 10)?.high, 1);
  assert.equal(wilsonInterval(0, 0), null);
  assert.throws(() => wilsonInterval(3, 2));
});

test('population std and nextUp', () => {
  close(populationStd([2, 4, 4, 4, 5, 5, 7, 9]), 2, 1e-12);
  assert.ok(nextUp(0.5) > 0.5 && (0.5 + nextUp(0.5)) / 2 === 0.5);
  assert.ok(nextUp(-0.5) > -0.5 && nextUp(-0.5) < -0.4999999);
  assert.equal(nextUp(0), Number.MIN_VALUE);
});

test('thresholdAtFmr picks the smallest threshold with FMR <= target', () => {
  // 100 impostor scores 0.00 .. 0.99; 1% allows one false match: just above 0.98.
  const scores = sortedAscending(Array.from({ length: 100 }, (_, i) => i / 100));
  const r = thresholdAtFmr(scores, 0.01);
  assert.ok(r);
  assert.equal(r.threshold, nextUp(0.98));
  assert.equal(r.falseMatches, 1);
  assert.equal(r.achievedFmr, 0.01);
  // 29% allows 29 false matches (guards float flooring of 0.29 * 100).
  assert.equal(thresholdAtFmr(scores, 0.29)?.falseMatches, 29);
  // Ties at the pivot: fewer matches than allowed rather than more.
  const tied = sortedAscending([0.1, 0.2, 0.9, 0.9, 0.9]);
  assert.equal(thresholdAtFmr(tied, 0.4)?.falseMatches, 0);
  assert.equal(countAtOrAbove(tied, 0.9), 3);
  assert.equal(thresholdAtFmr(new Float64Array(0), 0.1), null);
  // A larger denominator (failed pairs never match) allows more false matches among the scores.
  assert.equal(thresholdAtFmr(sortedAscending([0.5, 0.6]), 0.5, 4)?.falseMatches, 2);
});

test('watchlist scaling is 1 - (1 - FMR)^N', () => {
  close(watchlistFalseAlertProbability(1e-3, 1000), 1 - Math.pow(1 - 1e-3, 1000), 1e-12);
  close(expectedFalseAlerts(1e-4, 1000), 1000 * (1 - Math.pow(1 - 1e-4, 1000)), 1e-9);
  assert.equal(watchlistFalseAlertProbability(0, 5000), 0);
  assert.equal(watchlistFalseAlertProbability(1, 3), 1);
  close(watchlistFalseAlertProbability(1e-12, 10), 1e-11, 1e-20);
  assert.throws(() => watchlistFalseAlertProbability(-0.1, 10));
});
