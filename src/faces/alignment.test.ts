import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignFace, chipToImageTransform, dlibAlignmentIndices, fivePointsFrom68 } from './alignment.ts';
import { applySimilarity, invertSimilarity } from './geometry.ts';
import type { FivePoints, Point } from './types.ts';

const arcface: FivePoints = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

test('dlib alignment uses points 27-67 without the lower lip', () => {
  assert.equal(dlibAlignmentIndices.length, 33);
  assert.ok(!dlibAlignmentIndices.includes(57));
  assert.ok(dlibAlignmentIndices.includes(27) && dlibAlignmentIndices.includes(64));
});

test('fivePointsFrom68 averages the eye contours and keeps nose tip and mouth corners', () => {
  const pts: Point[] = Array.from({ length: 68 }, (_, i) => ({ x: i, y: 2 * i }));
  const [le, re, nose, lm, rm] = fivePointsFrom68(pts);
  assert.deepEqual(le, { x: 38.5, y: 77 });
  assert.deepEqual(re, { x: 44.5, y: 89 });
  assert.deepEqual(nose, { x: 30, y: 60 });
  assert.deepEqual(lm, { x: 48, y: 96 });
  assert.deepEqual(rm, { x: 54, y: 108 });
  assert.throws(() => fivePointsFrom68(pts.slice(0, 5)));
});

test('arcface alignment maps the five points onto the template', () => {
  // A face at twice the template size, rotated 20 degrees, shifted.
  const angle = (20 * Math.PI) / 180;
  const t = { a: 2 * Math.cos(angle), b: 2 * Math.sin(angle), tx: 300, ty: 120 };
  const five = arcface.map((p) => applySimilarity(t, p)) as unknown as FivePoints;
  const chipToImage = chipToImageTransform({ five }, 'arcface-112');
  const imageToChip = invertSimilarity(chipToImage);
  five.forEach((p, i) => {
    const q = applySimilarity(imageToChip, p);
    assert.ok(Math.hypot(q.x - arcface[i]!.x, q.y - arcface[i]!.y) < 1e-6);
  });
});

test('dlib alignment of the mean face shape itself is the identity', () => {
  // Build 68 points from the template by running the transform backwards from a known chip.
  const chipToImage = { a: 1, b: 0, tx: 0, ty: 0 };
  const five = arcface.map((p) => applySimilarity(chipToImage, p)) as unknown as FivePoints;
  const t = chipToImageTransform({ five }, 'dlib-chip-150');
  // The dlib five-point template sits in a 150 px chip with 0.25 padding: eyes about 58 px apart.
  const eyes = [applySimilarity(invertSimilarity(t), five[0]), applySimilarity(invertSimilarity(t), five[1])];
  const iod = Math.hypot(eyes[1]!.x - eyes[0]!.x, eyes[1]!.y - eyes[0]!.y);
  assert.ok(iod > 45 && iod < 65, `eye distance in the dlib chip ${iod}`);
});

test('alignFace returns a chip of the template size', () => {
  const image = { width: 200, height: 200, data: new Uint8Array(200 * 200 * 3).fill(128) };
  const five = arcface.map((p) => ({ x: p.x + 40, y: p.y + 40 })) as unknown as FivePoints;
  const chip = alignFace(image, { five }, 'arcface-112');
  assert.equal(chip.width, 112);
  assert.equal(chip.data.length, 112 * 112 * 3);
  assert.equal(chip.data[(56 * 112 + 56) * 3], 128);
});
