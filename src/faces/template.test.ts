// R28: every template carries its model; comparing across models is an error, never a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averageTemplate, l2Normalise, makeTemplate, ModelMismatchError, similarity } from './template.ts';

test('templates are L2-normalised and similarity is their cosine', () => {
  const a = makeTemplate('m-1', Float32Array.from([3, 4]));
  const b = makeTemplate('m-1', Float32Array.from([4, 3]));
  assert.ok(Math.abs(Math.hypot(...a.vector) - 1) < 1e-6);
  assert.ok(Math.abs(similarity(a, b) - 24 / 25) < 1e-6);
  assert.ok(Math.abs(similarity(a, a) - 1) < 1e-6);
});

test('comparing templates of different models throws', () => {
  const a = makeTemplate('faceapi-resnet-aaaaaaaaaaaa', Float32Array.from([1, 0]));
  const b = makeTemplate('arcface-bbbbbbbbbbbb', Float32Array.from([1, 0]));
  assert.throws(() => similarity(a, b), ModelMismatchError);
});

test('zero and non-finite vectors are refused', () => {
  assert.throws(() => l2Normalise(new Float32Array(4)));
  assert.throws(() => l2Normalise(Float32Array.from([NaN, 1])));
});

test('averageTemplate is the normalised mean of the unit vectors of each view', () => {
  const t = averageTemplate('m-1', [Float32Array.from([10, 0]), Float32Array.from([0, 1])]);
  assert.ok(Math.abs(t.vector[0]! - Math.SQRT1_2) < 1e-6 && Math.abs(t.vector[1]! - Math.SQRT1_2) < 1e-6);
  assert.equal(t.modelId, 'm-1');
  assert.throws(() => averageTemplate('m-1', []));
});
