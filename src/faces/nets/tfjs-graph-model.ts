/**
 * Reads a TensorFlow.js graph model (`model.json`: a GraphDef topology plus a weights manifest,
 * and its binary shards) into plain data: the nodes and every constant, dequantised to float32
 * (or int32). Used for the MediaPipe nets that `@vladmandic/human` ships in its `models/` folder.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const attrValueSchema = z
  .object({
    i: z.union([z.string(), z.number()]).optional(),
    f: z.number().optional(),
    s: z.string().optional(),
    b: z.boolean().optional(),
    list: z
      .object({ i: z.array(z.union([z.string(), z.number()])).optional(), s: z.array(z.string()).optional() })
      .optional(),
  })
  .passthrough();

const nodeSchema = z.object({
  name: z.string(),
  op: z.string(),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), attrValueSchema).optional(),
});
export type TfjsNode = z.infer<typeof nodeSchema>;

const weightSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32']),
  quantization: z
    .object({
      dtype: z.enum(['uint8', 'uint16', 'float16']),
      scale: z.number().optional(),
      min: z.number().optional(),
    })
    .optional(),
});

const modelSchema = z.object({
  format: z.string().optional(),
  modelTopology: z.object({ node: z.array(nodeSchema) }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(weightSchema) })),
});

export interface TfjsConstant {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

export interface TfjsGraphModel {
  /** File stem, e.g. `facemesh`. */
  readonly name: string;
  readonly nodes: readonly TfjsNode[];
  readonly constants: ReadonlyMap<string, TfjsConstant>;
  /** sha256 of model.json followed by every shard, in manifest order: identifies the model. */
  readonly sha256: string;
}

/** Folder of the models `@vladmandic/human` ships, resolved through Node's module resolution. */
export function humanModelDir(): string {
  // The package's exports do not include package.json: resolve its main file (dist/) instead.
  const require = createRequire(import.meta.url);
  return join(dirname(dirname(require.resolve('@vladmandic/human'))), 'models');
}

/** IEEE half-precision to float. */
export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

interface ModelFiles {
  readonly json: Buffer;
  readonly shards: readonly (readonly Buffer[])[];
  readonly sha256: string;
}

async function readModelFiles(stem: string, dir: string): Promise<ModelFiles> {
  const json = await readFile(join(dir, `${stem}.json`));
  const parsed = modelSchema.parse(JSON.parse(json.toString('utf8')));
  const hash = createHash('sha256').update(json);
  const shards: Buffer[][] = [];
  for (const group of parsed.weightsManifest) {
    const files = await Promise.all(group.paths.map((p) => readFile(join(dir, p))));
    for (const f of files) hash.update(f);
    shards.push(files);
  }
  return { json, shards, sha256: hash.digest('hex') };
}

/** sha256 of a model's files (as `loadTfjsGraphModel(..).sha256`) without decoding them. */
export async function tfjsGraphModelSha256(stem: string, dir = humanModelDir()): Promise<string> {
  return (await readModelFiles(stem, dir)).sha256;
}

export async function loadTfjsGraphModel(stem: string, dir = humanModelDir()): Promise<TfjsGraphModel> {
  const files = await readModelFiles(stem, dir);
  const model = modelSchema.parse(JSON.parse(files.json.toString('utf8')));
  const constants = new Map<string, TfjsConstant>();
  model.weightsManifest.forEach((group, g) => {
    const buffer = Buffer.concat(files.shards[g]!);
    let offset = 0;
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const q = w.quantization;
      let data: Float32Array | Int32Array;
      if (q?.dtype === 'float16') {
        const f = new Float32Array(n);
        for (let i = 0; i < n; i++) f[i] = float16ToFloat32(buffer.readUInt16LE(offset + 2 * i));
        data = f;
        offset += 2 * n;
      } else if (q) {
        if (q.scale === undefined || q.min === undefined) throw new Error(`${stem}: ${w.name} lacks scale/min`);
        const bytes = q.dtype === 'uint8' ? 1 : 2;
        const f = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          const v = bytes === 1 ? buffer[offset + i]! : buffer.readUInt16LE(offset + 2 * i);
          f[i] = v * q.scale + q.min;
        }
        data = f;
        offset += bytes * n;
      } else {
        const view = new DataView(buffer.buffer, buffer.byteOffset + offset, n * 4);
        data = w.dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
        for (let i = 0; i < n; i++)
          data[i] = w.dtype === 'int32' ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true);
        offset += 4 * n;
      }
      constants.set(w.name, { shape: w.shape, dtype: w.dtype, data });
    }
    if (offset !== buffer.length) throw new Error(`${stem}: weights use ${offset} of ${buffer.length} bytes`);
  });
  return { name: stem, nodes: model.modelTopology.node, constants, sha256: files.sha256 };
}
