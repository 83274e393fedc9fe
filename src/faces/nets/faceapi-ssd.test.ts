import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPath } from '../../shared/paths.ts';
import type { FaceDetector } from '../types.ts';
import { createFaceApiSsdDetector } from './faceapi-ssd.ts';
import { compareDetections, loadRgb, printSpeed, resizeRgb, tfjsDetector } from './detector-test-support.ts';

const lfw = (name: string) => sharedPath('data', 'lfw', 'images', name, `${name}_0001.jpg`);
const bbt = (i: number) => sharedPath('data', 'faces-small', 'face_api_js_bbt', `bbt${i}.jpg`);
const images = [
  lfw('Aaron_Peirsol'),
  lfw('Alan_Trammell'),
  lfw('Nancy_Demme'),
  lfw('Shaukat_Aziz'),
  ...[1, 2, 3, 4, 5].map(bbt),
  sharedPath('data', 'faces-small', 'face_recognition_knn_examples', 'test', 'obama_and_biden.jpg'),
];

test('SSD MobileNetV1 on ONNX matches face-api on tfjs', async () => {
  const onnx = await createFaceApiSsdDetector({ modelId: 'faceapi-ssd' });
  const reference = tfjsDetector({ kind: 'ssd' });
  let faces = 0;
  let worstIou = 1;
  let worstScore = 0;
  for (const path of images) {
    const image = await loadRgb(path);
    // greedy NMS keeps, above any higher threshold, exactly what it keeps here
    const opts = { minScore: 0.3, maxFaces: 100 };
    const [mine, ref] = [await onnx.detect(image, opts), await reference.detect(image, opts)];
    assert.equal(mine.length, ref.length, `${path}: face count`);
    const a = compareDetections(ref, mine);
    assert.ok(a.minIou > 0.95, `${path}: IoU ${a.minIou}`);
    assert.ok(a.maxScoreDiff < 0.02, `${path}: score difference ${a.maxScoreDiff}`);
    faces += ref.length;
    worstIou = Math.min(worstIou, a.minIou);
    worstScore = Math.max(worstScore, a.maxScoreDiff);
    if (path.includes('/lfw/'))
      assert.ok(
        mine.some((d) => d.score > 0.5),
        `${path}: no face`,
      );
  }
  console.log(
    `ssd agreement: ${images.length} images, ${faces} faces at 0.3; worst IoU ${worstIou.toFixed(6)}, worst score diff ${worstScore.toExponential(2)}`,
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
