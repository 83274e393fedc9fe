/** Messages between the face engine (main thread) and its workers. */
import type { DecodeLimits, ImageFormat } from './image-decode.ts';
import type { PackSpec } from './packs.ts';
import type { AnalysedFace, DetectOptions, EmbedPolicy } from './pipeline.ts';
import type { QualityGates } from './quality.ts';
import type { Box } from './types.ts';

export interface EngineWorkerData {
  readonly pack: PackSpec;
  readonly gates: QualityGates;
  readonly limits: DecodeLimits;
  /** onnxruntime intra-op threads per worker. */
  readonly threads: number;
}

/** Encoded image bytes, or raw RGB pixels (a video frame). */
export type ImageSource =
  | { readonly kind: 'encoded'; readonly bytes: ArrayBuffer }
  | { readonly kind: 'rgb'; readonly width: number; readonly height: number; readonly pixels: ArrayBuffer };

export type EngineRequest =
  | {
      readonly op: 'analyse';
      readonly source: ImageSource;
      readonly detect: DetectOptions;
      readonly embed: EmbedPolicy;
    }
  | {
      readonly op: 'describe';
      readonly source: ImageSource;
      readonly faces: readonly { box: Box; score: number }[];
      readonly embed: EmbedPolicy;
    };

/**
 * What the engine sends a worker: one or more requests, handled together so that their faces go
 * through the recognizer in shared batches (engine.ts, embed-coalescer.ts).
 */
export interface EngineBatch {
  readonly op: 'batch';
  readonly requests: readonly EngineRequest[];
}

/** The worker's answer to a batch: one outcome per request, in order (one failing fails only itself). */
export type EngineOutcome =
  | { readonly ok: true; readonly result: ImageAnalysis }
  | { readonly ok: false; readonly error: { readonly name: string; readonly code?: string; readonly message: string } };

export interface ImageAnalysis {
  readonly width: number;
  readonly height: number;
  /** Encoded format, or 'rgb' for raw frames. */
  readonly format: ImageFormat | 'rgb';
  /** The best real face first: confident (score >= 0.5) before unsure, then larger (face-order.ts). */
  readonly faces: readonly AnalysedFace[];
  /** Milliseconds spent in the worker: decode, detection, and the rest (landmarks to templates). */
  readonly timings: { readonly decodeMs: number; readonly detectMs: number; readonly describeMs: number };
}
