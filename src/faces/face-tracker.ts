/**
 * Groups detected faces across video frames into tracks (R16, R37). Pure and deterministic: the
 * same detections in the same order give the same tracks. It never holds pixels: a track keeps
 * its frame indices, boxes and detector scores, a running appearance template, and which of its
 * faces is best by quality.
 *
 * Association, frame by frame: each open track predicts its box (last box moved by its last
 * velocity). A track and a detection may be paired only if their widths differ by at most
 * `maxScaleChange` and the detection is near the prediction: IoU at least `minIou`, or centre
 * within `maxCentreShift` face widths per frame since the track was last seen. Appearance is used
 * only when `minSimilarity` is set (it is model-specific: the probe takes the recognizer's
 * calibrated threshold at FMR 1e-2) and both have templates of one model: then a pair less alike
 * than `minSimilarity` is never made, and an alike pair may be as far apart as
 * `maxCentreShiftAlike` face widths per frame (a fast walker close to the camera crosses several
 * face widths between samples). Allowed pairs score
 * `(spatialWeight * spatial + appearanceWeight * appearance) / (sum of the weights used)`, and the
 * Hungarian method (max-weight-matching.ts) picks the pairing with the greatest total. A track
 * unseen for more than `maxMissedFrames` frames ends.
 */
import type { QualityMeasures } from './quality.ts';
import type { FaceTemplate } from './template.ts';
import { maxWeightMatching } from './max-weight-matching.ts';
import type { Box } from './types.ts';

export { maxWeightMatching } from './max-weight-matching.ts';

/** A detected face as the engine gives it (an `AnalysedFace` fits). */
export interface TrackerFace {
  readonly box: Box;
  readonly score: number;
  readonly quality?: QualityMeasures & { readonly passed: boolean };
  readonly template?: FaceTemplate;
}

export interface TrackerOptions {
  readonly spatialWeight: number;
  readonly appearanceWeight: number;
  readonly minIou: number;
  /** Face widths per frame a face may move from its predicted place (without appearance). */
  readonly maxCentreShift: number;
  /** The same for a pair that is alike by appearance. */
  readonly maxCentreShiftAlike: number;
  /** Largest ratio between the widths of a track's last box and a detection. */
  readonly maxScaleChange: number;
  /**
   * Cosine similarity below which a track and a face with templates are never paired; it depends
   * on the recognizer. Undefined: templates are ignored and tracking is by position alone.
   */
  readonly minSimilarity: number | undefined;
  readonly maxMissedFrames: number;
}

export const defaultTrackerOptions: TrackerOptions = {
  spatialWeight: 0.5,
  appearanceWeight: 0.5,
  minIou: 0.1,
  maxCentreShift: 1.5,
  maxCentreShiftAlike: 4,
  maxScaleChange: 1.5,
  minSimilarity: undefined,
  maxMissedFrames: 3,
};

export interface TrackObservation {
  readonly frameIndex: number;
  readonly timestampMs: number;
  readonly box: Box;
  readonly score: number;
}

export interface BestFace extends TrackObservation {
  readonly quality?: TrackerFace['quality'];
  readonly template?: FaceTemplate;
  /** `bestFaceRank` of this face; higher is better. */
  readonly rank: number;
}

export interface Track {
  readonly id: number;
  readonly observations: readonly TrackObservation[];
  readonly best: BestFace;
}

/**
 * How good a face is to show and search: passing the quality gates first, then size
 * (inter-ocular distance, saturating at 60 px), sharpness and frontal pose, then detector score.
 */
