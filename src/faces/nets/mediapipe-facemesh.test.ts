/**
 * MediaPipe FaceMesh, Iris and BlazeFace re-expressed as ONNX (tfjs-to-onnx-graph) agree with
 * TF.js running human's shipped models, on real face crops; the landmarker's five points land on
 * the face (issue 17).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import ort from 'onnxruntime-node';
import { fivePointsFrom68 } from '../alignment.ts';
import { warpToChip } from '../geometry.ts';
import { decodeImage } from '../image-decode.ts';
import { sharedPath } from '../../shared/paths.ts';
import type { Box, Point, RgbImage } from '../types.ts';
import { createFaceApiLandmarker } from './faceapi-landmarks.ts';
import { createFaceMeshLandmarker, mediapipeOnnx, mediapipeOutputs, type MediapipeNet } from './mediapipe-facemesh.ts';
import { roiFromBox, roiToImage } from './mediapipe-geometry.ts';
import { loadTfjsReference, runTfjsReference } from './mediapipe-tfjs-reference.ts';

const lfw = (name: string, i: number): string =>
  sharedPath('data', 'lfw', 'images', name, `${name}_${String(i).padStart(4, '0')}.jpg`);

/** A hand-checked face box of this LFW image (the SSD detector's, rounded). */
const face = { path: lfw('Aaron_Peirsol', 1), box: { x: 73, y: 68, width: 96, height: 122 } satisfies Box };

async function load(path: string): Promise<RgbImage> {
  return decodeImage(await readFile(path));
}

function unitFloats(chip: RgbImage): Float32Array {
  return Float32Array.from(chip.data, (v) => v / 255);
}

/** The net's input for a region of the test face: RGB / 255, NHWC. */
async function faceInput(size: number, scale: number): Promise<Float32Array> {
  const image = await load(face.path);
  return unitFloats(warpToChip(image, roiToImage(roiFromBox(face.box, scale), size), size));
}

async function compare(net: MediapipeNet, size: number, input: Float32Array, batch = 1): Promise<void> {
  const session = await ort.InferenceSession.create((await mediapipeOnnx(net, { dir: null })).bytes);
  const inputName = session.inputNames[0]!;
  const result = await session.run({ [inputName]: new ort.Tensor('float32', input, [batch, size, size, 3]) });
  const outputs = mediapipeOutputs[net];
  const ref = await runTfjsReference(
    await loadTfjsReference(net),
    input,
    [batch, size, size, 3],
    Object.values(outputs),
  );
  Object.keys(outputs).forEach((name, k) => {
    const ours = result[name]!.data as Float32Array;
    const theirs = ref[k]!;
    assert.equal(ours.length, theirs.length, `${net} ${name}: length`);
    let worst = 0;
    let range = 0;
    for (let i = 0; i < ours.length; i++) {
      worst = Math.max(worst, Math.abs(ours[i]! - theirs[i]!));
      range = Math.max(range, Math.abs(theirs[i]!));
    }
    // Outputs are pixel coordinates of the crop (up to ~200) or logits: float32 reordering only.
    assert.ok(worst <= 2e-3 * Math.max(1, range / 100), `${net} ${name}: max difference ${worst} (range ${range})`);
  });
}

test('FaceMesh as ONNX matches TF.js on a real face (mesh, contours, face flag)', async () => {
  await compare('facemesh', 192, await faceInput(192, 1.5));
});

test('Iris as ONNX matches TF.js on two real eye crops in one batch', async () => {
  const image = await load(face.path);
  const eye = (x: number, y: number) =>
    unitFloats(warpToChip(image, roiToImage({ cx: x, cy: y, side: 45, angle: 0 }, 64), 64));
  const input = new Float32Array(2 * 64 * 64 * 3);
  input.set(eye(101, 112), 0);
  input.set(eye(143, 111), 64 * 64 * 3);
  await compare('iris', 64, input, 2);
});

test('BlazeFace as ONNX matches TF.js (its reshaped score and box heads keep TF element order)', async () => {
  const input = (await faceInput(256, 2)).map((v) => v * 2 - 1);
  await compare('blazeface', 256, input);
});

test('the FaceMesh landmarker puts five points on the face, near those of the 68-point net', async () => {
  const image = await load(face.path);
  const ref = fivePointsFrom68(await (await createFaceApiLandmarker({ modelId: 'lm' })).landmarks68(image, face.box));
  const eyeDistance = Math.hypot(ref[1].x - ref[0].x, ref[1].y - ref[0].y);
  for (const eyes of ['mesh', 'iris-eyelid', 'iris-centre'] as const) {
    const lm = await createFaceMeshLandmarker({ modelId: 'mesh', landmarks: { eyes } });
    const found = await lm.fivePoints(image, face.box);
    assert.equal(found.mesh.length, 468);
    assert.ok(found.faceScore > 0.9, `face score ${found.faceScore}`);
    assert.ok(found.five[0].x < found.five[1].x && found.five[3].x < found.five[4].x, 'image-left points first');
    found.five.forEach((p: Point, i) => {
      const d = Math.hypot(p.x - ref[i]!.x, p.y - ref[i]!.y);
      // Conventions differ (the mesh nose tip sits lower than iBUG 30): within a tenth of the eye distance.
      assert.ok(d < 0.1 * eyeDistance, `${eyes}: point ${i} is ${d.toFixed(1)} px from the 68-net's`);
    });
  }
});

test('fit ibug gives stand-ins for dlib alignment points; unknown options are refused', async () => {
  const image = await load(face.path);
  const lm = await createFaceMeshLandmarker({ modelId: 'mesh', landmarks: { fit: 'ibug', passes: 1 } });
  const found = await lm.fivePoints(image, face.box);
  assert.equal(found.ibug?.size, 41);
  assert.ok(found.ibug?.has(36) && found.ibug.has(45) && !found.ibug.has(17));
  const { faceMeshOptionsFrom } = await import('./mediapipe-facemesh.ts');
  assert.throws(() => faceMeshOptionsFrom({ eyes: 'nose' }));
  assert.throws(() => faceMeshOptionsFrom({ jitter: 3 }));
  assert.deepEqual(faceMeshOptionsFrom({ passes: 1, rotate: false }), { passes: 1, rotate: false });
});
