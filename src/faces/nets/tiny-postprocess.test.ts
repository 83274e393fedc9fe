import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTiny } from './tiny-postprocess.ts';

const near = (a: number, b: number, label: string) => assert.ok(Math.abs(a - b) < 1e-6, `${label}: ${a} vs ${b}`);

test('decodeTiny places a box from one confident cell and maps it to image pixels', () => {
  const inputSize = 64; // 2x2 cells
  const anchors = [
    [1, 1],
    [2, 1],
  ] as const;
  const plane = 4;
  const grid = new Float32Array(anchors.length * 5 * plane).fill(-20); // sigmoid(-20) ~ 0
  const set = (a: number, k: number, cell: number, v: number) => (grid[(a * 5 + k) * plane + cell] = v);
  // anchor 1 in row 1, column 0: centre offsets sigmoid(0) = 0.5, sizes exp(0) * anchor
  for (const k of [0, 1, 2, 3]) set(1, k, 2, 0);
  set(1, 4, 2, 3);
  // image 100x50 pads to 100x100: one cell is 50 px both ways
  const found = decodeTiny(grid, {
    minScore: 0.5,
    maxFaces: 10,
    imageWidth: 100,
    imageHeight: 50,
    inputSize,
    anchors,
    iouThreshold: 0.4,
  });
  assert.equal(found.length, 1);
  const d = found[0]!;
  near(d.score, 1 / (1 + Math.exp(-3)), 'score');
  near(d.box.x + d.box.width / 2, 25, 'centre x');
  near(d.box.y + d.box.height / 2, 75, 'centre y');
  near(d.box.width, 100, 'width: 2 cells');
  near(d.box.height, 50, 'height: 1 cell');
});

test('decodeTiny rejects a grid of the wrong size', () => {
  const opts = { minScore: 0.5, maxFaces: 1, imageWidth: 1, imageHeight: 1, inputSize: 32, iouThreshold: 0.4 };
  assert.throws(() => decodeTiny(new Float32Array(3), { ...opts, anchors: [[1, 1]] }));
});
