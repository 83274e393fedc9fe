import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaceDetector } from '../types.ts';
import { createFaceApiSsdDetector } from './faceapi-ssd.ts';
import {
  assertAgreesWithFaceApi,
  bbt,
  loadRgb,
  printSpeed,
  resizeRgb,
  tfjsDetector,
} from '../../../test/support/detectors.ts';

test('SSD MobileNetV1 on ONNX matches face-api on tfjs', async () => {
  await assertAgreesWithFaceApi(
    'ssd',
    await createFaceApiSsdDetector({ modelId: 'faceapi-ssd' }),
    tfjsDetector({ kind: 'ssd' }),
  );
});

test('SSD respects maxFaces and returns boxes inside the padded frame', async () => {
  const onnx = await createFaceApiSsdDetector({ modelId: 'faceapi-ssd' });
  const image = await loadRgb(bbt(4));
  const all = await onnx.detect(image, { minScore: 0.5, maxFaces: 100 });
  const two = await onnx.detect(image, { minScore: 0.5, maxFaces: 2 });
  assert.ok(all.length > 2);
  assert.deepEqual(two, all.slice(0, 2));
  for (const d of all) assert.ok(d.box.x >= 0 && d.box.y >= 0 && d.box.x + d.box.width <= image.width + 1);
});

test('SSD speed (printed, not asserted)', async () => {
  const source = await loadRgb(bbt(4));
  const frames = [await resizeRgb(source, 640, 480), await resizeRgb(source, 1280, 720)];
  const detectors: [string, FaceDetector][] = [
    ['onnx 1 thread', await createFaceApiSsdDetector({ modelId: 'ssd', threads: 1 })],
    ['onnx 2 threads', await createFaceApiSsdDetector({ modelId: 'ssd', threads: 2 })],
    ['tfjs-wasm', tfjsDetector({ kind: 'ssd' })],
  ];
  for (const [name, detector] of detectors) await printSpeed(`ssd ${name}`, detector, frames, 5);
});
