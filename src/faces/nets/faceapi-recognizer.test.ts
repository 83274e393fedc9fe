import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { sharedPath } from '../../shared/paths.ts';
import type { RgbImage } from '../types.ts';
import { createFaceApiRecognizer, faceApiRecognizerOnnx } from './faceapi-recognizer.ts';
import { loadFaceApiTfjs } from './tfjs-faceapi.ts';

const bbt = (name: string, i: number): string =>
  sharedPath('data', 'faces-small', 'face_api_js_bbt', name, `${name}${i}.png`);
const lfw = (name: string, i: number): string =>
  sharedPath('data', 'lfw', 'images', name, `${name}_${String(i).padStart(4, '0')}.jpg`);

/** A 150x150 RGB chip: bbt crops as they are, LFW images cut to their central 150x150. */
async function chip(path: string): Promise<RgbImage> {
  let img = sharp(path).removeAlpha().toColourspace('srgb');
  const meta = await sharp(path).metadata();
  if (meta.width !== 150 || meta.height !== 150) img = img.extract({ left: 50, top: 50, width: 150, height: 150 });
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

async function referenceDescriptor(c: RgbImage): Promise<Float32Array> {
  const faceapi = await loadFaceApiTfjs();
  const t = faceapi.tf.tensor3d(c.data, [c.height, c.width, 3], 'int32');
  try {
    const d = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t);
    assert.ok(d instanceof Float32Array);
    return d;
  } finally {
    t.dispose();
  }
}

const paths = [
  bbt('amy', 1),
  bbt('howard', 2),
  bbt('penny', 3),
  bbt('sheldon', 1),
  lfw('Aaron_Eckhart', 1),
  lfw('George_W_Bush', 1),
  lfw('George_W_Bush', 2),
  lfw('Serena_Williams', 1),
];

test('faceapi recognizer ONNX matches the tfjs-wasm reference', async () => {
  const chips = await Promise.all(paths.map(chip));
  const recognizer = await createFaceApiRecognizer({ modelId: 'test' });
  assert.equal(recognizer.dimensions, 128);
  assert.equal(recognizer.chipSize, 150);

  const ours = await recognizer.embed(chips);
  const sims: number[] = [];
  for (const [i, c] of chips.entries()) {
    const ref = await referenceDescriptor(c);
    const sim = cosine(ours[i]!, ref);
    sims.push(sim);
    assert.ok(sim > 0.999, `${paths[i]}: cosine ${sim}`);
  }
  const worst = Math.min(...sims);
  console.log(`recognizer ONNX vs tfjs cosine: min ${worst.toFixed(7)} (1 - min = ${(1 - worst).toExponential(1)})`);

  // Batch of 4 equals 4 singles.
  const batch = await recognizer.embed(chips.slice(0, 4));
  for (let i = 0; i < 4; i++) {
    const [single] = await recognizer.embed([chips[i]!]);
    assert.ok(cosine(batch[i]!, single!) > 0.99999);
    assert.ok(batch[i]!.every((v, k) => Math.abs(v - single![k]!) < 1e-4));
  }

  // Speed, printed only.
  const reps = 3;
  let t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const c of chips) await recognizer.embed([c]);
  const onnx1 = (performance.now() - t0) / (reps * chips.length);
  t0 = performance.now();
  for (let r = 0; r < reps; r++) await recognizer.embed(chips);
  const onnx8 = (performance.now() - t0) / (reps * chips.length);
  t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const c of chips) await referenceDescriptor(c);
  const tfjs = (performance.now() - t0) / (reps * chips.length);
  console.log(
    `recognizer ms/face: onnx 1 thread batch 1 ${onnx1.toFixed(1)}, batch ${chips.length} ${onnx8.toFixed(1)}; tfjs-wasm ${tfjs.toFixed(1)}`,
  );
});

test('faceapi recognizer rejects chips of the wrong size and exposes its ONNX bytes', async () => {
  const recognizer = await createFaceApiRecognizer({ modelId: 'test' });
  await assert.rejects(recognizer.embed([{ width: 10, height: 10, data: new Uint8Array(300) }]), /150x150/);
  const model = await faceApiRecognizerOnnx();
  assert.ok(model.bytes.length > 20_000_000);
  assert.match(model.weightsSha256, /^[0-9a-f]{64}$/);
});
