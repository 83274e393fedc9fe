/**
 * Test and benchmark support for the face detectors: real images as RgbImage, face-api's tfjs
 * reference detections, box matching, and a small per-frame timer. Not used by the product.
 */
import { sharedPath } from '../../src/shared/paths.ts';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Box, Detection, FaceDetector, RgbImage } from '../../src/faces/types.ts';
import { loadFaceApiTfjs } from '../../src/faces/nets/tfjs-faceapi.ts';
import { iou } from '../../src/faces/nets/nms.ts';

export async function loadRgb(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** A real image stretched to an exact frame size (for speed figures at video resolutions). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

export type ReferenceDetector = { kind: 'ssd' } | { kind: 'tiny'; inputSize: number };

/** Face-api on tfjs-wasm as a FaceDetector (the reference). */
export function tfjsDetector(ref: ReferenceDetector): FaceDetector {
  return {
    modelId: `tfjs-${ref.kind}`,
    async detect(image, { minScore, maxFaces }) {
      const faceapi = await loadFaceApiTfjs();
      const tensor = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
      try {
        const options =
          ref.kind === 'ssd'
            ? new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: maxFaces })
            : new faceapi.TinyFaceDetectorOptions({ inputSize: ref.inputSize, scoreThreshold: minScore });
        const found = await faceapi.detectAllFaces(tensor, options);
        return found.slice(0, maxFaces).map((d) => ({
          box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height },
          score: d.score,
        }));
      } finally {
        tensor.dispose();
      }
    },
  };
}

export interface Agreement {
  readonly matched: number;
  readonly minIou: number;
  readonly maxScoreDiff: number;
}

/** Pairs each reference detection with the candidate box it overlaps most. */
export function compareDetections(reference: readonly Detection[], candidate: readonly Detection[]): Agreement {
  let minIou = 1;
  let maxScoreDiff = 0;
  let matched = 0;
  for (const r of reference) {
    let best: Detection | undefined;
    let bestIou = 0;
    for (const c of candidate) {
      const v = iou(r.box, c.box);
      if (v > bestIou) [best, bestIou] = [c, v];
    }
    if (best) {
      matched++;
      maxScoreDiff = Math.max(maxScoreDiff, Math.abs(best.score - r.score));
    }
    minIou = Math.min(minIou, bestIou);
  }
  return { matched, minIou, maxScoreDiff };
}

export interface FrameTiming {
  /** Median wall-clock milliseconds per detect call. */
  readonly wallMs: number;
  /** Mean process CPU milliseconds per call (all threads): steadier than wall time on a busy machine. */
  readonly cpuMs: number;
}

/** Times `runs` detect calls after one warm-up call. */
export async function msPerFrame(detector: FaceDetector, image: RgbImage, runs: number): Promise<FrameTiming> {
  const opts = { minScore: 0.5, maxFaces: 100 };
  await detector.detect(image, opts);
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await detector.detect(image, opts);
    times.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return { wallMs: times[Math.floor(runs / 2)]!, cpuMs: (used.user + used.system) / 1000 / runs };
}

/** Prints one detector's timings at 640x480 and 1280x720. */
export async function printSpeed(label: string, detector: FaceDetector, frames: readonly RgbImage[], runs: number) {
  const parts: string[] = [];
  for (const frame of frames) {
    const t = await msPerFrame(detector, frame, runs);
    parts.push(`${frame.width}x${frame.height} ${t.wallMs.toFixed(1)} ms (cpu ${t.cpuMs.toFixed(1)} ms)`);
  }
  console.log(`${label}: ${parts.join(', ')}`);
}

export function boxCentre(box: Box): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export const lfwFirst = (name: string): string => sharedPath('data', 'lfw', 'images', name, `${name}_0001.jpg`);
export const bbt = (i: number): string => sharedPath('data', 'faces-small', 'face_api_js_bbt', `bbt${i}.jpg`);

/** LFW portraits, the group stills and a two-face photo: the detectors' agreement set. */
export const agreementImages: readonly string[] = [
  lfwFirst('Aaron_Peirsol'),
  lfwFirst('Alan_Trammell'),
  lfwFirst('Nancy_Demme'),
  lfwFirst('Shaukat_Aziz'),
  ...[1, 2, 3, 4, 5].map(bbt),
  sharedPath('data', 'faces-small', 'face_recognition_knn_examples', 'test', 'obama_and_biden.jpg'),
];

/**
 * Asserts that `onnx` finds the same faces as face-api's tfjs `reference` on every agreement image
 * (same count, IoU > 0.95, scores within 0.02) at score 0.3; greedy NMS keeps, above any higher
 * threshold, exactly what it keeps here. Each LFW portrait must yield a confident face.
 */
export async function assertAgreesWithFaceApi(
  label: string,
  onnx: FaceDetector,
  reference: FaceDetector,
): Promise<void> {
  let faces = 0;
  let worstIou = 1;
  let worstScore = 0;
  for (const path of agreementImages) {
    const image = await loadRgb(path);
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
    `${label} agreement: ${agreementImages.length} images, ${faces} faces at 0.3; worst IoU ${worstIou.toFixed(6)}, worst score diff ${worstScore.toExponential(2)}`,
  );
}
