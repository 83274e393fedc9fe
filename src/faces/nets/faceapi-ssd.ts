/**
 * Face-api's SSD MobileNetV1 face detector on onnxruntime-node: the graph from
 * faceapi-ssd-graph.ts (which also pads and resizes the image as face-api does), decoded in TS.
 */
import ort from 'onnxruntime-node';
import type { Detection, FaceDetector, RgbImage } from '../types.ts';
import { loadFaceApiWeights } from './faceapi-weights.ts';
import { buildSsdGraph, SSD_ANCHOR_COUNT, SSD_INPUT_SIZE } from './faceapi-ssd-graph.ts';
import { decodeSsd } from './ssd-postprocess.ts';
import { floatOutput, runFaceApiDetector, sessionOptions, type OnnxDetectorOptions } from './onnx-session.ts';

export async function createFaceApiSsdDetector(options: OnnxDetectorOptions): Promise<FaceDetector> {
  const weights = await loadFaceApiWeights('ssdMobilenetV1');
  const anchors = weights.get('Output/extra_dim').data;
  if (anchors.length !== SSD_ANCHOR_COUNT * 4) throw new Error('unexpected SSD anchor count');
  const session = await ort.InferenceSession.create(buildSsdGraph(weights), sessionOptions(options.threads));

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
