import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateThresholds, fmrKey } from './calibrate.ts';
import { nextUp } from './stats.ts';

test('calibration picks the threshold, TAR and support for each target', () => {
  // 10,000 impostors 0.0000 .. 0.9999 (step 1e-4); genuine scores 0.90 .. 0.999 and one failure.
  const impostorScores = Array.from({ length: 10000 }, (_, i) => i / 10000);
  const genuineScores = Array.from({ length: 100 }, (_, i) => 0.9 + i / 1000);
  const r = calibrateThresholds({ impostorScores, genuineScores, genuineFailures: 1 });
  assert.deepEqual(Object.keys(r.thresholds), ['1e-2', '1e-3', '1e-4']);
  const [p2, p3, p4] = r.points;
  assert.ok(p2 && p3 && p4);
  assert.equal(p2.threshold, nextUp(9899 / 10000));
  assert.equal(p2.falseMatches, 100);
  assert.equal(p2.achievedFmr, 0.01);
  assert.equal(p3.falseMatches, 10);
  assert.equal(p4.falseMatches, 1);
  assert.equal(p4.threshold, nextUp(9998 / 10000));
  // TAR over 101 genuine pairs: scores above 0.9899 are 0.990 .. 0.999 = 10.
  assert.equal(p2.tar, 10 / 101);
  assert.equal(p2.supported, true);
  assert.equal(p3.supported, true);
  assert.equal(p4.supported, false);
  assert.match(p4.warning ?? '', /100000/);
  assert.equal(r.genuinePairs, 101);
});

test('calibration without impostors gives null thresholds', () => {
  const r = calibrateThresholds({ impostorScores: [], genuineScores: [0.9] });
  assert.equal(r.thresholds['1e-3'], null);
  assert.equal(r.points[0]?.tar, null);
});

test('fmrKey', () => {
  assert.equal(fmrKey(1e-2), '1e-2');
  assert.equal(fmrKey(0.0001), '1e-4');
  assert.equal(fmrKey(2.5e-3), '2.5e-3');
});
