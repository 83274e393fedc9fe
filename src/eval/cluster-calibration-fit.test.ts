import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../faces/kmeans.ts';
import { clusterCalibratedScore, scoreCalibrationFor, templateOffset } from '../faces/score-calibration.ts';
import { fitClusterCalibration } from './cluster-calibration-fit.ts';

/** Unit vectors around `centre`; a smaller spread gives higher impostor scores (faces that look alike). */
function group(centre: number[], n: number, spread: number, random: () => number): Float32Array[] {
  return Array.from({ length: n }, () => {
    const v = centre.map((x) => x + spread * (random() - 0.5));
    const len = Math.hypot(...v);
    return Float32Array.from(v.map((x) => x / len));
  });
}

test('R27: a tight cluster gets the larger offset, and calibration brings the two groups’ tails together', () => {
  const random = seededRandom(11);
  const d = 6;
  const a = group([1, 0, 0, 0, 0, 0], 80, 0.6, random);
  const b = group([0, 0, 0, 1, 0, 0], 80, 1.6, random);
  const vectors = [...a, ...b];
  const fit = fitClusterCalibration({
    vectors,
    identities: vectors.map(() => null),
    clusters: 2,
    tail: 'pairs',
    priorPairs: 0,
    fitFmr: 0.05,
  });
  assert.equal(fit.calibration.centroids.length, 2);
  assert.equal(fit.calibration.centroids[0]?.length, d);
  const cal = scoreCalibrationFor(
    {
      models: {
        m: {
          measuredAt: 't',
          command: 'c',
          pipeline: { pack: 'p', detector: 'd', landmarker: null },
          fittedOn: 'test',
          cluster: fit.calibration,
          thresholds: { '1e-2': 0, '1e-3': 0, '1e-4': 0 },
          mirror: null,
          search: null,
        },
      },
    },
    'm',
  );
  const offA = templateOffset(cal, a[0] ?? new Float32Array(d));
  const offB = templateOffset(cal, b[0] ?? new Float32Array(d));
  assert.ok(offA > offB, `tight group offset ${offA} > loose ${offB}`);
  // The score each group's top 5% of within-group pairs reach, before and after calibration.
  const tail = (g: Float32Array[], off: number, calibrated: boolean) => {
    const s: number[] = [];
    for (let i = 0; i < g.length; i++)
      for (let j = i + 1; j < g.length; j++) {
        let x = 0;
        for (let k = 0; k < d; k++) x += (g[i]?.[k] ?? 0) * (g[j]?.[k] ?? 0);
        s.push(calibrated ? clusterCalibratedScore(x, off, off) : x);
      }
    s.sort((p, q) => q - p);
    return s[Math.floor(0.05 * s.length)] ?? 0;
  };
  const before = Math.abs(tail(a, offA, false) - tail(b, offB, false));
  const after = Math.abs(tail(a, offA, true) - tail(b, offB, true));
  assert.ok(after < before / 4, `tails ${before.toFixed(3)} apart before, ${after.toFixed(3)} after`);
});

test('same-identity pairs are not impostor pairs', () => {
  const v = [Float32Array.of(1, 0), Float32Array.of(1, 0), Float32Array.of(0.8, 0.6)];
  const fit = fitClusterCalibration({ vectors: v, identities: ['x', 'x', 'y'], clusters: 1, tail: 'pairs' });
  assert.equal(fit.summary[0]?.impostorPairs, 2);
});
