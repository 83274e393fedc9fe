/**
 * Face quality measures and gates (R15): size (inter-ocular distance), pose (yaw and pitch
 * estimated from the five points), blur (variance of the Laplacian on the aligned chip) and
 * brightness (mean luma of the chip). Each failing gate gives a stable reason code.
 */
import { z } from 'zod';
import type { FivePoints, RgbImage } from './types.ts';

export const qualityGatesSchema = z.object({
  /** Smallest distance between the eye centres, in pixels of the source image. */
  minInterOcularPx: z.number().nonnegative().default(24),
  maxAbsYawDeg: z.number().positive().default(40),
  maxAbsPitchDeg: z.number().positive().default(35),
  /** Smallest variance of the Laplacian of the grey chip; lower means blurrier. */
  minSharpness: z.number().nonnegative().default(20),
  minBrightness: z.number().min(0).max(255).default(40),
  maxBrightness: z.number().min(0).max(255).default(225),
});
export type QualityGates = z.infer<typeof qualityGatesSchema>;
export const defaultQualityGates: QualityGates = qualityGatesSchema.parse({});

export type QualityReason = 'too-small' | 'yaw' | 'pitch' | 'blurred' | 'too-dark' | 'too-bright';
export const qualityReasons: readonly QualityReason[] = [
  'too-small',
  'yaw',
  'pitch',
  'blurred',
  'too-dark',
  'too-bright',
];

export interface QualityMeasures {
  readonly interOcularPx: number;
  readonly yawDeg: number;
  readonly pitchDeg: number;
  readonly sharpness: number;
  readonly brightness: number;
}

export interface QualityResult extends QualityMeasures {
  readonly passed: boolean;
  /** Every gate that failed; empty when passed. */
  readonly reasons: readonly QualityReason[];
}

const degrees = (rad: number): number => (rad * 180) / Math.PI;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Pose from five points, rotated so the eyes are level. Yaw: the nose tip moves sideways from
 * the eyes' midpoint by about 0.5 x inter-ocular distance x sin(yaw) (a mean-head model).
 * Pitch: the nose tip's height between the eye line and the mouth line is 0.49 on a frontal
 * face (ArcFace template); we map the departure to degrees with the same head model.
 * Both are estimates, good to about ten degrees, which is what a gate needs.
 */
export function estimatePose(five: FivePoints): { yawDeg: number; pitchDeg: number; interOcularPx: number } {
  const [le, re, nose, lm, rm] = five;
  const dx = re.x - le.x,
    dy = re.y - le.y;
  const iod = Math.hypot(dx, dy);
  if (iod === 0) return { yawDeg: 90, pitchDeg: 90, interOcularPx: 0 };
  const cos = dx / iod,
    sin = dy / iod;
  const rot = (p: { x: number; y: number }) => ({ x: p.x * cos + p.y * sin, y: -p.x * sin + p.y * cos });
  const e1 = rot(le),
    e2 = rot(re),
    n = rot(nose),
    m1 = rot(lm),
    m2 = rot(rm);
  const eyeMidX = (e1.x + e2.x) / 2,
    eyeY = (e1.y + e2.y) / 2,
    mouthY = (m1.y + m2.y) / 2;
  const yaw = degrees(Math.asin(clamp((n.x - eyeMidX) / (0.5 * iod), -1, 1)));
  const span = mouthY - eyeY;
  const ratio = span > 0 ? (n.y - eyeY) / span : 0;
  const pitch = degrees(Math.asin(clamp((ratio - 0.49) / 0.5, -1, 1)));
  return { yawDeg: yaw, pitchDeg: pitch, interOcularPx: iod };
}

/** Variance of the 4-neighbour Laplacian of the luma, over the interior of the chip. */
export function laplacianVariance(chip: RgbImage): number {
  const { width: w, height: h, data } = chip;
  const luma = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) luma[i] = 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;
  let sum = 0,
    sumSq = 0,
    n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const l = luma[i - 1]! + luma[i + 1]! + luma[i - w]! + luma[i + w]! - 4 * luma[i]!;
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const m = sum / n;
  return sumSq / n - m * m;
}

export function meanLuma(chip: RgbImage): number {
  const { data } = chip;
  const n = chip.width * chip.height;
  let s = 0;
  for (let i = 0; i < n; i++) s += 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;
  return n === 0 ? 0 : s / n;
}

export function measureQuality(five: FivePoints, chip: RgbImage): QualityMeasures {
  const pose = estimatePose(five);
  return { ...pose, sharpness: laplacianVariance(chip), brightness: meanLuma(chip) };
}

export function applyGates(m: QualityMeasures, gates: QualityGates): QualityResult {
  const reasons: QualityReason[] = [];
  if (m.interOcularPx < gates.minInterOcularPx) reasons.push('too-small');
  if (Math.abs(m.yawDeg) > gates.maxAbsYawDeg) reasons.push('yaw');
  if (Math.abs(m.pitchDeg) > gates.maxAbsPitchDeg) reasons.push('pitch');
  if (m.sharpness < gates.minSharpness) reasons.push('blurred');
  if (m.brightness < gates.minBrightness) reasons.push('too-dark');
  if (m.brightness > gates.maxBrightness) reasons.push('too-bright');
  return { ...m, passed: reasons.length === 0, reasons };
}
