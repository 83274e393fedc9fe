/**
 * Reads the TensorFlow.js weight files that `@vladmandic/face-api` ships in its `model/` folder
 * (a JSON manifest plus binary shards, mostly uint8-quantised) into float32 arrays by name.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const quantizationSchema = z.object({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  scale: z.number().optional(),
  min: z.number().optional(),
});

const manifestSchema = z.array(
  z.object({
    paths: z.array(z.string()).min(1),
    weights: z.array(
      z.object({
        name: z.string(),
        shape: z.array(z.number().int().nonnegative()),
        dtype: z.enum(['float32', 'int32']),
        quantization: quantizationSchema.optional(),
      }),
    ),
  }),
);

export interface WeightTensor {
  readonly shape: readonly number[];
  /** Dequantised values, row-major in TensorFlow layout (filters are [h, w, in, out]). */
  readonly data: Float32Array;
}

export interface FaceApiWeights {
  readonly name: string;
  readonly tensors: ReadonlyMap<string, WeightTensor>;
  /** sha256 of the manifest followed by every shard, in manifest order: identifies the weights. */
  readonly sha256: string;
  get(name: string): WeightTensor;
}

/** Face-api's four nets that Vigil uses; the value is the manifest's file-name stem. */
export const faceApiNets = {
  recognizer: 'face_recognition_model',
  landmarks68: 'face_landmark_68_model',
  ssdMobilenetV1: 'ssd_mobilenetv1_model',
  tinyFaceDetector: 'tiny_face_detector_model',
} as const;
export type FaceApiNet = keyof typeof faceApiNets;

/** Folder of face-api's shipped weights, resolved through Node's module resolution. */
export function faceApiModelDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@vladmandic/face-api/package.json');
  return join(dirname(pkg), 'model');
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

interface WeightFiles {
  readonly manifest: z.infer<typeof manifestSchema>;
  /** Each manifest group's shards, in manifest order. */
  readonly shards: readonly (readonly Buffer[])[];
  readonly sha256: string;
}

/** Reads a net's manifest and shards and hashes them (manifest first, then every shard in order). */
async function readWeightFiles(stem: string, modelDir: string): Promise<WeightFiles> {
  const manifestBytes = await readFile(join(modelDir, `${stem}-weights_manifest.json`));
  const manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  const hash = createHash('sha256').update(manifestBytes);
  const shards: Buffer[][] = [];
  for (const group of manifest) {
    const files = await Promise.all(group.paths.map((p) => readFile(join(modelDir, p))));
    for (const f of files) hash.update(f);
    shards.push(files);
  }
  return { manifest, shards, sha256: hash.digest('hex') };
}

/**
 * sha256 of a net's weight files, as `loadFaceApiWeights(..).sha256`, without decoding them (the
 * model id and the graph cache key need only this). Read afresh at each call, so `vigil models
 * verify` sees the files as they are now.
 */
export async function faceApiWeightsSha256(net: FaceApiNet, modelDir = faceApiModelDir()): Promise<string> {
  return (await readWeightFiles(faceApiNets[net], modelDir)).sha256;
}

export async function loadFaceApiWeights(net: FaceApiNet, modelDir = faceApiModelDir()): Promise<FaceApiWeights> {
  const stem = faceApiNets[net];
  const { manifest, shards, sha256 } = await readWeightFiles(stem, modelDir);
  const tensors = new Map<string, WeightTensor>();

  manifest.forEach((group, g) => {
    const buffer = Buffer.concat(shards[g]!);
    let offset = 0;
    for (const w of group.weights) {
      const n = elementCount(w.shape);
      const data = new Float32Array(n);
      const q = w.quantization;
      if (q) {
        if (q.dtype !== 'uint8' || q.scale === undefined || q.min === undefined) {
          throw new Error(`${stem}: unsupported quantisation ${q.dtype} for ${w.name}`);
        }
        for (let i = 0; i < n; i++) data[i] = buffer[offset + i]! * q.scale + q.min;
        offset += n;
      } else {
        const view = new DataView(buffer.buffer, buffer.byteOffset + offset, n * 4);
        for (let i = 0; i < n; i++) {
          data[i] = w.dtype === 'int32' ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true);
        }
        offset += n * 4;
      }
      tensors.set(w.name, { shape: w.shape, data });
    }
    if (offset !== buffer.length) throw new Error(`${stem}: weights use ${offset} of ${buffer.length} bytes`);
  });

  return {
    name: stem,
    tensors,
    sha256,
    get(name: string): WeightTensor {
      const t = tensors.get(name);
      if (!t) throw new Error(`${stem}: no tensor named ${name}`);
      return t;
    },
  };
}
