/** Benchmark sections: detectors and per-face nets, against tfjs-wasm (engine-throughput.bench.ts: the engine). */
import sharp from 'sharp';
import { alignFace, fivePointsFrom68 } from '../src/faces/alignment.ts';
import { decodeImage } from '../src/faces/image-decode.ts';
import { createFaceApiLandmarker } from '../src/faces/nets/faceapi-landmarks.ts';
import { createFaceApiRecognizer } from '../src/faces/nets/faceapi-recognizer.ts';
import { createFaceApiSsdDetector } from '../src/faces/nets/faceapi-ssd.ts';
import { createFaceApiTinyDetector } from '../src/faces/nets/faceapi-tiny.ts';
import { createYunetDetector } from '../src/faces/nets/yunet.ts';
import { loadFaceApiTfjs } from '../src/faces/nets/tfjs-faceapi.ts';
import type { Box, FaceDetector, RgbImage } from '../src/faces/types.ts';
import { medianMs } from './timing.ts';

export interface BenchRow {
  readonly measure: string;
  readonly runtime: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly baselineLabel?: string;
  /** value relative to baseline, oriented so that > 1 means better. */
  readonly ratio?: number;
}

async function frame(bytes: Uint8Array, width: number, height: number): Promise<RgbImage> {
  const { data, info } = await sharp(bytes)
    .resize(width, height, { fit: 'cover' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

type Tfjs = Awaited<ReturnType<typeof loadFaceApiTfjs>>;
type Tensor3D = ReturnType<Tfjs['tf']['tensor3d']>;
const tensorOf = (f: Tfjs, img: RgbImage): Tensor3D => f.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');

/** Runs `fn` on a tensor of the image and frees the tensor afterwards. */
async function withTensor<T>(f: Tfjs, img: RgbImage, fn: (t: Tensor3D) => Promise<T>): Promise<T> {
  const t = tensorOf(f, img);
  try {
    return await fn(t);
  } finally {
    t.dispose();
  }
}

const faster = (ms: number, baseMs: number) => baseMs / ms;

export async function benchDetectors(
  still: Uint8Array,
  yunetPath: string | undefined,
  runs: number,
): Promise<BenchRow[]> {
  const frames = { '640x480': await frame(still, 640, 480), '1280x720': await frame(still, 1280, 720) };
  const faceapi = await loadFaceApiTfjs();
  const detectors: [string, FaceDetector, ((img: RgbImage) => Promise<unknown>) | undefined][] = [
    [
      'SSD MobileNetV1',
      await createFaceApiSsdDetector({ modelId: 'faceapi-ssd', threads: 1 }),
      (img) =>
        withTensor(faceapi, img, (t) =>
          faceapi.detectAllFaces(t, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 })).run(),
        ),
    ],
    [
      'Tiny face detector (416)',
      await createFaceApiTinyDetector({ modelId: 'faceapi-tiny', threads: 1 }),
      (img) =>
        withTensor(faceapi, img, (t) =>
          faceapi.detectAllFaces(t, new faceapi.TinyFaceDetectorOptions({ inputSize: 416 })).run(),
        ),
    ],
  ];
  if (yunetPath)
    detectors.push([
      'YuNet (registered ONNX)',
      await createYunetDetector({ modelId: 'yunet', modelPath: yunetPath, threads: 1 }),
      undefined,
    ]);
  const rows: BenchRow[] = [];
  for (const [name, det, tfjs] of detectors) {
    for (const [size, img] of Object.entries(frames)) {
      const ms = await medianMs(() => det.detect(img, { minScore: 0.5, maxFaces: 50 }), runs);
      const base = tfjs ? await medianMs(() => tfjs(img), Math.max(3, Math.floor(runs / 4)), 1) : undefined;
      rows.push({
        measure: `detect ${size}: ${name}`,
        runtime: 'onnxruntime 1 thread',
        value: ms,
        unit: 'ms/frame',
        ...(base === undefined ? {} : { baseline: base, baselineLabel: 'ms tfjs-wasm', ratio: faster(ms, base) }),
      });
    }
  }
  return rows;
}

export async function benchFaceNets(images: readonly Uint8Array[], runs: number): Promise<BenchRow[]> {
  const detector = await createFaceApiSsdDetector({ modelId: 'faceapi-ssd', threads: 1 });
  const landmarker = await createFaceApiLandmarker({ modelId: 'faceapi-landmarks68', threads: 1 });
  const recognizer = await createFaceApiRecognizer({ modelId: 'faceapi-resnet', threads: 1 });
  const faceapi = await loadFaceApiTfjs();
  const decoded = await Promise.all(images.map((b) => decodeImage(b)));
  const faces: { img: RgbImage; box: Box; chip: RgbImage }[] = [];
  for (const img of decoded) {
    const [d] = await detector.detect(img, { minScore: 0.3, maxFaces: 1 });
    if (!d) continue;
    const points68 = await landmarker.landmarks68(img, d.box);
    faces.push({
      img,
      box: d.box,
      chip: alignFace(img, { five: fivePointsFrom68(points68), points68 }, 'dlib-chip-150'),
    });
  }
  const n = faces.length;
  let i = 0;
  const next = () => faces[i++ % n]!;
  const lmMs = await medianMs(() => {
    const f = next();
    return landmarker.landmarks68(f.img, f.box);
  }, runs * 2);
  const lmTfjs = await medianMs(async () => {
    const f = next();
    const crop = await sharp(f.img.data, { raw: { width: f.img.width, height: f.img.height, channels: 3 } })
      .extract({
        left: Math.max(0, Math.floor(f.box.x)),
        top: Math.max(0, Math.floor(f.box.y)),
        width: Math.floor(f.box.width),
        height: Math.floor(f.box.height),
      })
      .resize(112, 112, { fit: 'fill' })
      .raw()
      .toBuffer();
    return withTensor(faceapi, { width: 112, height: 112, data: new Uint8Array(crop) }, (t) =>
      faceapi.nets.faceLandmark68Net.detectLandmarks(t),
    );
  }, runs);
  const embMs = await medianMs(() => recognizer.embed([next().chip]), runs * 2);
  const batch = faces.slice(0, 8).map((f) => f.chip);
  const emb8Ms = (await medianMs(() => recognizer.embed(batch), runs)) / batch.length;
  const embTfjs = await medianMs(
    () => withTensor(faceapi, next().chip, (t) => faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t)),
    runs,
  );
  return [
    {
      measure: '68 landmarks per face',
      runtime: 'onnxruntime 1 thread',
      value: lmMs,
      unit: 'ms/face',
      baseline: lmTfjs,
      baselineLabel: 'ms tfjs-wasm',
      ratio: faster(lmMs, lmTfjs),
    },
    {
      measure: 'embedding per face (batch 1)',
      runtime: 'onnxruntime 1 thread',
      value: embMs,
      unit: 'ms/face',
      baseline: embTfjs,
      baselineLabel: 'ms tfjs-wasm',
      ratio: faster(embMs, embTfjs),
    },
    {
      measure: 'embedding per face (batch 8)',
      runtime: 'onnxruntime 1 thread',
      value: emb8Ms,
      unit: 'ms/face',
      baseline: embTfjs,
      baselineLabel: 'ms tfjs-wasm',
      ratio: faster(emb8Ms, embTfjs),
    },
  ];
}
