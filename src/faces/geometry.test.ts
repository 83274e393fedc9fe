import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applySimilarity,
  fitSimilarity,
  invertSimilarity,
  mirrorImage,
  warpToChip,
  type Similarity,
} from './geometry.ts';
import type { Point, RgbImage } from './types.ts';

const close = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('fitSimilarity recovers a known rotation, scale and shift exactly', () => {
  const t: Similarity = { a: 1.5 * Math.cos(0.3), b: 1.5 * Math.sin(0.3), tx: 12, ty: -7 };
  const from: Point[] = [
    { x: 0, y: 0 },
    { x: 10, y: 2 },
    { x: 3, y: 9 },
    { x: -4, y: 5 },
  ];
  const to = from.map((p) => applySimilarity(t, p));
  const fit = fitSimilarity(from, to);
  close(fit.a, t.a);
  close(fit.b, t.b);
  close(fit.tx, t.tx);
  close(fit.ty, t.ty);
});

test('fitSimilarity is least squares: noise in one point moves the fit only a little', () => {
  const from: Point[] = Array.from({ length: 20 }, (_, i) => ({ x: Math.cos(i), y: Math.sin(i * 1.7) * 3 }));
  const to = from.map((p, i) => ({ x: p.x * 2 + (i === 0 ? 0.5 : 0), y: p.y * 2 }));
  const fit = fitSimilarity(from, to);
  close(fit.a, 2, 0.05);
  close(fit.b, 0, 0.05);
});

test('fitSimilarity refuses degenerate input', () => {
  assert.throws(() => fitSimilarity([{ x: 1, y: 1 }], [{ x: 1, y: 1 }]));
  assert.throws(() =>
    fitSimilarity(
      [
        { x: 1, y: 1 },
        { x: 1, y: 1 },
      ],
      [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
    ),
  );
});

test('invertSimilarity undoes the transform', () => {
  const t: Similarity = { a: 0.8, b: -0.4, tx: 3, ty: 9 };
  const p = { x: 5, y: -2 };
  const back = applySimilarity(invertSimilarity(t), applySimilarity(t, p));
  close(back.x, p.x);
  close(back.y, p.y);
});

function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = x;
      data[o + 1] = y;
      data[o + 2] = 100;
    }
  return { width, height, data };
}

test('warpToChip samples the image where the transform says', () => {
  const img = gradient(200, 200);
  const chip = warpToChip(img, { a: 1, b: 0, tx: 40, ty: 70 }, 10);
  // chip pixel (3, 5) shows image pixel (43, 75): red = x, green = y.
  const o = (5 * 10 + 3) * 3;
  assert.equal(chip.data[o], 43);
  assert.equal(chip.data[o + 1], 75);
  assert.equal(chip.data[o + 2], 100);
});

test('warpToChip rotates: a 90 degree turn swaps the axes', () => {
  const img = gradient(100, 100);
  const chip = warpToChip(img, { a: 0, b: 1, tx: 50, ty: 10 }, 20);
  // (x, y) -> (-y + 50, x + 10)
  const o = (4 * 20 + 7) * 3;
  assert.equal(chip.data[o], 46);
  assert.equal(chip.data[o + 1], 17);
});

test('warpToChip fills outside the image with black and averages when shrinking', () => {
  const img = gradient(50, 50);
  const outside = warpToChip(img, { a: 1, b: 0, tx: 1000, ty: 1000 }, 4);
  assert.ok(outside.data.every((v) => v === 0));
  const shrunk = warpToChip(img, { a: 4, b: 0, tx: 0, ty: 0 }, 10);
  const o = (2 * 10 + 2) * 3;
  assert.ok(Math.abs(shrunk.data[o]! - 8) <= 1, `red ${shrunk.data[o]}`);
});

test('mirrorImage flips left and right and is its own inverse', () => {
  const img = gradient(7, 3);
  const m = mirrorImage(img);
  assert.equal(m.data[0], 6, 'the first pixel shows the last column');
  assert.equal(m.data[(2 * 7 + 6) * 3 + 1], 2, 'rows stay in place');
  assert.deepEqual(mirrorImage(m).data, img.data);
});