export function bestFaceRank(face: TrackerFace): number {
  const q = face.quality;
  if (!q) return face.score;
  const size = Math.min(1, q.interOcularPx / 60);
  const sharp = q.sharpness / (q.sharpness + 100);
  const rad = Math.PI / 180;
  const pose = Math.max(0, Math.cos(q.yawDeg * rad) * Math.cos(q.pitchDeg * rad));
  return (q.passed ? 10 : 0) + 3 * (0.4 * size + 0.3 * sharp + 0.3 * pose) + face.score;
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

interface OpenTrack {
  readonly id: number;
  readonly observations: TrackObservation[];
  best: BestFace;
  velocity: { x: number; y: number };
  appearance?: { modelId: string; sum: Float32Array };
}

const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

function cosine(sum: Float32Array, v: Float32Array): number {
  let dot = 0,
    norm = 0;
  for (let i = 0; i < sum.length; i++) {
    dot += sum[i]! * (v[i] ?? 0);
    norm += sum[i]! * sum[i]!;
  }
  return norm === 0 ? 0 : dot / Math.sqrt(norm);
}

export class FaceTracker {
  private readonly options: TrackerOptions;
  private open: OpenTrack[] = [];
  private nextId = 1;
  private lastFrame = -Infinity;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...defaultTrackerOptions, ...options };
  }

  /** Tracks still open, oldest first. */
  get active(): readonly Track[] {
    return this.open.map(snapshot);
  }

  /**
   * Adds one frame's faces (frame indices must increase). Returns the track id of each face, in
   * input order, and the tracks that ended at this frame.
   */
  update(
    frame: { index: number; timestampMs: number },
    faces: readonly TrackerFace[],
  ): { trackIds: number[]; ended: Track[] } {
    if (!(frame.index > this.lastFrame)) throw new RangeError(`frame ${frame.index} is not after ${this.lastFrame}`);
    this.lastFrame = frame.index;
    const affinity = this.open.map((t) => faces.map((f) => this.affinity(t, f, frame.index)));
    const pairs = maxWeightMatching(affinity);
    const trackIds = faces.map(() => 0);
    const matched = new Set<OpenTrack>();
    for (const [ti, fi] of pairs) {
      const t = this.open[ti]!;
      this.extend(t, faces[fi]!, frame);
      matched.add(t);
      trackIds[fi] = t.id;
    }
    const ended = this.open.filter(
      (t) => !matched.has(t) && frame.index - lastOf(t).frameIndex > this.options.maxMissedFrames,
    );
    this.open = this.open.filter((t) => !ended.includes(t));
    faces.forEach((f, i) => {
      if (trackIds[i] !== 0) return;
      const t = this.start(f, frame);
      trackIds[i] = t.id;
    });
    return { trackIds, ended: ended.map(snapshot) };
  }

  /** Ends every open track and returns them, oldest first. */
  finish(): Track[] {
    const all = this.open.map(snapshot);
    this.open = [];
    return all;
  }

  private affinity(t: OpenTrack, f: TrackerFace, frameIndex: number): number {
    const o = this.options;
    const last = lastOf(t);
    const gap = frameIndex - last.frameIndex;
    const c = centre(last.box);
    const predicted = { ...last.box, x: last.box.x + t.velocity.x * gap, y: last.box.y + t.velocity.y * gap };
    const scale = f.box.width / last.box.width;
    if (!(scale <= o.maxScaleChange && scale >= 1 / o.maxScaleChange)) return 0;
    const overlap = iou(predicted, f.box);
    const fc = centre(f.box);
    const shift = Math.hypot(fc.x - (c.x + t.velocity.x * gap), fc.y - (c.y + t.velocity.y * gap));
    const minSim = o.minSimilarity;
    const alike = minSim !== undefined && f.template && t.appearance?.modelId === f.template.modelId;
    let appearance = 0;
    if (alike) {
      const sim = cosine(t.appearance!.sum, f.template!.vector);
      if (sim < minSim) return 0;
      appearance = (sim - minSim) / (1 - minSim || 1);
    }
    const reach = (alike ? o.maxCentreShiftAlike : o.maxCentreShift) * gap * Math.max(last.box.width, f.box.width);
    if (overlap < o.minIou && shift > reach) return 0;
    const spatial = (overlap + Math.max(0, 1 - shift / reach)) / 2;
    if (!alike) return Math.max(spatial, 1e-6);
    const weights = o.spatialWeight + o.appearanceWeight;
    return Math.max((o.spatialWeight * spatial + o.appearanceWeight * appearance) / weights, 1e-6);
  }

  private start(f: TrackerFace, frame: { index: number; timestampMs: number }): OpenTrack {
    const obs = observe(f, frame);
    const t: OpenTrack = { id: this.nextId++, observations: [obs], best: bestOf(f, obs), velocity: { x: 0, y: 0 } };
    if (f.template) t.appearance = { modelId: f.template.modelId, sum: Float32Array.from(f.template.vector) };
    this.open.push(t);
    return t;
  }

  private extend(t: OpenTrack, f: TrackerFace, frame: { index: number; timestampMs: number }): void {
    const prev = lastOf(t);
    const obs = observe(f, frame);
    const gap = frame.index - prev.frameIndex;
    t.velocity = { x: (f.box.x - prev.box.x) / gap, y: (f.box.y - prev.box.y) / gap };
    t.observations.push(obs);
    const best = bestOf(f, obs);
    if (best.rank > t.best.rank) t.best = best;
    if (f.template && t.appearance?.modelId === f.template.modelId) {
      const sum = t.appearance.sum;
      for (let i = 0; i < sum.length; i++) sum[i]! += f.template.vector[i] ?? 0;
    } else if (f.template && !t.appearance) {
      t.appearance = { modelId: f.template.modelId, sum: Float32Array.from(f.template.vector) };
    }
  }
}

const lastOf = (t: OpenTrack): TrackObservation => t.observations[t.observations.length - 1]!;

const observe = (f: TrackerFace, frame: { index: number; timestampMs: number }): TrackObservation => ({
  frameIndex: frame.index,
  timestampMs: frame.timestampMs,
  box: f.box,
  score: f.score,
});

const bestOf = (f: TrackerFace, obs: TrackObservation): BestFace => ({
  ...obs,
  ...(f.quality ? { quality: f.quality } : {}),
  ...(f.template ? { template: f.template } : {}),
  rank: bestFaceRank(f),
});

const snapshot = (t: OpenTrack): Track => ({ id: t.id, observations: [...t.observations], best: t.best });
