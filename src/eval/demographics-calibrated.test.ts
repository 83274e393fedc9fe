import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibratedPairScores, cohortHalf } from './demographics-calibrated.ts';

test('cohortHalf splits by file name alone, about half each way, the same every time', () => {
  const names = Array.from({ length: 400 }, (_, i) => `${i}_0_0_2017.jpg.chip.jpg`);
  const halves = names.map(cohortHalf);
  assert.deepEqual(halves, names.map(cohortHalf));
  const calibration = halves.filter((h) => h === 'calibration').length;
  assert.ok(calibration > 150 && calibration < 250, `${calibration} of 400`);
});

test('calibratedPairScores: cosine less the mean of the two offsets, pairs i < j in row order', () => {
  const v = [Float32Array.of(1, 0), Float32Array.of(0.6, 0.8), Float32Array.of(0, 1)];
  const s = calibratedPairScores(v, [0.1, 0.3, 0]);
  assert.equal(s.length, 3);
  assert.ok(Math.abs((s[0] ?? 0) - (0.6 - 0.2)) < 1e-6);
  assert.ok(Math.abs((s[1] ?? 0) - (0 - 0.05)) < 1e-6);
  assert.ok(Math.abs((s[2] ?? 0) - (0.8 - 0.15)) < 1e-6);
  assert.throws(() => calibratedPairScores(v, [0]), RangeError);
});
