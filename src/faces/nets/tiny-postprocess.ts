/**
 * Face-api's Tiny Face Detector box extraction (TinyYolov2Base.extractBoxes and detect), as a
 * pure function over the graph's output grid.
 */
import type { Box, Detection } from '../types.ts';
import { nonMaxSuppression } from './nms.ts';
import { reshapedCorrection } from './detector-graph.ts';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export interface TinyDecodeOptions {
  readonly minScore: number;
  readonly maxFaces: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly inputSize: number;
  /** Anchor (width, height) in grid cells. */
  readonly anchors: readonly (readonly [number, number])[];
  readonly iouThreshold: number;
}

/**
 * `grid` is NCHW [1, anchors * 5, cells, cells] with channel `anchor * 5 + k`,
 * k = (tx, ty, tw, th, objectness logit).
 */
export function decodeTiny(grid: ArrayLike<number>, options: TinyDecodeOptions): Detection[] {
  const cells = options.inputSize / 32;
  const plane = cells * cells;
  const anchorCount = options.anchors.length;
  if (grid.length !== anchorCount * 5 * plane) throw new Error('tiny detector grid has an unexpected size');
  const corr = reshapedCorrection(options.imageWidth, options.imageHeight, options.inputSize);
  const sx = (corr.x * options.imageWidth) / cells;
  const sy = (corr.y * options.imageHeight) / cells;
  const boxes: Box[] = [];
  const scores: number[] = [];
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      const cell = row * cells + col;
      for (let a = 0; a < anchorCount; a++) {
        const at = (k: number) => grid[(a * 5 + k) * plane + cell]!;
        const score = sigmoid(at(4));
        if (!(score > options.minScore)) continue;
        const [aw, ah] = options.anchors[a]!;
        const width = Math.exp(at(2)) * aw * sx;
        const height = Math.exp(at(3)) * ah * sy;
        const cx = (col + sigmoid(at(0))) * sx;
        const cy = (row + sigmoid(at(1))) * sy;
        boxes.push({ x: cx - width / 2, y: cy - height / 2, width, height });
        scores.push(score);
      }
    }
  }
  const kept = nonMaxSuppression(boxes, scores, { iouThreshold: options.iouThreshold, maxOutput: options.maxFaces });
  return kept.map((k) => ({ box: boxes[k]!, score: scores[k]! }));
}
