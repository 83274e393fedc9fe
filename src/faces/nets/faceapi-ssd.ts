/**
 * Face-api's SSD MobileNetV1 face detector on onnxruntime-node: the graph from
 * faceapi-ssd-graph.ts (which also pads and resizes the image as face-api does), decoded in TS.
 */
import ort from 'onnxruntime-node';
import type { Detection, FaceDetector, RgbImage } from '../types.ts';
import { cachedFaceApiGraph } from './graph-cache.ts';
import { buildSsdGraph, SSD_ANCHOR_COUNT, SSD_INPUT_SIZE } from './faceapi-ssd-graph.ts';
import { decodeSsd } from './ssd-postprocess.ts';
import { floatOutput, runFaceApiDetector, sessionOptions, type OnnxDetectorOptions } from './onnx-session.ts';

export async function createFaceApiSsdDetector(options: OnnxDetectorOptions): Promise<FaceDetector> {
  const { parts } = await cachedFaceApiGraph('ssdMobilenetV1', 'v1', (weights) => ({
    graph: buildSsdGraph(weights),
    anchors: new Uint8Array(Float32Array.from(weights.get('Output/extra_dim').data).buffer),
  }));
  const anchorBytes = parts['anchors'];
  if (!anchorBytes || anchorBytes.byteLength !== SSD_ANCHOR_COUNT * 4 * 4)
    throw new Error('unexpected SSD anchor count');
  // A copy: the cached bytes may sit at an offset that is not a multiple of 4.
  const anchors = new Float32Array(new Uint8Array(anchorBytes).buffer);
  const session = await ort.InferenceSession.create(parts.graph, sessionOptions(options.threads));

  return {
    modelId: options.modelId,
    async detect(image: RgbImage, { minScore, maxFaces }): Promise<Detection[]> {
      const outputs = await runFaceApiDetector(session, image);
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
