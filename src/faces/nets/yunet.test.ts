import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPath } from '../../shared/paths.ts';
import type { Detection } from '../types.ts';
import { createYunetDetector, toYunetTensor, yunetScaledSize } from './yunet.ts';
import { boxCentre, loadRgb, printSpeed, resizeRgb } from '../../../test/support/detectors.ts';
import { iou } from './nms.ts';

const modelPath = sharedPath('models', 'yunet', 'face_detection_yunet_2026may.onnx');
const lfw = (name: string) => sharedPath('data', 'lfw', 'images', name, `${name}_0001.jpg`);
const bbt = (i: number) => sharedPath('data', 'faces-small', 'face_api_js_bbt', `bbt${i}.jpg`);

function assertPlausibleFace(d: Detection, label: string): void {
  const p = d.fivePoints;
  assert.ok(p, `${label}: no five points`);
  const [eyeL, eyeR, nose, mouthL, mouthR] = p;
  assert.ok(eyeL.x < eyeR.x, `${label}: eyes in image order`);
  assert.ok(mouthL.x < mouthR.x, `${label}: mouth corners in image order`);
  assert.ok(Math.max(eyeL.y, eyeR.y) < nose.y && nose.y < Math.min(mouthL.y, mouthR.y), `${label}: eyes, nose, mouth`);
  for (const q of p) {
    assert.ok(q.x > d.box.x && q.x < d.box.x + d.box.width, `${label}: point inside box (x)`);
    assert.ok(q.y > d.box.y && q.y < d.box.y + d.box.height, `${label}: point inside box (y)`);
  }
}

test('input preparation: scaled size and BGR planar padding to 32', () => {
  assert.deepEqual(yunetScaledSize(1280, 720, 640), { width: 640, height: 360 });
  assert.deepEqual(yunetScaledSize(250, 250, 640), { width: 250, height: 250 });
  const t = toYunetTensor({ width: 2, height: 1, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) });
  assert.equal(t.width, 32);
  assert.equal(t.height, 32);
  const plane = 32 * 32;
  assert.deepEqual([t.tensor[0], t.tensor[1], t.tensor[plane], t.tensor[2 * plane + 1], t.tensor[2]], [3, 6, 2, 4, 0]);
});

test('YuNet finds the one face in LFW images', async () => {
  const detector = await createYunetDetector({ modelId: 'yunet', modelPath });
  for (const name of ['Aaron_Peirsol', 'Alan_Trammell', 'Nancy_Demme', 'Gus_Frerotte', 'Katie_Boone']) {
    const image = await loadRgb(lfw(name));
    const found = await detector.detect(image, { minScore: 0.6, maxFaces: 10 });
    assert.equal(found.length, 1, `${name}: ${found.length} faces`);
    const face = found[0]!;
    const c = boxCentre(face.box);
    assert.ok(Math.abs(c.x - 125) < 30 && Math.abs(c.y - 125) < 30, `${name}: centre ${c.x},${c.y}`);
    assert.ok(face.box.width > 60 && face.box.width < 200, `${name}: width ${face.box.width}`);
    assertPlausibleFace(face, name);
  }
});

test('YuNet finds several faces in group stills, at any scale', async () => {
  const detector = await createYunetDetector({ modelId: 'yunet', modelPath });
  const native = await createYunetDetector({ modelId: 'yunet', modelPath, inputWidth: 2048 });
  for (const [i, expected] of [
    [1, 4],
    [4, 6],
    [5, 5],
  ] as const) {
    const image = await loadRgb(bbt(i));
    const found = await detector.detect(image, { minScore: 0.6, maxFaces: 100 });
    assert.equal(found.length, expected, `bbt${i}: ${found.length} faces`);
    found.forEach((d, k) => assertPlausibleFace(d, `bbt${i} face ${k}`));
    // bbt1 is 1366 wide: scaled down at 640, native at 2048; boxes must land in the same place
    const full = await native.detect(image, { minScore: 0.6, maxFaces: 100 });
    for (const d of found) assert.ok(Math.max(...full.map((f) => iou(f.box, d.box))) > 0.7, `bbt${i}: scale mapping`);
  }
  const few = await detector.detect(await loadRgb(bbt(4)), { minScore: 0.6, maxFaces: 2 });
  assert.equal(few.length, 2);
});

test('YuNet speed (printed, not asserted)', async () => {
  const source = await loadRgb(bbt(4));
  const frames = [await resizeRgb(source, 640, 480), await resizeRgb(source, 1280, 720)];
  for (const threads of [1, 2]) {
    for (const inputWidth of [640, 1280]) {
      const detector = await createYunetDetector({ modelId: 'yunet', modelPath, threads, inputWidth });
      const t = `${threads} thread${threads > 1 ? 's' : ''}`;
      await printSpeed(`yunet onnx ${t}, longest side <= ${inputWidth}`, detector, frames, 10);
    }
  }
});
