/**
 * Video probes (R37): an uploaded video is sampled, faces are found in each sampled frame, grouped
 * into tracks, and each track is returned with its best face (a JPEG crop and the whole frame) so
 * the investigator can pick faces to search. Quality gates (R15) apply: a track whose best face
 * fails them is not returned (it could not be searched), and dropped faces are counted by reason,
 * never kept as images.
 *
 * Every face is embedded so the tracker can tell people apart by appearance (gated by the
 * recognizer's calibrated threshold at FMR 1e-2); templates stay in memory, and a track carries its
 * best face's template only when that face passes the gates and can be searched.
 *
 * Nothing is written to disk here except the uploaded bytes' temporary file while decoding (see
 * `withVideoBytes`): the caller stores what it keeps, sealed. Pixels are held only for frames that
 * are some open track's best so far (at most `maxRetainedFrames`; beyond that the oldest are
 * encoded early) and are dropped as soon as the crops are encoded.
 */
import { pipelineIdOf } from './pipeline-id.ts';
import sharp from 'sharp';
import type { FaceEngine } from './engine.ts';
import type { ImageAnalysis } from './engine-protocol.ts';
import type { DetectOptions } from './pipeline.ts';
import { qualityReasons, type QualityReason } from './quality.ts';
import type { FaceTemplate } from './template.ts';
import { loadCalibrations } from './thresholds.ts';
import type { Box, RgbImage } from './types.ts';
import {
  openVideo,
  probeVideo,
  withVideoBytes,
  type DecodeOptions,
  type VideoFrame,
  type VideoInfo,
  type VideoSource,
  type VideoWarning,
} from '../video/ffmpeg-frames.ts';
import { FaceTracker, type BestFace, type Track, type TrackerOptions, type TrackObservation } from './face-tracker.ts';

export interface VideoProbeOptions {
  /** Frames analysed per second of video (default 3). Lowered so the whole video fits in `maxFrames`. */
  readonly fps?: number;
  /** Most frames analysed (default 600). */
  readonly maxFrames?: number;
  /** Frames wider than this are scaled down before detection (default 1920). */
  readonly maxWidth?: number;
  readonly tracker?: Partial<TrackerOptions>;
  /** Tracks seen in fewer sampled frames are not returned (default 1). */
  readonly minTrackFrames?: number;
  /** Also return tracks whose best face fails the quality gates (default false). */
  readonly includeBelowQuality?: boolean;
  /** Margin around the face box in the crop, as a fraction of the box size on each side (default 0.4). */
  readonly cropMargin?: number;
  readonly jpegQuality?: number;
  /** Most decoded frames held at once for pending crops (default 12). */
  readonly maxRetainedFrames?: number;
  readonly detect?: Partial<DetectOptions>;
  readonly decode?: Pick<DecodeOptions, 'limits' | 'tools' | 'probeTimeoutMs'>;
  readonly signal?: AbortSignal;
}

export interface VideoProbeTrack {
  /** 1, 2, 3... in order of first appearance. */
  readonly trackId: number;
  readonly firstMs: number;
  readonly lastMs: number;
  /** Sampled frames the face was found in. */
  readonly frames: number;
  /** Where the face was in each of those frames (pixels of the sampled frames). */
  readonly observations: readonly TrackObservation[];
  readonly best: {
    readonly frameIndex: number;
    readonly timestampMs: number;
    readonly box: Box;
    readonly quality: BestFace['quality'];
    /** The template of the best face, to search with (present when it passed the gates). */
    readonly template?: FaceTemplate;
    /** Region of the frame in the crop. */
    readonly cropBox: Box;
    /** JPEG of the face with a margin. */
    readonly crop: Buffer;
    /** JPEG of the whole sampled frame. */
    readonly frame: Buffer;
  };
}

export interface VideoProbeResult {
  readonly video: VideoInfo;
  /** What was analysed: the sampling rate and the size of the sampled frames. */
  readonly sampling: { readonly fps: number; readonly width: number; readonly height: number };
  readonly tracks: readonly VideoProbeTrack[];
  readonly counts: {
    readonly framesSampled: number;
    readonly facesDetected: number;
    readonly facesPassing: number;
    /** Faces failing a quality gate, by reason (a face failing two gates counts under both). */
    readonly facesBelowQuality: Readonly<Record<QualityReason, number>>;
    readonly tracksFound: number;
    readonly tracksBelowQuality: number;
    readonly tracksTooShort: number;
  };
  readonly warnings: readonly VideoWarning[];
}

