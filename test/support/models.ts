/**
 * Tiny ONNX models for tests: an "arcface-shaped" recognizer (image in, fixed-size vector out)
 * and variants with the wrong interface. Weights are deterministic pseudo-random numbers.
 */
import { OnnxGraphBuilder } from '../../src/faces/nets/onnx-builder.ts';
import type { Dim } from '../../src/faces/nets/onnx-builder.ts';

export interface TinyRecognizerSpec {
  /** Embedding size (default 512). */
  readonly dimensions?: number;
  /** Input layout (default NCHW). */
  readonly layout?: 'nchw' | 'nhwc';
  /** Batch dimension: a symbolic name (dynamic, default "N") or a fixed size. */
  readonly batch?: Dim;
  /** Input side (default 112). */
  readonly side?: number;
}

function pseudoRandom(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

/** Conv(stride 8) → GlobalAveragePool → Flatten → Gemm: [N,3,S,S] (or [N,S,S,3]) → [N,D]. */
export function buildTinyRecognizer(spec: TinyRecognizerSpec = {}): Uint8Array {
  const d = spec.dimensions ?? 512;
  const side = spec.side ?? 112;
  const batch = spec.batch ?? 'N';
  const g = new OnnxGraphBuilder('tiny-recognizer');
  let x: string;
  if (spec.layout === 'nhwc') {
    const raw = g.input('data', 'float', [batch, side, side, 3]);
    x = g.node('Transpose', [raw], { perm: [0, 3, 1, 2] });
  } else {
    x = g.input('data', 'float', [batch, 3, side, side]);
  }
  const channels = 4;
  const w = g.floats('conv_w', pseudoRandom(channels * 3 * 8 * 8, 1), [channels, 3, 8, 8]);
  const conv = g.node('Conv', [x, w], { kernel_shape: [8, 8], strides: [8, 8] });
  const pooled = g.node('GlobalAveragePool', [conv]);
  const flat = g.node('Flatten', [pooled], { axis: 1 });
  const b = g.floats('fc_w', pseudoRandom(channels * d, 2), [channels, d]);
  const c = g.floats('fc_b', pseudoRandom(d, 3), [d]);
  g.node('Gemm', [flat, b, c], {}, 'embedding');
  g.output('embedding', 'float', [batch, d]);
  return g.toBytes();
}
