/**
 * Intersection over union and greedy non-maximum suppression: pure functions shared by the
 * face detectors. Boxes are axis-aligned rectangles in any consistent unit.
 */
import type { Box } from '../types.ts';

/** IoU of two boxes; 0 when either has no area. */
export function iou(a: Box, b: Box): number {
  if (a.width <= 0 || a.height <= 0 || b.width <= 0 || b.height <= 0) return 0;
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

export interface NmsOptions {
  /** A box is dropped when its IoU with an already kept box is above this. */
  readonly iouThreshold: number;
  /** Boxes scoring below this are never kept (default: keep all). */
  readonly minScore?: number;
  /** Stop after keeping this many (default: no limit). */
  readonly maxOutput?: number;
}

/**
 * Greedy NMS: visits boxes from the highest score down and keeps each box whose IoU with every
 * box kept so far is at most `iouThreshold`. Returns the kept indices, best first.
 */
export function nonMaxSuppression(boxes: readonly Box[], scores: ArrayLike<number>, options: NmsOptions): number[] {
  if (boxes.length !== scores.length) throw new Error('nonMaxSuppression: boxes and scores differ in length');
  const minScore = options.minScore ?? -Infinity;
  const maxOutput = options.maxOutput ?? Infinity;
  const order: number[] = [];
  for (let i = 0; i < boxes.length; i++) if (scores[i]! >= minScore) order.push(i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxOutput) break;
    const box = boxes[i]!;
    if (kept.every((k) => iou(boxes[k]!, box) <= options.iouThreshold)) kept.push(i);
  }
  return kept;
}
