/**
 * A five-point landmarker from MediaPipe FaceMesh (468 points) and, optionally, MediaPipe Iris, as
 * `@vladmandic/human` ships them (TF.js graph models, re-expressed as ONNX by tfjs-to-onnx-graph):
 *
 * 1. the detector box's region (square, `boxScale` x its longer side) is cut to 192x192 and the
 *    mesh read off it;
 * 2. `passes` - 1 more times, the region is re-derived from the mesh as MediaPipe tracks a face
 *    (its extent x 1.5, rotated along the eye line when `rotate`) and the mesh read again;
 * 3. eye centres: the mean of the mesh's eyelid contour (`eyes: 'mesh'`), or Iris run on a 64x64
 *    crop of each eye (rotated along its corners; the image-right eye mirrored, as MediaPipe
 *    does), taking the mean of its refined eyelid contour (`'iris-eyelid'`) or the iris centre
 *    (`'iris-centre'`);
 * 4. five points: those eye centres, mesh nose tip (1) and mouth corners (61, 291).
 *
 * Inputs are RGB / 255, as MediaPipe and human feed both nets.
 */
import ort from 'onnxruntime-node';
import { z } from 'zod';
import { warpToChip } from '../geometry.ts';
import type { Box, FivePoints, FivePointLandmarker, LocatedPoints, Point, RgbImage } from '../types.ts';
import { cachedGraph, type GraphCacheOptions } from './graph-cache.ts';
import {
  eyeCornersImageLeft,
  eyeCornersImageRight,
  eyeRoi,
  faceMeshInputSize,
  fivePointsFromMesh,
  ibugFromMesh,
  irisCentreIndex,
  irisEyelidCount,
  irisInputSize,
  irisPointCount,
  meanPoint,
  meshEyeCentres,
  meshPointCount,
  pointsFromCrop,
  roiFromBox,
  roiFromMesh,
  roiToImage,
  type Roi,
} from './mediapipe-geometry.ts';
import { sessionOptions } from './onnx-session.ts';
import { loadTfjsGraphModel, tfjsGraphModelSha256 } from './tfjs-graph-model.ts';
import { convertTfjsGraph } from './tfjs-to-onnx-graph.ts';

export type MediapipeNet = 'facemesh' | 'iris' | 'blazeface';

/** TF node names of each net's outputs, by the ONNX output names the graphs give them. */
export const mediapipeOutputs: Record<MediapipeNet, Readonly<Record<string, string>>> = {
  facemesh: { mesh: 'Identity_2', faceflag: 'Identity_1', contours: 'Identity' },
  iris: { iris: 'Identity' },
  blazeface: { scores512: 'Identity', scores384: 'Identity_1', boxes512: 'Identity_2', boxes384: 'Identity_3' },
};

export interface MediapipeOnnxModel {
  readonly bytes: Uint8Array;
  readonly weightsSha256: string;
  readonly source: 'cache' | 'built';
}

/** A MediaPipe net's ONNX graph, converted from human's shipped TF.js model (once: then cached). */
export async function mediapipeOnnx(net: MediapipeNet, cache: GraphCacheOptions = {}): Promise<MediapipeOnnxModel> {
  const { parts, weightsSha256, source } = await cachedGraph(
    {
      net: `mediapipe-${net}`,
      variant: 'v1',
      weightsSha256: await tfjsGraphModelSha256(net),
      build: async () => {
        const model = await loadTfjsGraphModel(net);
        return {
          graph: convertTfjsGraph(model, {
            name: `mediapipe_${net}`,
            outputs: mediapipeOutputs[net],
            source: `@vladmandic/human models/${net}.json sha256:${model.sha256}`,
          }),
        };
      },
    },
    cache,
  );
  return { bytes: parts.graph, weightsSha256, source };
}

export type EyeSource = 'mesh' | 'iris-eyelid' | 'iris-centre';

export interface FaceMeshOptions {
  /** Region side over the detector box's longer side for the first pass. */
  readonly boxScale: number;
  /** Mesh passes (1: only the box's region). */
  readonly passes: number;
  /** Rotate later passes' regions along the eye line. */
  readonly rotate: boolean;
  readonly eyes: EyeSource;
  /**
   * `five`: the dlib chip is fitted on the five points; `ibug`: on the mesh's stand-ins for dlib's
   * own alignment points (meshForIbug), as from 68 points.
   */
  readonly fit: 'five' | 'ibug';
}

export const defaultFaceMeshOptions: FaceMeshOptions = {
  boxScale: 1.5,
  passes: 2,
  rotate: true,
  eyes: 'mesh',
  fit: 'five',
};

const faceMeshOptionsSchema = z
  .object({
    boxScale: z.number().positive(),
    passes: z.number().int().min(1).max(4),
    rotate: z.boolean(),
    eyes: z.enum(['mesh', 'iris-eyelid', 'iris-centre']),
    fit: z.enum(['five', 'ibug']),
  })
  .partial()
  .strict();

/** FaceMesh options from a pack's net options (unknown keys are an error, not ignored). */
export function faceMeshOptionsFrom(options: Readonly<Record<string, unknown>>): Partial<FaceMeshOptions> {
  const parsed = faceMeshOptionsSchema.parse(options);
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as Partial<FaceMeshOptions>;
}

export interface FaceMeshResult extends LocatedPoints {
  readonly five: FivePoints;
  /** The 468 mesh points of the last pass, image pixels. */
  readonly mesh: readonly Point[];
  /** FaceMesh's face presence score (0..1) of the last pass. */
  readonly faceScore: number;
}

