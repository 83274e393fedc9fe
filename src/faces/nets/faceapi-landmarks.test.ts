import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { sharedPath } from '../../shared/paths.ts';
import type { Box, Point, RgbImage } from '../types.ts';
import { createFaceApiLandmarker, faceApiCrop, faceApiLandmarksOnnx } from './faceapi-landmarks.ts';
import { loadFaceApiTfjs } from './tfjs-faceapi.ts';

async function load(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

const lfw = (name: string, i: number): string =>
  sharedPath('data', 'lfw', 'images', name, `${name}_${String(i).padStart(4, '0')}.jpg`);

function cropOf(image: RgbImage, c: Box): Uint8Array {
  const out = new Uint8Array(c.width * c.height * 3);
  for (let r = 0; r < c.height; r++) {
    const start = ((c.y + r) * image.width + c.x) * 3;
    out.set(image.data.subarray(start, start + c.width * 3), r * c.width * 3);
  }
  return out;
}

/** Face-api's landmarks for one crop, relative to the crop, via nets.faceLandmark68Net.detectLandmarks. */
async function reference(image: RgbImage, crop: Box): Promise<Point[]> {
  const faceapi = await loadFaceApiTfjs();
  const t = faceapi.tf.tensor3d(cropOf(image, crop), [crop.height, crop.width, 3], 'int32');
  try {
    const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(t);
    assert.ok(!Array.isArray(lm));
    return lm.positions.map((p) => ({ x: p.x, y: p.y }));
  } finally {
    t.dispose();
  }
}

function maxDistance(a: readonly Point[], b: readonly Point[], dx = 0, dy = 0): number {
  assert.equal(a.length, 68);
  assert.equal(b.length, 68);
  return Math.max(...a.map((p, i) => Math.hypot(p.x - dx - b[i]!.x, p.y - dy - b[i]!.y)));
}

// LFW faces sit near the centre of 250x250 images. Boxes of several shapes: square, taller (odd
// padding difference), wider, fractional, one past the top-left corner, one exactly 112 wide.
const cases: readonly { path: string; box: Box }[] = [
  { path: lfw('Aaron_Eckhart', 1), box: { x: 70, y: 65, width: 110, height: 110 } },
  { path: lfw('George_W_Bush', 1), box: { x: 72.4, y: 58.9, width: 103.3, height: 128.6 } },
  { path: lfw('George_W_Bush', 2), box: { x: 60.2, y: 75.5, width: 131.1, height: 99.7 } },
  { path: lfw('Serena_Williams', 1), box: { x: -20.5, y: -10.25, width: 200, height: 215 } },
  { path: lfw('Aaron_Eckhart', 1), box: { x: 69, y: 70, width: 112, height: 112 } },
];

test('faceapi landmarks ONNX match the tfjs-wasm reference on the same crops', async () => {
  const landmarker = await createFaceApiLandmarker({ modelId: 'test' });
  const images = await Promise.all(cases.map((c) => load(c.path)));
  let worst = 0;
  for (const [i, { path, box }] of cases.entries()) {
    const image = images[i]!;
    const crop = faceApiCrop(box, image.width, image.height);
    assert.ok(crop);
    const ours = await landmarker.landmarks68(image, box);
    const d = maxDistance(ours, await reference(image, crop), crop.x, crop.y);
    worst = Math.max(worst, d);
    assert.ok(d < 0.05, `${path}: max point distance ${d} px`);
  }
  console.log(`landmarks ONNX vs tfjs on identical crops: max point distance ${worst.toFixed(4)} px`);

  // Batch of 4 equals 4 singles.
  const image = images[0]!;
  const boxes = cases.slice(0, 4).map((c) => c.box);
  const batch = await landmarker.landmarks68Many(image, boxes);
  for (const [i, box] of boxes.entries()) {
    assert.ok(maxDistance(batch[i]!, await landmarker.landmarks68(image, box)) < 1e-3);
  }

  // Speed, printed only: 8 boxes, ONNX one at a time and batched, tfjs one at a time.
  const eight = [...boxes, ...boxes];
  const reps = 3;
  let t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const b of eight) await landmarker.landmarks68(image, b);
  const onnx1 = (performance.now() - t0) / (reps * 8);
  t0 = performance.now();
  for (let r = 0; r < reps; r++) await landmarker.landmarks68Many(image, eight);
  const onnx8 = (performance.now() - t0) / (reps * 8);
  const crops = eight.map((b) => faceApiCrop(b, image.width, image.height)!);
  t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const c of crops) await reference(image, c);
  const tfjs = (performance.now() - t0) / (reps * 8);
  console.log(
    `landmarks ms/face: onnx 1 thread batch 1 ${onnx1.toFixed(2)}, batch 8 ${onnx8.toFixed(2)}; tfjs-wasm ${tfjs.toFixed(2)}`,
  );
});

test("faceapi landmarks match face-api's full detectAllFaces().withFaceLandmarks() pipeline", async () => {
  const faceapi = await loadFaceApiTfjs();
  const landmarker = await createFaceApiLandmarker({ modelId: 'test' });
  const image = await load(sharedPath('data', 'faces-small', 'face_api_js_bbt', 'bbt1.jpg'));
  const t = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
  try {
    const results = await faceapi.detectAllFaces(t, new faceapi.SsdMobilenetv1Options()).withFaceLandmarks();
    assert.ok(results.length >= 2);
    const boxes = results.map((r) => {
      const { x, y, width, height } = r.detection.box;
      return { x, y, width, height };
    });
    const ours = await landmarker.landmarks68Many(image, boxes);
    let worst = 0;
    let raw = 0;
    for (const [i, r] of results.entries()) {
      const theirs = r.landmarks.positions.map((p) => ({ x: p.x, y: p.y }));
      // Face-api shifts by the unfloored box; this landmarker by the floored crop it used.
      const crop = faceApiCrop(boxes[i]!, image.width, image.height)!;
      const d = maxDistance(ours[i]!, theirs, crop.x - boxes[i]!.x, crop.y - boxes[i]!.y);
      worst = Math.max(worst, d);
      assert.ok(d < 0.05, `face ${i}: ${d} px`);
      raw = Math.max(raw, maxDistance(ours[i]!, theirs));
    }
    assert.ok(raw < 1.5);
    console.log(
      `landmarks vs face-api pipeline (${results.length} faces): max distance ${worst.toFixed(4)} px after its box-shift quirk, ${raw.toFixed(3)} px as given`,
    );
  } finally {
    t.dispose();
  }
});

test('faceapi landmarks: crops, errors and ONNX bytes', async () => {
  assert.deepEqual(faceApiCrop({ x: -3.5, y: 2.7, width: 20, height: 10.9 }, 100, 100), {
    x: 0,
    y: 2,
    width: 16,
    height: 10,
  });
  assert.deepEqual(faceApiCrop({ x: 90.2, y: 0, width: 20, height: 10 }, 100, 100), {
    x: 90,
    y: 0,
    width: 9,
    height: 10,
  });
  assert.equal(faceApiCrop({ x: 120, y: 0, width: 20, height: 10 }, 100, 100), undefined);
  const landmarker = await createFaceApiLandmarker({ modelId: 'test' });
  const blank: RgbImage = { width: 50, height: 50, data: new Uint8Array(50 * 50 * 3) };
  await assert.rejects(landmarker.landmarks68(blank, { x: 60, y: 0, width: 10, height: 10 }), /outside/);
  const model = await faceApiLandmarksOnnx();
  assert.match(model.weightsSha256, /^[0-9a-f]{64}$/);
  assert.ok(model.bytes.length > 1_000_000);
});