type Engine = Pick<FaceEngine, 'analyseFrame' | 'workers' | 'pack'>;

/**
 * The tracker's appearance gate: the caller's, else the recognizer's calibrated threshold at
 * FMR 1e-2 (looser than any operating point), else none (tracking by position alone).
 */
export function trackerOptionsFor(
  engine: Pick<FaceEngine, 'pack'>,
  given: Partial<TrackerOptions> = {},
): Partial<TrackerOptions> {
  if ('minSimilarity' in given) return given;
  const calibrated = loadCalibrations().models[pipelineIdOf(engine.pack)]?.thresholds['1e-2'];
  return { ...given, minSimilarity: calibrated };
}
type Encoded = Pick<VideoProbeTrack['best'], 'cropBox' | 'crop' | 'frame'>;

/** Region around a box, widened by `margin` of its size on each side and kept inside the image. */
export function cropRegion(box: Box, margin: number, width: number, height: number): Box {
  const x0 = Math.max(0, Math.floor(box.x - margin * box.width));
  const y0 = Math.max(0, Math.floor(box.y - margin * box.height));
  const x1 = Math.min(width, Math.ceil(box.x + box.width * (1 + margin)));
  const y1 = Math.min(height, Math.ceil(box.y + box.height * (1 + margin)));
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

async function encode(image: RgbImage, box: Box, margin: number, quality: number): Promise<Encoded> {
  const raw = { raw: { width: image.width, height: image.height, channels: 3 as const } };
  const pixels = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const cropBox = cropRegion(box, margin, image.width, image.height);
  const region = { left: cropBox.x, top: cropBox.y, width: cropBox.width, height: cropBox.height };
  const [crop, frame] = await Promise.all([
    sharp(pixels, raw).extract(region).jpeg({ quality }).toBuffer(),
    sharp(pixels, raw).jpeg({ quality }).toBuffer(),
  ]);
  return { cropBox, crop, frame };
}

/** Samples a video source, detects and tracks faces, and returns the tracks with their best faces. */
export async function probeVideoFaces(
  engine: Engine,
  source: VideoSource,
  options: VideoProbeOptions = {},
): Promise<VideoProbeResult> {
  const maxFrames = options.maxFrames ?? 600;
  const margin = options.cropMargin ?? 0.4;
  const jpegQuality = options.jpegQuality ?? 90;
  const maxRetained = Math.max(1, options.maxRetainedFrames ?? 12);
  const decode = { ...options.decode, limits: { ...options.decode?.limits, maxFrames } };
  const signal = options.signal;
  const info = await probeVideo(source, { ...decode, ...(signal ? { signal } : {}) });
  const durationS = (info.durationMs ?? 0) / 1000;
  const fps = Math.min(options.fps ?? 3, durationS > 0 ? maxFrames / durationS : Infinity);
  const frames = await openVideo(source, {
    ...decode,
    fps,
    maxWidth: options.maxWidth ?? 1920,
    ...(signal ? { signal } : {}),
  });

  const tracker = new FaceTracker(trackerOptionsFor(engine, options.tracker));
  const minFrames = options.minTrackFrames ?? 1;
  const wanted = (t: Track) => options.includeBelowQuality === true || t.best.quality?.passed === true;
  const retained = new Map<number, RgbImage>();
  const early = new Map<number, { frameIndex: number; encoded: Encoded }>();
  const finished: { track: Track; encoded: Encoded }[] = [];
  const below = Object.fromEntries(qualityReasons.map((r) => [r, 0])) as Record<QualityReason, number>;
  let framesSampled = 0,
    facesDetected = 0,
    facesPassing = 0,
    tracksFound = 0,
    tracksBelowQuality = 0,
    tracksTooShort = 0;

  const encodedFor = async (t: Track): Promise<Encoded> => {
    const e = early.get(t.id);
    if (e && e.frameIndex === t.best.frameIndex) return e.encoded;
    const image = retained.get(t.best.frameIndex);
    if (!image) throw new Error(`frame ${t.best.frameIndex} of track ${t.id} was not kept`);
    return encode(image, t.best.box, margin, jpegQuality);
  };

  const end = async (ended: readonly Track[]) => {
    for (const t of ended) {
      tracksFound++;
      if (!wanted(t)) tracksBelowQuality++;
      else if (t.observations.length < minFrames) tracksTooShort++;
      else finished.push({ track: t, encoded: await encodedFor(t) });
      early.delete(t.id);
    }
  };

  /** Drops frames no open track's best is in; encodes early if too many frames are held. */
  const release = async () => {
    const open = tracker.active;
    const needed = new Set(
      open.filter((t) => early.get(t.id)?.frameIndex !== t.best.frameIndex).map((t) => t.best.frameIndex),
    );
    for (const i of [...retained.keys()]) if (!needed.has(i)) retained.delete(i);
    while (retained.size > maxRetained) {
      const oldest = Math.min(...retained.keys());
      for (const t of open.filter((o) => o.best.frameIndex === oldest && wanted(o))) {
        early.set(t.id, { frameIndex: oldest, encoded: await encodedFor(t) });
      }
      retained.delete(oldest);
    }
  };

  const consume = async (frame: VideoFrame, analysis: ImageAnalysis) => {
    framesSampled++;
    facesDetected += analysis.faces.length;
    for (const f of analysis.faces) {
      if (f.quality.passed) facesPassing++;
      for (const r of f.quality.reasons) below[r]++;
    }
    const { ended } = tracker.update({ index: frame.index, timestampMs: frame.timestampMs }, analysis.faces);
    retained.set(frame.index, frame.image);
    await end(ended);
    await release();
  };

  const inFlight: { frame: VideoFrame; analysis: Promise<ImageAnalysis> }[] = [];
  const depth = Math.max(1, engine.workers);
  try {
    for await (const frame of frames) {
      const analysis = engine.analyseFrame(frame.image, {
        embed: 'all',
        ...(options.detect ? { detect: options.detect } : {}),
      });
      analysis.catch(() => undefined);
      inFlight.push({ frame, analysis });
      if (inFlight.length >= depth) {
        const next = inFlight.shift()!;
        await consume(next.frame, await next.analysis);
      }
    }
    for (let next = inFlight.shift(); next; next = inFlight.shift()) await consume(next.frame, await next.analysis);
    await end(tracker.finish());
  } finally {
    await Promise.allSettled(inFlight.map((p) => p.analysis));
    retained.clear();
  }

  finished.sort((a, b) => a.track.id - b.track.id);
  const tracks = finished.map(({ track, encoded }, i): VideoProbeTrack => {
    const obs = track.observations;
    const { frameIndex, timestampMs, box, quality, template } = track.best;
    const searchable = quality?.passed === true && template !== undefined;
    return {
      trackId: i + 1,
      firstMs: obs[0]!.timestampMs,
      lastMs: obs[obs.length - 1]!.timestampMs,
      frames: obs.length,
      observations: obs,
      best: { frameIndex, timestampMs, box, quality, ...(searchable ? { template } : {}), ...encoded },
    };
  });
  return {
    video: info,
    sampling: frames.output,
    tracks,
    counts: {
      framesSampled,
      facesDetected,
      facesPassing,
      facesBelowQuality: below,
      tracksFound,
      tracksBelowQuality,
      tracksTooShort,
    },
    warnings: frames.warnings,
  };
}

/** The same for uploaded bytes: decoded from a private temporary file under `tempDir`, deleted after. */
export function probeUploadedVideo(
  engine: Engine,
  bytes: Uint8Array,
  options: VideoProbeOptions & { readonly tempDir: string },
): Promise<VideoProbeResult> {
  const maxBytes = options.decode?.limits?.maxBytes;
  return withVideoBytes(bytes, { dir: options.tempDir, ...(maxBytes ? { maxBytes } : {}) }, (source) =>
    probeVideoFaces(engine, source, options),
  );
}
