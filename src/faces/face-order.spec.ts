// Issue 17, item 6: the face a caller gets first is the best real face.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderFaces } from './face-order.ts';

const face = (score: number, size: number) => ({ score, box: { x: 0, y: 0, width: size, height: size } });

test('a large low-score box never comes ahead of a confident face', () => {
  const falseBox = face(0.205, 300);
  const realFace = face(0.946, 120);
  assert.deepEqual(orderFaces([falseBox, realFace]), [realFace, falseBox]);
});

test('among confident faces, and among unsure ones, the larger comes first', () => {
  const small = face(0.99, 60);
  const large = face(0.7, 200);
  const unsureSmall = face(0.3, 50);
  const unsureLarge = face(0.25, 400);
  assert.deepEqual(orderFaces([unsureSmall, small, unsureLarge, large]), [large, small, unsureLarge, unsureSmall]);
});

test('equal sizes: the higher score first; the input is not changed', () => {
  const a = face(0.8, 100);
  const b = face(0.9, 100);
  const input = [a, b];
  assert.deepEqual(orderFaces(input), [b, a]);
  assert.deepEqual(input, [a, b]);
});
