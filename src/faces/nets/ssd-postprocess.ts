/**
 * Face-api's SSD output layer and box mapping (ssdMobilenetv1/outputLayer.ts and
 * SsdMobilenetv1.locateFaces), as pure functions over the graph's raw outputs.
 */
import type { Box, Detection } from '../types.ts';
import { nonMaxSuppression } from './nms.ts';
import { reshapedCorrection } from './detector-graph.ts';

/** Face-api's fixed NMS threshold for the SSD detector. */
export const SSD_IOU_THRESHOLD = 0.5;

/**
 * Decodes anchor `i`: anchors and results are [a0, a1, b0, b1] corners where index 0/2 is the
 * vertical axis, in units of the padded square (0..1). Offsets are scaled by 10 (centre) and 5
 * (log size) as in face-api's decodeBoxesLayer.
 */
export function decodeSsdBox(encodings: ArrayLike<number>, anchors: ArrayLike<number>, i: number): number[] {
  const o = i * 4;
  const h = anchors[o + 2]! - anchors[o]!;
  const w = anchors[o + 3]! - anchors[o + 1]!;
  const cy = anchors[o]! + h / 2;
  const cx = anchors[o + 1]! + w / 2;
  const halfH = (Math.exp(encodings[o + 2]! / 5) * h) / 2;
  const halfW = (Math.exp(encodings[o + 3]! / 5) * w) / 2;
  const y = (encodings[o]! / 10) * h + cy;
  const x = (encodings[o + 1]! / 10) * w + cx;
  return [y - halfH, x - halfW, y + halfH, x + halfW];
}

export interface SsdDecodeOptions {
  readonly minScore: number;
  readonly maxFaces: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly inputSize: number;
}

/**
 * Scores above `minScore` (strictly, as face-api), greedy NMS at IoU 0.5 on the normalised boxes,
 * then face-api's mapping: clamp to the padded square, correct for the padding, scale to pixels.
 */
export function decodeSsd(
  encodings: ArrayLike<number>,
  scores: ArrayLike<number>,
  anchors: ArrayLike<number>,
  options: SsdDecodeOptions,
): Detection[] {
  const indices: number[] = [];
  const boxes: Box[] = [];
  const candidateScores: number[] = [];
  const corners: number[][] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (!(score > options.minScore)) continue;
    const c = decodeSsdBox(encodings, anchors, i);
    indices.push(i);
    corners.push(c);
    candidateScores.push(score);
    boxes.push({ x: c[1]!, y: c[0]!, width: c[3]! - c[1]!, height: c[2]! - c[0]! });
  }
  const kept = nonMaxSuppression(boxes, candidateScores, {
    iouThreshold: SSD_IOU_THRESHOLD,
    maxOutput: options.maxFaces,
  });
  const pad = reshapedCorrection(options.imageWidth, options.imageHeight, options.inputSize);
  const sx = pad.x * options.imageWidth;
  const sy = pad.y * options.imageHeight;
  const out: Detection[] = [];
  for (const k of kept) {
    const c = corners[k]!;
    const top = Math.max(0, c[0]!) * sy;
    const bottom = Math.min(1, c[2]!) * sy;
    const left = Math.max(0, c[1]!) * sx;
    const right = Math.min(1, c[3]!) * sx;
    if (right <= left || bottom <= top) continue;
    out.push({ box: { x: left, y: top, width: right - left, height: bottom - top }, score: candidateScores[k]! });
  }
  return out;
}