export interface IrisEyes {
  /** Iris centres: image-left eye, image-right eye. */
  readonly centre: readonly [Point, Point];
  /** Means of Iris's refined eyelid contours. */
  readonly eyelid: readonly [Point, Point];
}

export interface FaceMeshLandmarker extends FivePointLandmarker {
  readonly modelId: string;
  readonly options: FaceMeshOptions;
  fivePoints(image: RgbImage, box: Box): Promise<FaceMeshResult>;
  /** The mesh of every pass (first: from the box), and the last pass's face score. */
  meshPasses(image: RgbImage, box: Box): Promise<{ passes: Point[][]; faceScore: number }>;
  /** Iris on both eyes of a mesh (needs `eyes` other than 'mesh'). */
  irisEyes(image: RgbImage, mesh: readonly Point[]): Promise<IrisEyes>;
}

/** RGB bytes to NHWC float in 0..1, appended at `offset`. */
function toUnitFloats(chip: RgbImage, out: Float32Array, offset: number, flip = false): void {
  const { width, height, data } = chip;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const src = (y * width + (flip ? width - 1 - x : x)) * 3;
      const dst = offset + (y * width + x) * 3;
      out[dst] = data[src]! / 255;
      out[dst + 1] = data[src + 1]! / 255;
      out[dst + 2] = data[src + 2]! / 255;
    }
}

function floats(result: ort.InferenceSession.ReturnType, name: string): Float32Array {
  const t = result[name];
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`mediapipe: no output ${name}`);
  return t.data;
}

export async function createFaceMeshLandmarker(options: {
  modelId: string;
  threads?: number;
  landmarks?: Partial<FaceMeshOptions>;
}): Promise<FaceMeshLandmarker> {
  const opts: FaceMeshOptions = { ...defaultFaceMeshOptions, ...options.landmarks };
  if (!(opts.passes >= 1)) throw new Error('facemesh: passes must be 1 or more');
  const session = (bytes: Uint8Array) => ort.InferenceSession.create(bytes, sessionOptions(options.threads ?? 1));
  const mesh = await session((await mediapipeOnnx('facemesh')).bytes);
  const iris = opts.eyes === 'mesh' ? undefined : await session((await mediapipeOnnx('iris')).bytes);
  const size = faceMeshInputSize;

  async function meshOf(image: RgbImage, roi: Roi): Promise<{ points: Point[]; score: number }> {
    const t = roiToImage(roi, size);
    const input = new Float32Array(size * size * 3);
    toUnitFloats(warpToChip(image, t, size), input, 0);
    const result = await mesh.run({ input_1: new ort.Tensor('float32', input, [1, size, size, 3]) });
    return {
      points: pointsFromCrop(floats(result, 'mesh'), 0, meshPointCount, t, size),
      score: floats(result, 'faceflag')[0]!,
    };
  }

  async function irisEyes(image: RgbImage, points: readonly Point[]): Promise<IrisEyes> {
    if (!iris) throw new Error('facemesh: this landmarker was made without Iris');
    const s = irisInputSize;
    const left = roiToImage(eyeRoi(points[eyeCornersImageLeft[0]]!, points[eyeCornersImageLeft[1]]!), s);
    const right = roiToImage(eyeRoi(points[eyeCornersImageRight[0]]!, points[eyeCornersImageRight[1]]!), s);
    const input = new Float32Array(2 * s * s * 3);
    toUnitFloats(warpToChip(image, left, s), input, 0);
    toUnitFloats(warpToChip(image, right, s), input, s * s * 3, true);
    const out = floats(await iris.run({ input_1: new ort.Tensor('float32', input, [2, s, s, 3]) }), 'iris');
    const per = irisPointCount * 3;
    const l = pointsFromCrop(out, 0, irisPointCount, left, s);
    const r = pointsFromCrop(out, per, irisPointCount, right, s, true);
    return {
      centre: [l[irisCentreIndex]!, r[irisCentreIndex]!],
      eyelid: [meanPoint(l.slice(0, irisEyelidCount)), meanPoint(r.slice(0, irisEyelidCount))],
    };
  }

  async function meshPasses(image: RgbImage, box: Box): Promise<{ passes: Point[][]; faceScore: number }> {
    if (image.data.length !== image.width * image.height * 3) throw new Error('facemesh: image is not 8-bit RGB');
    let found = await meshOf(image, roiFromBox(box, opts.boxScale));
    const passes = [found.points];
    for (let pass = 1; pass < opts.passes; pass++) {
      found = await meshOf(image, roiFromMesh(found.points, opts.rotate));
      passes.push(found.points);
    }
    return { passes, faceScore: found.score };
  }

  return {
    modelId: options.modelId,
    options: opts,
    meshPasses,
    irisEyes,
    async fivePoints(image: RgbImage, box: Box): Promise<FaceMeshResult> {
      const { passes, faceScore } = await meshPasses(image, box);
      const last = passes[passes.length - 1]!;
      let eyes: readonly [Point, Point] = meshEyeCentres(last);
      if (opts.eyes !== 'mesh') {
        const found = await irisEyes(image, last);
        eyes = opts.eyes === 'iris-centre' ? found.centre : found.eyelid;
      }
      const five = fivePointsFromMesh(last, eyes);
      return opts.fit === 'ibug'
        ? { five, ibug: ibugFromMesh(last), mesh: last, faceScore }
        : { five, mesh: last, faceScore };
    },
  };
}
