/** What every onnxruntime session in the engine shares: options, input tensors, output checks. */
import ort from 'onnxruntime-node';
import type { RgbImage } from '../types.ts';
import { squarePads } from './detector-graph.ts';

export interface OnnxDetectorOptions {
  readonly modelId: string;
  /** onnxruntime intra-op threads (default 1: engine workers run in parallel). */
  readonly threads?: number;
}

export function sessionOptions(threads = 1): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
}

/** Wraps an RGB image as the uint8 [1, H, W, 3] `image` input. */
export function imageTensor(image: RgbImage): ort.Tensor {
  if (image.data.length !== image.width * image.height * 3) {
    throw new Error(`image data has ${image.data.length} bytes, expected ${image.width}x${image.height}x3`);
  }
  return new ort.Tensor('uint8', image.data, [1, image.height, image.width, 3]);
}

export function floatOutput(outputs: ort.InferenceSession.ReturnType, name: string, length: number): Float32Array {
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array) || t.data.length !== length) {
    throw new Error(`missing or malformed output ${name}`);
  }
  return t.data;
}

/** Runs a face-api detector graph, which pads and resizes the image itself as face-api does. */
export function runFaceApiDetector(
  session: ort.InferenceSession,
  image: RgbImage,
): Promise<ort.InferenceSession.ReturnType> {
  return session.run({
    image: imageTensor(image),
    pads: new ort.Tensor('int64', squarePads(image.width, image.height), [8]),
  });
}
