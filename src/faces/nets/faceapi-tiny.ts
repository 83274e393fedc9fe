/**
 * Face-api's Tiny Face Detector on onnxruntime-node: the graph from faceapi-tiny-graph.ts (which
 * pads and resizes the image as face-api does), decoded in TS.
 */
import ort from 'onnxruntime-node';
import type { Detection, FaceDetector, RgbImage } from '../types.ts';
import { cachedFaceApiGraph } from './graph-cache.ts';
import { buildTinyGraph, TINY_ANCHORS, TINY_IOU_THRESHOLD } from './faceapi-tiny-graph.ts';
import { decodeTiny } from './tiny-postprocess.ts';
import { floatOutput, runFaceApiDetector, sessionOptions, type OnnxDetectorOptions } from './onnx-session.ts';

export interface TinyDetectorOptions extends OnnxDetectorOptions {
  /** Side of the square network input, a multiple of 32 (default 416, as face-api). */
  readonly inputSize?: number;
}

export async function createFaceApiTinyDetector(options: TinyDetectorOptions): Promise<FaceDetector> {
  const inputSize = options.inputSize ?? 416;
  const { parts } = await cachedFaceApiGraph('tinyFaceDetector', `input${inputSize}`, (weights) => ({
    graph: buildTinyGraph(weights, inputSize),
  }));
  const session = await ort.InferenceSession.create(parts.graph, sessionOptions(options.threads));
  const gridLength = TINY_ANCHORS.length * 5 * (inputSize / 32) ** 2;

  return {
    modelId: options.modelId,
    async detect(image: RgbImage, { minScore, maxFaces }): Promise<Detection[]> {
      const outputs = await runFaceApiDetector(session, image);
      return decodeTiny(floatOutput(outputs, 'grid', gridLength), {
        minScore,
        maxFaces,
        imageWidth: image.width,
        imageHeight: image.height,
        inputSize,
        anchors: TINY_ANCHORS,
        iouThreshold: TINY_IOU_THRESHOLD,
      });
    },
  };
}
