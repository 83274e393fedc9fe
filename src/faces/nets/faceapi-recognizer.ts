/**
 * Face-api's FaceRecognitionNet on onnxruntime-node: same weights and arithmetic as the
 * TensorFlow.js reference (see faceapi-recognizer-graph.ts), a dynamic batch, one thread by default.
 */
import ort from 'onnxruntime-node';
import type { Recognizer, RgbImage } from '../types.ts';
import { buildFaceApiRecognizerOnnx, recognizerDimensions, recognizerInputSize } from './faceapi-recognizer-graph.ts';
import { sessionOptions } from './onnx-session.ts';
import { cachedFaceApiGraph, type GraphCacheOptions } from './graph-cache.ts';

export interface FaceApiOnnxModel {
  readonly bytes: Uint8Array;
  /** sha256 of face-api's weight files the graph was built from. */
  readonly weightsSha256: string;
  /** Read from the graph cache, or built now (see graph-cache.ts). */
  readonly source: 'cache' | 'built';
}

/** The recognizer's ONNX model bytes, built from face-api's shipped weights (once: then cached). */
export async function faceApiRecognizerOnnx(cache: GraphCacheOptions = {}): Promise<FaceApiOnnxModel> {
  const { parts, weightsSha256, source } = await cachedFaceApiGraph(
    'recognizer',
    'v1',
    (weights) => ({ graph: buildFaceApiRecognizerOnnx(weights) }),
    cache,
  );
  return { bytes: parts.graph, weightsSha256, source };
}

/** Largest batch sent to one run; longer lists are split. */
const maxBatch = 32;

/** Packs chips into one uint8 [n, 150, 150, 3] buffer, checking their size. */
export function packChips(chips: readonly RgbImage[], size: number): Uint8Array {
  const per = size * size * 3;
  const out = new Uint8Array(chips.length * per);
  chips.forEach((c, i) => {
    if (c.width !== size || c.height !== size || c.data.length !== per) {
      throw new Error(`recognizer: chip ${i} is ${c.width}x${c.height}, expected ${size}x${size} RGB`);
    }
    out.set(c.data, i * per);
  });
  return out;
}

export async function createFaceApiRecognizer(options: {
  modelId: string;
  threads?: number;
  /** Other ONNX bytes of the same architecture (the alignment ablation builds variants). */
  onnx?: Uint8Array;
}): Promise<Recognizer> {
  const bytes = options.onnx ?? (await faceApiRecognizerOnnx()).bytes;
  const session = await ort.InferenceSession.create(bytes, sessionOptions(options.threads ?? 1));
  const size = recognizerInputSize;
  const dims = recognizerDimensions;

  async function run(chips: readonly RgbImage[]): Promise<Float32Array[]> {
    const input = new ort.Tensor('uint8', packChips(chips, size), [chips.length, size, size, 3]);
    const result = await session.run({ chips: input });
    const out = result['descriptor'];
    if (!out || !(out.data instanceof Float32Array)) throw new Error('recognizer: no descriptor output');
    const data = out.data;
    return chips.map((_, i) => data.slice(i * dims, (i + 1) * dims));
  }

  return {
    modelId: options.modelId,
    alignment: 'dlib-chip-150',
    chipSize: size,
    dimensions: dims,
    async embed(chips: readonly RgbImage[]): Promise<Float32Array[]> {
      const out: Float32Array[] = [];
      for (let i = 0; i < chips.length; i += maxBatch) out.push(...(await run(chips.slice(i, i + maxBatch))));
      return out;
    },
  };
}
