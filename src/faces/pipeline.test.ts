/**
 * The pipeline with a five-point landmarker (MediaPipe FaceMesh kind) and enrolment test-time
 * augmentation (issue 17): probes embed the chip and its mirror; enrolment with `enrolJitters`
 * adds that many perturbed chips, each with its mirror.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chipToImageTransform, jitteredTransforms, fivePointsFrom68, type FaceLandmarks } from './alignment.ts';
import { applySimilarity } from './geometry.ts';
import { describeFaces, type FaceNets } from './pipeline.ts';
import { defaultQualityGates } from './quality.ts';
import type { FivePoints, Point, RgbImage } from './types.ts';

const image: RgbImage = {
  width: 200,
  height: 200,
  data: Uint8Array.from({ length: 200 * 200 * 3 }, (_, i) => (i * 37) % 251),
};
const five: FivePoints = [
  { x: 80, y: 90 },
  { x: 120, y: 90 },
  { x: 100, y: 112 },
  { x: 84, y: 132 },
  { x: 116, y: 132 },
];

function nets(enrolJitters?: number): { nets: FaceNets; batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    nets: {
      detector: { modelId: 'd', detect: async () => [] },
      landmarker: { modelId: 'five', fivePoints: async () => ({ five }) },
      recognizer: {
        modelId: 'r',
        alignment: 'dlib-chip-150',
        chipSize: 150,
        dimensions: 4,
        embed: async (chips) => {
          batches.push(chips.length);
          return chips.map((c) => Float32Array.from([c.data[0]! + 1, c.data[100]! + 1, c.data[5000]! + 1, 1]));
        },
      },
      ...(enrolJitters ? { enrolJitters } : {}),
    },
  };
}

const faces = [{ box: { x: 60, y: 60, width: 80, height: 90 }, score: 0.9 }];

test('a five-point landmarker feeds the pipeline its points, with no 68 points reported', async () => {
  const { nets: n, batches } = nets();
  const [f] = await describeFaces(n, image, faces, defaultQualityGates, 'all');
  assert.deepEqual(f!.five, five);
  assert.equal(f!.points68, undefined);
  assert.ok(f!.template);
  assert.deepEqual(batches, [2], 'the chip and its mirror');
});

test('enrolment averages jittered chips when the pack asks; probes stay chip + mirror', async () => {
  const { nets: n, batches } = nets(4);
  const [probe] = await describeFaces(n, image, faces, defaultQualityGates, 'all', 'probe');
  const [enrol] = await describeFaces(n, image, faces, defaultQualityGates, 'all', 'enrol');
  assert.deepEqual(batches, [2, 10], 'probe: 1 chip x 2; enrolment: 5 chips x 2');
  assert.notDeepEqual([...enrol!.template!.vector], [...probe!.template!.vector]);
});

test('jittered transforms: none gives the chip itself; shifts move the chip by 2 px of 150', () => {
  const base = chipToImageTransform({ five }, 'dlib-chip-150');
  assert.deepEqual(jitteredTransforms(base, 'dlib-chip-150', 0), [base]);
  const [, right, left] = jitteredTransforms(base, 'dlib-chip-150', 2);
  const at = (t: typeof base, p: Point) => applySimilarity(t, p);
  const centre = { x: 74.5, y: 74.5 };
  const shift = (t: typeof base) => {
    const p = at(t, centre);
    const q = at(base, centre);
    return Math.hypot(p.x - q.x, p.y - q.y);
  };
  const pixel = Math.hypot(base.a, base.b);
  assert.ok(Math.abs(shift(right!) - 2 * pixel) < 1e-9 && Math.abs(shift(left!) - 2 * pixel) < 1e-9);
  assert.throws(() => jitteredTransforms(base, 'dlib-chip-150', 9));
});

test('iBUG stand-ins align as the same points given as 68 would', () => {
  const pts68: Point[] = Array.from({ length: 68 }, (_, i) => ({ x: 50 + (i % 9) * 11 + i * 0.3, y: 40 + i * 1.7 }));
  const ibug = new Map(Array.from({ length: 41 }, (_, k) => [27 + k, pts68[27 + k]!] as const));
  const from68: FaceLandmarks = { five: fivePointsFrom68(pts68), points68: pts68 };
  const fromIbug: FaceLandmarks = { five: fivePointsFrom68(pts68), ibug };
  const a = chipToImageTransform(from68, 'dlib-chip-150');
  const b = chipToImageTransform(fromIbug, 'dlib-chip-150');
  for (const k of ['a', 'b', 'tx', 'ty'] as const) assert.ok(Math.abs(a[k] - b[k]) < 1e-9, k);
});
