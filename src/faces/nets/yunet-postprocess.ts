/**
 * YuNet output decoding, after OpenCV's FaceDetectorYN (modules/objdetect/src/face_detect.cpp):
 * one anchor per cell at strides 8, 16 and 32; score = sqrt(cls * obj) (each clamped to 0..1);
 * centre = (cell + offset) * stride, size = exp(log size) * stride; landmarks = (cell + offset) * stride.
 */
import type { Box, Detection, FivePoints, Point } from '../types.ts';
import { nonMaxSuppression } from './nms.ts';

export const YUNET_STRIDES = [8, 16, 32] as const;

/** The raw outputs of one stride: per cell, cls [1], obj [1], bbox [4], kps [10]. */
export interface YunetLevel {
  readonly stride: number;
  readonly cls: ArrayLike<number>;
  readonly obj: ArrayLike<number>;
  readonly bbox: ArrayLike<number>;
  readonly kps: ArrayLike<number>;
}

export interface YunetDecodeOptions {
  /** Network input size (the padded image), a multiple of 32. */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** Network pixels per image pixel, per axis: coordinates are divided by these. */
  readonly scaleX: number;
  readonly scaleY: number;
  readonly minScore: number;
  readonly maxFaces: number;
  readonly iouThreshold: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export function decodeYunet(levels: readonly YunetLevel[], options: YunetDecodeOptions): Detection[] {
  const boxes: Box[] = [];
  const scores: number[] = [];
  const points: FivePoints[] = [];
  const { scaleX, scaleY } = options;
  for (const level of levels) {
    const { stride } = level;
    const cols = options.inputWidth / stride;
    const rows = options.inputHeight / stride;
    if (level.cls.length !== rows * cols) throw new Error(`YuNet stride ${stride}: expected ${rows * cols} cells`);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        const score = Math.sqrt(clamp01(level.cls[i]!) * clamp01(level.obj[i]!));
        if (score < options.minScore) continue;
        const b = i * 4;
        const cx = (c + level.bbox[b]!) * stride;
        const cy = (r + level.bbox[b + 1]!) * stride;
        const w = Math.exp(level.bbox[b + 2]!) * stride;
        const h = Math.exp(level.bbox[b + 3]!) * stride;
        boxes.push({ x: (cx - w / 2) / scaleX, y: (cy - h / 2) / scaleY, width: w / scaleX, height: h / scaleY });
        scores.push(score);
        const k = i * 10;
        const pt = (n: number): Point => ({
          x: ((c + level.kps[k + 2 * n]!) * stride) / scaleX,
          y: ((r + level.kps[k + 2 * n + 1]!) * stride) / scaleY,
        });
        points.push([pt(0), pt(1), pt(2), pt(3), pt(4)]);
      }
    }
  }
  const kept = nonMaxSuppression(boxes, scores, { iouThreshold: options.iouThreshold, maxOutput: options.maxFaces });
  return kept.map((k) => ({ box: boxes[k]!, score: scores[k]!, fivePoints: points[k]! }));
}
