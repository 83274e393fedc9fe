import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iou, nonMaxSuppression } from './nms.ts';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

test('iou of identical, disjoint, touching and overlapping boxes', () => {
  assert.equal(iou(box(0, 0, 10, 10), box(0, 0, 10, 10)), 1);
  assert.equal(iou(box(0, 0, 10, 10), box(20, 20, 5, 5)), 0);
  assert.equal(iou(box(0, 0, 10, 10), box(10, 0, 10, 10)), 0);
  // 5x10 overlap: 50 / (100 + 100 - 50)
  assert.equal(iou(box(0, 0, 10, 10), box(5, 0, 10, 10)), 50 / 150);
  // containment: 25 / 100
  assert.equal(iou(box(0, 0, 10, 10), box(2, 2, 5, 5)), 0.25);
  assert.equal(iou(box(2, 2, 5, 5), box(0, 0, 10, 10)), 0.25);
});

test('iou is zero for empty or negative boxes', () => {
  assert.equal(iou(box(0, 0, 0, 10), box(0, 0, 10, 10)), 0);
  assert.equal(iou(box(0, 0, -5, 10), box(-5, 0, 10, 10)), 0);
});

test('nms keeps the best of overlapping boxes and separate boxes', () => {
  const boxes = [box(0, 0, 10, 10), box(1, 1, 10, 10), box(50, 50, 10, 10), box(51, 50, 10, 10)];
  const scores = [0.8, 0.9, 0.5, 0.7];
  assert.deepEqual(nonMaxSuppression(boxes, scores, { iouThreshold: 0.5 }), [1, 3]);
});

test('nms respects the IoU threshold as "suppress when above"', () => {
  const boxes = [box(0, 0, 10, 10), box(5, 0, 10, 10)]; // IoU 1/3
  assert.deepEqual(nonMaxSuppression(boxes, [0.9, 0.8], { iouThreshold: 0.4 }), [0, 1]);
  assert.deepEqual(nonMaxSuppression(boxes, [0.9, 0.8], { iouThreshold: 0.3 }), [0]);
  assert.deepEqual(nonMaxSuppression(boxes, [0.9, 0.8], { iouThreshold: 1 / 3 }), [0, 1]);
});

test('nms applies minScore and maxOutput and orders by score', () => {
  const boxes = [box(0, 0, 1, 1), box(10, 0, 1, 1), box(20, 0, 1, 1), box(30, 0, 1, 1)];
  const scores = Float32Array.from([0.2, 0.9, 0.6, 0.7]);
  assert.deepEqual(nonMaxSuppression(boxes, scores, { iouThreshold: 0.5, minScore: 0.5 }), [1, 3, 2]);
  assert.deepEqual(nonMaxSuppression(boxes, scores, { iouThreshold: 0.5, maxOutput: 2 }), [1, 3]);
  assert.deepEqual(nonMaxSuppression([], [], { iouThreshold: 0.5 }), []);
});

test('nms rejects mismatched inputs', () => {
  assert.throws(() => nonMaxSuppression([box(0, 0, 1, 1)], [], { iouThreshold: 0.5 }));
});
