import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  loadScoreCalibrations,
  saveScoreCalibration,
  scoreCalibrationFor,
  scoreInForce,
  templateOffset,
  thresholdsFor,
  type ModelScoreCalibration,
} from './score-calibration.ts';

const stored: ModelScoreCalibration = {
  measuredAt: '2026-01-01T00:00:00Z',
  command: 'vigil eval calibrate --write',
  pipeline: { pack: 'default', detector: 'ssd', landmarker: 'lm' },
  fittedOn: 'test',
  cluster: {
    method: 'cluster-offset',
    clusters: 2,
    seed: 1,
    fitFmr: 0.01,
    priorPairs: 0,
    centroids: [
      [1, 0],
      [0, 1],
    ],
    offsets: [0.04, -0.02],
  },
  thresholds: { '1e-2': 0.9, '1e-3': 0.92, '1e-4': 0.94 },
  mirror: null,
  search: { method: 'as-norm', cohortSize: 100, thresholds: { '1e-2': 0.1, '1e-3': 0.14 }, measuredOn: 'LFW' },
};

test('scoreInForce: raw, less the mean cluster offset, then AS-norm when cohorts are given', () => {
  const cal = scoreCalibrationFor({ models: { m: stored } }, 'm');
  const p = templateOffset(cal, Float32Array.of(0.9, 0.1));
  const c = templateOffset(cal, Float32Array.of(0.1, 0.9));
  assert.deepEqual([p, c], [0.04, -0.02]);
  const verify = scoreInForce({ raw: 0.95, probeOffset: p, candidateOffset: c });
  assert.equal(verify.stage, 'cluster-calibrated');
  assert.ok(Math.abs(verify.score - 0.94) < 1e-12);
  assert.equal(thresholdsFor(cal, verify.stage)?.['1e-3'], 0.92);
  const cohort = { mean: 0.8, std: 0.05, count: 100 };
  const search = scoreInForce({
    raw: 0.95,
    probeOffset: p,
    candidateOffset: c,
    cohorts: { probe: cohort, candidate: cohort },
  });
  assert.equal(search.stage, 'cohort-normalised');
  assert.ok(Math.abs(search.score - (0.95 - 0.8) / 0.05) < 1e-9, 'cohort normalisation is of the raw score');
  assert.equal(thresholdsFor(cal, 'cohort-normalised')?.['1e-2'], 0.1);
  assert.equal(templateOffset(null, Float32Array.of(1, 0)), 0, 'no calibration, no offset');
  assert.equal(scoreCalibrationFor({ models: {} }, 'm'), null);
});

test('the calibration file round-trips, and a patch keeps what it does not replace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'score-cal-'));
  try {
    const path = join(dir, 'score-calibration.json');
    assert.deepEqual(loadScoreCalibrations(path), { models: {} });
    saveScoreCalibration('m', stored, path);
    saveScoreCalibration('m', (old) => ({ ...(old ?? stored), search: null }), path);
    const back = loadScoreCalibrations(path).models['m'];
    assert.deepEqual(back, { ...stored, search: null });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
