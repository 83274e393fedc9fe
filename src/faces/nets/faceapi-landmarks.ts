/**
 * Face-api's FaceLandmark68Net on onnxruntime-node, with face-api's own preparation of the face
 * region, reproduced exactly:
 *
 * 1. `extractFaceTensors` clips the box at the image borders and floors x, y, width and height
 *    (no squaring, no margin).
 * 2. `padToSquare(crop, true)` pads the short side with black: round(diff / 2) pixels after the
 *    image, the rest before it.
 * 3. `resizeBilinear(.., [112, 112], alignCorners false, halfPixelCenters false)`: TensorFlow's
 *    legacy bilinear (source = destination * in / out, no half-pixel offset), left as float, not
 *    rounded to bytes. Sharp's resampler differs from this (and rounds), so the resize is done here.
 * 4. (rgb - [122.782, 117.001, 104.298]) / 255.
 *
 * The net's output is mapped back as `FaceLandmark68NetBase.postProcess` does (it assumes the
 * padding was split evenly, half a pixel off when the difference is odd, as face-api is), then
 * shifted by the crop's origin. Face-api itself shifts by the unfloored, unclipped detection box;
 * that differs by under a pixel inside the image and is wrong for boxes past the top/left edge.
 */
import ort from 'onnxruntime-node';
import type { Box, Landmarker, Point, RgbImage } from '../types.ts';
import { buildFaceApiLandmarksOnnx, landmarkCount, landmarksInputSize } from './faceapi-landmarks-graph.ts';
import { faceApiMeanRgb } from './faceapi-recognizer-graph.ts';
import type { FaceApiOnnxModel } from './faceapi-recognizer.ts';
import { sessionOptions } from './onnx-session.ts';
import { cachedFaceApiGraph, type GraphCacheOptions } from './graph-cache.ts';

/** The landmark net's ONNX model bytes, built from face-api's shipped weights (once: then cached). */
export async function faceApiLandmarksOnnx(cache: GraphCacheOptions = {}): Promise<FaceApiOnnxModel> {
  const { parts, weightsSha256, source } = await cachedFaceApiGraph(
    'landmarks68',
    'v1',
    (weights) => ({ graph: buildFaceApiLandmarksOnnx(weights) }),
    cache,
  );
  return { bytes: parts.graph, weightsSha256, source };
}

/** The integer crop face-api takes for a box: clipped at the image borders, then floored. */
export function faceApiCrop(box: Box, imageWidth: number, imageHeight: number): Box | undefined {
  const x = Math.max(box.x, 0);
  const y = Math.max(box.y, 0);
  const width = Math.floor(Math.min(box.x + box.width - x, imageWidth - x));
  const height = Math.floor(Math.min(box.y + box.height - y, imageHeight - y));
  if (!(width > 0 && height > 0)) return undefined;
  return { x: Math.floor(x), y: Math.floor(y), width, height };
}

/**
 * Writes the net input for one crop (steps 2-4 above) into `out` at `offset`, as float32 CHW.
 * `crop` must lie inside the image, with integer coordinates.
 */
