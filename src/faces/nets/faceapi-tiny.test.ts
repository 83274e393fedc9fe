import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaceDetector } from '../types.ts';
import { createFaceApiTinyDetector } from './faceapi-tiny.ts';
import {
  assertAgreesWithFaceApi,
  bbt,
  compareDetections,
  loadRgb,
  printSpeed,
  resizeRgb,
  tfjsDetector,
} from '../../../test/support/detectors.ts';

test('Tiny Face Detector on ONNX matches face-api on tfjs', async () => {
  await assertAgreesWithFaceApi(
    'tiny',
    await createFaceApiTinyDetector({ modelId: 'faceapi-tiny' }),
    tfjsDetector({ kind: 'tiny', inputSize: 416 }),
  );
});

test('Tiny respects maxFaces and matches face-api at another input size', async () => {
  const image = await loadRgb(bbt(4));
  const onnx = await createFaceApiTinyDetector({ modelId: 'faceapi-tiny', inputSize: 320 });
  const all = await onnx.detect(image, { minScore: 0.3, maxFaces: 100 });
  const two = await onnx.detect(image, { minScore: 0.3, maxFaces: 2 });
  assert.ok(all.length > 2);
  assert.deepEqual(two, all.slice(0, 2));
  const ref = await tfjsDetector({ kind: 'tiny', inputSize: 320 }).detect(image, { minScore: 0.3, maxFaces: 100 });
  assert.equal(all.length, ref.length);
  const a = compareDetections(ref, all);
  assert.ok(a.minIou > 0.95 && a.maxScoreDiff < 0.02, JSON.stringify(a));
});

test('Tiny speed (printed, not asserted)', async () => {
  const source = await loadRgb(bbt(4));
  const frames = [await resizeRgb(source, 640, 480), await resizeRgb(source, 1280, 720)];
  const detectors: [string, FaceDetector][] = [
    ['onnx 1 thread', await createFaceApiTinyDetector({ modelId: 'tiny', threads: 1 })],
    ['onnx 2 threads', await createFaceApiTinyDetector({ modelId: 'tiny', threads: 2 })],
    ['tfjs-wasm', tfjsDetector({ kind: 'tiny', inputSize: 416 })],
  ];
  for (const [name, detector] of detectors) await printSpeed(`tiny ${name}`, detector, frames, 10);
});
