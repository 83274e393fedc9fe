/**
 * How small a face each built-in detector finds (issue 17), two ways, for face-api's SSD
 * MobileNetV1 (pack `default`), its Tiny face detector (416, `default-tiny`; and at 608, which no
 * pack uses, to show what a larger input finds) and, as a comparison only, YuNet from
 * /work/shared/models/yunet. Every detector runs with the engine's defaults
 * (score at least 0.5, up to 50 faces) and one onnxruntime thread.
 *
 * 1. The clips in /work/shared/data/video, which have no ground-truth boxes: per clip and detector,
 *    the share of frames with a face, detections per frame, and the distribution of detected face
 *    heights in the clip's own pixels (smallest, 10th percentile, median).
 * 2. A scale sweep with known answers: LFW faces shrunk to a set of face heights and placed in a
 *    grey 1280x720 frame (a camera frame); a face counts as found when a detection's centre lies in
 *    its box and the heights agree within a factor of 2. The detectors shrink the frame to their
 *    own input (SSD 512x512, Tiny 416x416 or 608x608, YuNet longest side 640), which sets their
 *    limit.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createFaceApiSsdDetector } from '../src/faces/nets/faceapi-ssd.ts';
import { createFaceApiTinyDetector } from '../src/faces/nets/faceapi-tiny.ts';
import { createYunetDetector } from '../src/faces/nets/yunet.ts';
import { decodeImage } from '../src/faces/image-decode.ts';
import type { Box, FaceDetector, RgbImage } from '../src/faces/types.ts';
import { openVideo, probeVideo } from '../src/video/ffmpeg-frames.ts';

export interface ClipStats {
  readonly clip: string;
  readonly size: string;
  readonly detector: string;
  readonly frames: number;
  readonly framesWithFace: number;
  readonly detectionsPerFrame: number;
  /** Detected face heights in pixels of the clip: smallest, 10th percentile, median; undefined if none. */
  readonly heightMin?: number;
  readonly heightP10?: number;
  readonly heightMedian?: number;
}

export interface SweepRow {
  readonly detector: string;
  readonly faceHeightPx: number;
  readonly found: number;
  readonly faces: number;
}

export interface SmallFacesBench {
  readonly clips: readonly ClipStats[];
  readonly sweep: readonly SweepRow[];
  readonly frame: string;
}

const detectOptions = { minScore: 0.5, maxFaces: 50 };

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** A detection matches a known face when its centre is inside the face's box and heights agree within 2x. */
export function matches(truth: Box, found: Box): boolean {
  const cx = found.x + found.width / 2;
  const cy = found.y + found.height / 2;
  const ratio = found.height / truth.height;
  return (
    cx >= truth.x &&
    cx <= truth.x + truth.width &&
    cy >= truth.y &&
    cy <= truth.y + truth.height &&
    ratio >= 0.5 &&
    ratio <= 2
  );
}

async function detectors(yunetPath: string | undefined): Promise<[string, FaceDetector][]> {
  const list: [string, FaceDetector][] = [
    ['SSD MobileNetV1', await createFaceApiSsdDetector({ modelId: 'faceapi-ssd', threads: 1 })],
    ['Tiny (416)', await createFaceApiTinyDetector({ modelId: 'faceapi-tiny', threads: 1 })],
    // Not a pack's setting: what a larger input would find (about twice the Tiny's time).
    ['Tiny (608)', await createFaceApiTinyDetector({ modelId: 'faceapi-tiny', threads: 1, inputSize: 608 })],
  ];
  if (yunetPath)
    list.push([
      'YuNet (comparison)',
      await createYunetDetector({ modelId: 'yunet', modelPath: yunetPath, threads: 1 }),
    ]);
  return list;
}

/** Frames of a clip, sampled evenly to at most `maxFrames`. */
async function clipFrames(path: string, maxFrames: number): Promise<RgbImage[]> {
  const info = await probeVideo({ kind: 'file', path });
  const seconds = (info.durationMs ?? 0) / 1000;
  const fps = seconds > 0 ? Math.min(info.fps, maxFrames / seconds) : info.fps;
  const frames: RgbImage[] = [];
  for await (const f of await openVideo({ kind: 'file', path }, { fps, info })) {
    frames.push(f.image);
    if (frames.length >= maxFrames) break;
  }
  return frames;
}

async function clipStats(
  videoDir: string,
  dets: readonly [string, FaceDetector][],
  maxFrames: number,
  log: (l: string) => void,
) {
  const out: ClipStats[] = [];
  const clips = readdirSync(videoDir)
    .flatMap((d) =>
      readdirSync(join(videoDir, d))
        .filter((f) => /\.(mp4|gif)$/.test(f))
        .map((f) => join(d, f)),
    )
    .sort();
  for (const clip of clips) {
    const frames = await clipFrames(join(videoDir, clip), maxFrames);
    if (frames.length === 0) continue;
    log(`  ${clip}: ${frames.length} frames`);
    for (const [name, det] of dets) {
      const heights: number[] = [];
      let withFace = 0;
      for (const frame of frames) {
        const found = await det.detect(frame, detectOptions);
        if (found.length > 0) withFace++;
        heights.push(...found.map((d) => d.box.height));
      }
      heights.sort((a, b) => a - b);
      const [min, p10, mid] = [quantile(heights, 0), quantile(heights, 0.1), quantile(heights, 0.5)];
      out.push({
        clip,
        size: `${frames[0]!.width}x${frames[0]!.height}`,
        detector: name,
        frames: frames.length,
        framesWithFace: withFace,
        detectionsPerFrame: heights.length / frames.length,
        ...(min === undefined ? {} : { heightMin: min, heightP10: p10!, heightMedian: mid! }),
      });
    }
  }
  return out;
}