export function writeLandmarksInput(image: RgbImage, crop: Box, out: Float32Array, offset: number): void {
  const size = landmarksInputSize;
  const { width: w, height: h } = crop;
  const side = Math.max(w, h);
  const diff = side - Math.min(w, h);
  const before = diff - Math.round(diff / 2);
  const padLeft = h > w ? before : 0;
  const padTop = w > h ? before : 0;
  const scale = side / size;
  const plane = size * size;
  const stride = image.width * 3;
  const data = image.data;

  // Per output row/column: the two source rows/columns of the padded square as offsets into
  // `data`, -1 where they fall in the black padding, and the interpolation weight.
  const rows0 = new Int32Array(size);
  const rows1 = new Int32Array(size);
  const cols0 = new Int32Array(size);
  const cols1 = new Int32Array(size);
  const frac = new Float64Array(size);
  const rowOffset = (i: number): number => (i >= padTop && i < padTop + h ? (crop.y + i - padTop) * stride : -1);
  const colOffset = (i: number): number => (i >= padLeft && i < padLeft + w ? (crop.x + i - padLeft) * 3 : -1);
  for (let i = 0; i < size; i++) {
    const src = i * scale;
    const lo = Math.max(0, Math.floor(src));
    const hi = Math.min(side - 1, Math.ceil(src));
    rows0[i] = rowOffset(lo);
    rows1[i] = rowOffset(hi);
    cols0[i] = colOffset(lo);
    cols1[i] = colOffset(hi);
    frac[i] = src - Math.floor(src);
  }
  const [m0, m1, m2] = faceApiMeanRgb;
  const means = [m0, m1, m2];
  for (let y = 0; y < size; y++) {
    const ro0 = rows0[y]!;
    const ro1 = rows1[y]!;
    const fy = frac[y]!;
    for (let x = 0; x < size; x++) {
      const co0 = cols0[x]!;
      const co1 = cols1[x]!;
      const fx = frac[x]!;
      const o = offset + y * size + x;
      for (let c = 0; c < 3; c++) {
        const tl = ro0 >= 0 && co0 >= 0 ? data[ro0 + co0 + c]! : 0;
        const tr = ro0 >= 0 && co1 >= 0 ? data[ro0 + co1 + c]! : 0;
        const bl = ro1 >= 0 && co0 >= 0 ? data[ro1 + co0 + c]! : 0;
        const br = ro1 >= 0 && co1 >= 0 ? data[ro1 + co1 + c]! : 0;
        const top = tl + (tr - tl) * fx;
        const v = top + (bl + (br - bl) * fx - top) * fy;
        out[o + c * plane] = (v - means[c]!) / 255;
      }
    }
  }
}

/** Maps the net's 136 outputs (fractions of the 112x112 input) to image pixels, as face-api does. */
export function mapLandmarks(output: Float32Array, offset: number, crop: Box): Point[] {
  const size = landmarksInputSize;
  const { width: w, height: h } = crop;
  const s = size / Math.max(w, h);
  const sw = w * s;
  const sh = h * s;
  const padX = w < h ? Math.abs(sw - sh) / 2 : 0;
  const padY = h < w ? Math.abs(sw - sh) / 2 : 0;
  const points: Point[] = [];
  for (let i = 0; i < landmarkCount; i++) {
    const ox = output[offset + 2 * i]!;
    const oy = output[offset + 2 * i + 1]!;
    points.push({ x: crop.x + ((ox * size - padX) / sw) * w, y: crop.y + ((oy * size - padY) / sh) * h });
  }
  return points;
}

export interface FaceApiLandmarker extends Landmarker {
  /** Landmarks for several boxes of one image in one batched run, in order. */
  landmarks68Many(image: RgbImage, boxes: readonly Box[]): Promise<Point[][]>;
}

export async function createFaceApiLandmarker(options: {
  modelId: string;
  threads?: number;
}): Promise<FaceApiLandmarker> {
  const model = await faceApiLandmarksOnnx();
  const session = await ort.InferenceSession.create(model.bytes, sessionOptions(options.threads ?? 1));
  const size = landmarksInputSize;
  const per = 3 * size * size;

  async function many(image: RgbImage, boxes: readonly Box[]): Promise<Point[][]> {
    if (image.data.length !== image.width * image.height * 3) throw new Error('landmarks: image is not 8-bit RGB');
    const crops = boxes.map((b) => {
      const crop = faceApiCrop(b, image.width, image.height);
      if (!crop)
        throw new Error(`landmarks: box ${JSON.stringify(b)} lies outside the ${image.width}x${image.height} image`);
      return crop;
    });
    if (crops.length === 0) return [];
    const input = new Float32Array(crops.length * per);
    crops.forEach((crop, i) => writeLandmarksInput(image, crop, input, i * per));
    const result = await session.run({ image: new ort.Tensor('float32', input, [crops.length, 3, size, size]) });
    const out = result['landmarks'];
    if (!out || !(out.data instanceof Float32Array)) throw new Error('landmarks: no output');
    const data = out.data;
    return crops.map((crop, i) => mapLandmarks(data, i * landmarkCount * 2, crop));
  }

  return {
    modelId: options.modelId,
    landmarks68Many: many,
    async landmarks68(image: RgbImage, box: Box): Promise<Point[]> {
      const [points] = await many(image, [box]);
      if (!points) throw new Error('landmarks: no result');
      return points;
    },
  };
}
