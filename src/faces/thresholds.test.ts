// R14: the threshold comes from calibration per model; a configured one may be stricter, not looser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadCalibrations,
  resolveThreshold,
  saveCalibration,
  ThresholdError,
  type ModelCalibration,
} from './thresholds.ts';

const cal: ModelCalibration = {
  measuredAt: '2026-11-22T00:00:00Z',
  dataset: 'test',
  command: 'vigil eval calibrate',
  impostorPairs: 100000,
  genuinePairs: 3000,
  thresholds: { '1e-2': 0.8, '1e-3': 0.85, '1e-4': 0.9 },
};

test('calibrations round-trip through the file', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-cal-')), 'calibration.json');
  assert.deepEqual(loadCalibrations(path), { models: {} });
  saveCalibration('m-1', cal, path);
  assert.deepEqual(loadCalibrations(path).models['m-1'], cal);
});

test('the default threshold is the calibrated one at the operating FMR', () => {
  const t = resolveThreshold('m-1', { models: { 'm-1': cal } }, '1e-3');
  assert.equal(t.threshold, 0.85);
  assert.equal(t.source, 'calibrated');
});

test('a stricter configured threshold is used; a looser one is refused', () => {
  const calibrations = { models: { 'm-1': cal } };
  assert.equal(resolveThreshold('m-1', calibrations, '1e-3', 0.88).threshold, 0.88);
  assert.throws(() => resolveThreshold('m-1', calibrations, '1e-3', 0.7), ThresholdError);
});

test('a model with no calibration has no threshold', () => {
  assert.throws(() => resolveThreshold('other', { models: { 'm-1': cal } }, '1e-3'), /no calibrated threshold/);
});
