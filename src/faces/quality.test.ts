// R15: quality gates on every face, with a reason code for each failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyGates,
  defaultQualityGates,
  estimatePose,
  laplacianVariance,
  meanLuma,
  measureQuality,
} from './quality.ts';
import type { FivePoints, RgbImage } from './types.ts';

const frontal: FivePoints = [
  { x: 38.29, y: 51.7 },
  { x: 73.53, y: 51.5 },
  { x: 56.03, y: 71.74 },
  { x: 41.55, y: 92.37 },
  { x: 70.73, y: 92.2 },
];

function flat(value: number, size = 64): RgbImage {
  return { width: size, height: size, data: new Uint8Array(size * size * 3).fill(value) };
}

function checker(size = 64): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) data.fill((x + y) % 2 ? 200 : 50, (y * size + x) * 3, (y * size + x) * 3 + 3);
  return { width: size, height: size, data };
}

test('a frontal face has near-zero yaw and pitch and its eye distance', () => {
  const p = estimatePose(frontal);
  assert.ok(Math.abs(p.yawDeg) < 3, `yaw ${p.yawDeg}`);
  assert.ok(Math.abs(p.pitchDeg) < 5, `pitch ${p.pitchDeg}`);
  assert.ok(Math.abs(p.interOcularPx - 35.24) < 0.1);
});

test('a nose moved sideways reads as yaw, with the sign of the side', () => {
  const turned: FivePoints = [frontal[0], frontal[1], { x: 70, y: 71.7 }, frontal[3], frontal[4]];
  const p = estimatePose(turned);
  assert.ok(p.yawDeg > 40, `yaw ${p.yawDeg}`);
  const other: FivePoints = [frontal[0], frontal[1], { x: 42, y: 71.7 }, frontal[3], frontal[4]];
  assert.ok(estimatePose(other).yawDeg < -40);
});

test('pose does not change when the whole face is rotated in the image plane', () => {
  const c = Math.cos(0.5),
    s = Math.sin(0.5);
  const rolled = frontal.map((p) => ({ x: p.x * c - p.y * s, y: p.x * s + p.y * c })) as unknown as FivePoints;
  const a = estimatePose(frontal),
    b = estimatePose(rolled);
  assert.ok(Math.abs(a.yawDeg - b.yawDeg) < 1e-6 && Math.abs(a.pitchDeg - b.pitchDeg) < 1e-6);
});

test('blur: a flat chip has no detail, a checkerboard a lot', () => {
  assert.equal(laplacianVariance(flat(100)), 0);
  assert.ok(laplacianVariance(checker()) > 1000);
});

test('brightness is the mean luma', () => {
  assert.ok(Math.abs(meanLuma(flat(77)) - 77) < 1e-3);
});

test('each failing gate gives its reason code', () => {
  const good = { interOcularPx: 60, yawDeg: 5, pitchDeg: 0, sharpness: 300, brightness: 120 };
  assert.deepEqual(applyGates(good, defaultQualityGates).reasons, []);
  assert.equal(applyGates(good, defaultQualityGates).passed, true);
  const bad = { interOcularPx: 10, yawDeg: -60, pitchDeg: 50, sharpness: 1, brightness: 10 };
  assert.deepEqual(applyGates(bad, defaultQualityGates).reasons, ['too-small', 'yaw', 'pitch', 'blurred', 'too-dark']);
  assert.deepEqual(applyGates({ ...good, brightness: 250 }, defaultQualityGates).reasons, ['too-bright']);
});

test('measureQuality combines pose from points with blur and light from the chip', () => {
  const m = measureQuality(frontal, checker());
  assert.ok(m.sharpness > 1000 && m.brightness > 100 && m.interOcularPx > 30);
});
