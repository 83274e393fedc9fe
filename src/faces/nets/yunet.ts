/**
 * The YuNet face detector (OpenCV zoo ONNX file, dynamic input size) on onnxruntime-node.
 * The image is scaled so its longer side is at most `inputWidth` (never enlarged), converted to
 * BGR float 0..255 NCHW, zero-padded at the bottom/right to a multiple of 32, as FaceDetectorYN.
 */
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import type { Detection, FaceDetector, RgbImage } from '../types.ts';
import { sessionOptions } from './onnx-session.ts';
import { decodeYunet, YUNET_STRIDES } from './yunet-postprocess.ts';
import type { YunetLevel } from './yunet-postprocess.ts';

export interface YunetDetectorOptions {
  readonly modelId: string;
  readonly modelPath: string;
  readonly threads?: number;
  /** Longest image side fed to the network; larger images are scaled down (default 640). */
  readonly inputWidth?: number;
}

/** OpenCV's default NMS threshold for FaceDetectorYN. */
export const YUNET_IOU_THRESHOLD = 0.3;

export interface YunetInput {
  readonly tensor: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly scaleX: number;
  readonly scaleY: number;
}

/** Network size for an image: scaled so the longer side is at most `maxSide`. */
export function yunetScaledSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** RGB interleaved to BGR planar float, zero-padded to multiples of 32. */
export function toYunetTensor(image: RgbImage): { tensor: Float32Array; width: number; height: number } {
  const width = Math.ceil(image.width / 32) * 32;
  const height = Math.ceil(image.height / 32) * 32;
  const plane = width * height;
  const tensor = new Float32Array(3 * plane);
  const src = image.data;
  for (let y = 0; y < image.height; y++) {
    let s = y * image.width * 3;
    let d = y * width;
    for (let x = 0; x < image.width; x++, s += 3, d++) {
      tensor[d] = src[s + 2]!;
      tensor[plane + d] = src[s + 1]!;
      tensor[2 * plane + d] = src[s]!;
    }
  }
  return { tensor, width, height };
}

async function prepare(image: RgbImage, maxSide: number): Promise<YunetInput> {
  const size = yunetScaledSize(image.width, image.height, maxSide);
  let scaled = image;
  if (size.width !== image.width || size.height !== image.height) {
    const raw = { width: image.width, height: image.height, channels: 3 as const };
    const data = await sharp(image.data, { raw }).resize(size.width, size.height, { fit: 'fill' }).raw().toBuffer();
    scaled = {
      width: size.width,
      height: size.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  }
  const t = toYunetTensor(scaled);
  return { ...t, scaleX: size.width / image.width, scaleY: size.height / image.height };
}

function floats(outputs: ort.InferenceSession.ReturnType, name: string): Float32Array {
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`YuNet: missing output ${name}`);
  return t.data;
}

export async function createYunetDetector(options: YunetDetectorOptions): Promise<FaceDetector> {
  const maxSide = options.inputWidth ?? 640;
  const session = await ort.InferenceSession.create(options.modelPath, sessionOptions(options.threads));
  const inputName = session.inputNames[0];
  for (const s of YUNET_STRIDES) {
    for (const kind of ['cls', 'obj', 'bbox', 'kps']) {
      if (!session.outputNames.includes(`${kind}_${s}`)) throw new Error(`YuNet model lacks output ${kind}_${s}`);
    }
  }
  if (inputName === undefined) throw new Error('YuNet model has no input');

  return {
    modelId: options.modelId,
    async detect(image: RgbImage, { minScore, maxFaces }): Promise<Detection[]> {
      const input = await prepare(image, maxSide);
      const outputs = await session.run({
        [inputName]: new ort.Tensor('float32', input.tensor, [1, 3, input.height, input.width]),
      });
      const levels: YunetLevel[] = YUNET_STRIDES.map((stride) => ({
        stride,
        cls: floats(outputs, `cls_${stride}`),
        obj: floats(outputs, `obj_${stride}`),
        bbox: floats(outputs, `bbox_${stride}`),
        kps: floats(outputs, `kps_${stride}`),
      }));
      return decodeYunet(levels, {
        inputWidth: input.width,
        inputHeight: input.height,
        scaleX: input.scaleX,
        scaleY: input.scaleY,
        minScore,
        maxFaces,
        iouThreshold: YUNET_IOU_THRESHOLD,
      });
    },
  };
}
