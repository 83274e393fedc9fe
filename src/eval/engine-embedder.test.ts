import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centreFace } from './engine-embedder.ts';

const face = (x: number, y: number, w: number, h: number) => ({ box: { x, y, width: w, height: h } });

test('the labelled face is the largest face covering the centre, not a small one nearer it', () => {
  const subject = face(70, 60, 110, 130);
  const background = face(118, 118, 20, 20);
  assert.equal(centreFace(250, 250, [background, subject]), subject);
});

test('with no face over the centre, the nearest face is chosen; with none, nothing', () => {
  const near = face(130, 140, 40, 40);
  const far = face(0, 0, 40, 40);
  assert.equal(centreFace(250, 250, [far, near]), near);
  assert.equal(centreFace(250, 250, []), undefined);
});