/** A face image scaled so that its face is `faceHeight` pixels tall, placed on a grey frame. */
async function placeFace(
  face: { image: RgbImage; box: Box },
  faceHeight: number,
  frameSize: { width: number; height: number },
  wanted: { x: number; y: number },
): Promise<{ frame: RgbImage; truth: Box }> {
  const s = faceHeight / face.box.height;
  const w = Math.max(1, Math.round(face.image.width * s));
  const h = Math.max(1, Math.round(face.image.height * s));
  const small = await sharp(face.image.data, {
    raw: { width: face.image.width, height: face.image.height, channels: 3 },
  })
    .resize(w, h, { kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  // Kept inside the frame (the largest faces' images are nearly as tall as it).
  const at = {
    x: Math.max(0, Math.min(wanted.x, frameSize.width - w)),
    y: Math.max(0, Math.min(wanted.y, frameSize.height - h)),
  };
  const frame = new Uint8Array(frameSize.width * frameSize.height * 3).fill(128);
  for (let y = 0; y < h; y++)
    frame.set(small.subarray(y * w * 3, (y + 1) * w * 3), ((at.y + y) * frameSize.width + at.x) * 3);
  const truth = {
    x: at.x + face.box.x * s,
    y: at.y + face.box.y * s,
    width: face.box.width * s,
    height: face.box.height * s,
  };
  return { frame: { ...frameSize, data: frame }, truth };
}

async function sweep(
  lfwDir: string,
  dets: readonly [string, FaceDetector][],
  faces: number,
  heights: readonly number[],
) {
  const frameSize = { width: 1280, height: 720 };
  const reference = dets[0]![1];
  const samples: { image: RgbImage; box: Box }[] = [];
  for (const n of readdirSync(lfwDir).sort()) {
    if (samples.length >= faces) break;
    const image = await decodeImage(await sharp(join(lfwDir, n, `${n}_0001.jpg`)).toBuffer());
    const [d] = await reference.detect(image, { minScore: 0.8, maxFaces: 1 });
    if (d) samples.push({ image, box: d.box });
  }
  const rows: SweepRow[] = [];
  for (const [name, det] of dets) {
    for (const faceHeight of heights) {
      let found = 0;
      for (const [i, face] of samples.entries()) {
        // Spread over the frame, away from the borders.
        const at = { x: 100 + ((i * 197) % 900), y: 80 + ((i * 131) % 360) };
        const { frame, truth } = await placeFace(face, faceHeight, frameSize, at);
        const hits = await det.detect(frame, detectOptions);
        if (hits.some((d) => matches(truth, d.box))) found++;
      }
      rows.push({ detector: name, faceHeightPx: faceHeight, found, faces: samples.length });
    }
  }
  return { rows, frame: `${frameSize.width}x${frameSize.height}` };
}

export async function benchSmallFaces(options: {
  readonly videoDir: string;
  readonly lfwDir: string;
  readonly yunetPath: string | undefined;
  readonly quick: boolean;
  readonly log: (line: string) => void;
}): Promise<SmallFacesBench> {
  const dets = await detectors(options.yunetPath);
  options.log('small faces: clips ...');
  const clips = await clipStats(options.videoDir, dets, options.quick ? 10 : 40, options.log);
  options.log('small faces: scale sweep ...');
  const heights = [12, 16, 20, 24, 32, 40, 48, 64, 96, 128, 160, 192];
  const s = await sweep(options.lfwDir, dets, options.quick ? 6 : 20, heights);
  return { clips, sweep: s.rows, frame: s.frame };
}

const px = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(0));

export function formatSmallFaces(
  b: SmallFacesBench,
  formatTable: (h: readonly string[], r: readonly (readonly (string | number)[])[]) => string,
): string {
  const clips = formatTable(
    ['clip', 'size', 'detector', 'frames', 'with a face', 'faces/frame', 'height min', 'p10', 'median'],
    b.clips.map((c) => [
      c.clip,
      c.size,
      c.detector,
      c.frames,
      `${c.framesWithFace} (${((100 * c.framesWithFace) / c.frames).toFixed(0)}%)`,
      c.detectionsPerFrame.toFixed(2),
      px(c.heightMin),
      px(c.heightP10),
      px(c.heightMedian),
    ]),
  );
  const names = [...new Set(b.sweep.map((r) => r.detector))];
  const heights = [...new Set(b.sweep.map((r) => r.faceHeightPx))];
  const sweep = formatTable(
    ['face height px', ...names],
    heights.map((h) => [
      String(h),
      ...names.map((n) => {
        const r = b.sweep.find((x) => x.detector === n && x.faceHeightPx === h)!;
        return `${r.found}/${r.faces}`;
      }),
    ]),
  );
  return `Detected faces in the clips (no ground truth; heights in the clip's pixels):\n${clips}\n\nLFW faces shrunk into a grey ${b.frame} frame, found / placed:\n${sweep}`;
}
