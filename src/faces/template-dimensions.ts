/** How long a recognizer's templates are: fixed for the built-in net, read from the ONNX file otherwise. */
import { embeddingDimensions, inspectOnnx } from '../models/onnx-inspect.ts';
import type { NetSpec } from './packs.ts';

export const FACEAPI_RESNET_DIMENSIONS = 128;

export async function templateDimensions(recognizer: NetSpec): Promise<number> {
  if (recognizer.kind === 'faceapi-resnet') return FACEAPI_RESNET_DIMENSIONS;
  if (!recognizer.path) throw new Error(`recognizer ${recognizer.modelId} has no model file`);
  const dims = embeddingDimensions(await inspectOnnx(recognizer.path));
  if (dims === null) throw new Error(`recognizer ${recognizer.modelId} has no fixed embedding size`);
  return dims;
}
