/**
 * Face-api's SSD MobileNetV1 face detector on onnxruntime-node: the graph from
 * faceapi-ssd-graph.ts (which also pads and resizes the image as face-api does), decoded in TS.
 */
import ort from 'onnxruntime-node';
import type { Detection, FaceDetector, RgbImage } from '../types.ts';
import { loadFaceApiWeights } from './faceapi-weights.ts';
import { buildSsdGraph, SSD_ANCHOR_COUNT, SSD_INPUT_SIZE } from './faceapi-ssd-graph.ts';
import { decodeSsd } from './ssd-postprocess.ts';
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

export async function createFaceApiSsdDetector(options: OnnxDetectorOptions): Promise<FaceDetector> {
  const weights = await loadFaceApiWeights('ssdMobilenetV1');
  const anchors = weights.get('Output/extra_dim').data;
  if (anchors.length !== SSD_ANCHOR_COUNT * 4) throw new Error('unexpected SSD anchor count');
  const session = await ort.InferenceSession.create(buildSsdGraph(weights), sessionOptions(options.threads));

  return {
    modelId: options.modelId,
    async detect(image: RgbImage, { minScore, maxFaces }): Promise<Detection[]> {
      const outputs = await session.run({
        image: imageTensor(image),
        pads: new ort.Tensor('int64', squarePads(image.width, image.height), [8]),
      });
      const encodings = floatOutput(outputs, 'box_encodings', SSD_ANCHOR_COUNT * 4);
      const scores = floatOutput(outputs, 'scores', SSD_ANCHOR_COUNT);
      return decodeSsd(encodings, scores, anchors, {
        minScore,
        maxFaces,
        imageWidth: image.width,
        imageHeight: image.height,
        inputSize: SSD_INPUT_SIZE,
      });
    },
  };
}
