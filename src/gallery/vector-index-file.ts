/**
 * The persisted form of a vector index: two sealed files in the index folder.
 *
 * - `index.vectors.vgc`: the exact float32 vectors and their keys, sealed with context
 *   `vector-index:<modelId>:vectors`. Plaintext: "VGVX" | u32 header length | header JSON |
 *   zero padding to 8 | float64 keys | float32 vectors (row-major).
 * - `index.hnsw.vgc`: the approximate graph, sealed with `vector-index:<modelId>:hnsw`. Plaintext:
 *   "VGHX" | u32 header length | header JSON | usearch's own bytes.
 *
 * Both headers carry a generation id written together by one save; a graph of another generation
 * (a crash between the two renames) is not used. Writes go to a temporary name and are renamed
 * into place, so a reader sees the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteCipher } from '../storage/cipher.ts';
import type { HnswSettings } from './vector-index-hnsw.ts';

export const VECTORS_FILE = 'index.vectors.vgc';
export const HNSW_FILE = 'index.hnsw.vgc';

export const vectorsContext = (modelId: string): string => `vector-index:${modelId}:vectors`;
export const hnswContext = (modelId: string): string => `vector-index:${modelId}:hnsw`;

export interface VectorsHeader {
  readonly modelId: string;
  readonly dimensions: number;
  readonly count: number;
  readonly generation: string;
  /** The graph saved with these vectors, or null when there is none. */
  readonly hnsw: Pick<HnswSettings, 'connectivity' | 'quantization'> | null;
}

export interface VectorsFile {
  readonly header: VectorsHeader;
  readonly keys: Float64Array;
  /** count x dimensions. */
  readonly vectors: Float32Array;
}

export interface HnswHeader {
  readonly modelId: string;
  readonly dimensions: number;
  readonly generation: string;
}

export const newGeneration = (): string => randomBytes(8).toString('hex');

function frame(magic: string, header: object, bodyAlign: number, bodyBytes: number): { out: Buffer; start: number } {
  const json = Buffer.from(JSON.stringify(header));
  const start = Math.ceil((8 + json.length) / bodyAlign) * bodyAlign;
  const out = Buffer.alloc(start + bodyBytes);
  out.write(magic, 0, 'ascii');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  return { out, start };
}

function unframe<T>(magic: string, plain: Buffer, bodyAlign: number): { header: T; start: number } {
  if (plain.length < 8 || plain.toString('ascii', 0, 4) !== magic) throw new SyntaxError(`not a ${magic} file`);
  const length = plain.readUInt32LE(4);
  if (8 + length > plain.length) throw new SyntaxError(`${magic} header is truncated`);
  const header = JSON.parse(plain.toString('utf8', 8, 8 + length)) as T;
  return { header, start: Math.ceil((8 + length) / bodyAlign) * bodyAlign };
}

export function encodeVectorsFile(header: VectorsHeader, keys: Float64Array, vectors: Float32Array): Buffer {
  if (keys.length !== header.count || vectors.length !== header.count * header.dimensions) {
    throw new RangeError('vectors file: sizes do not match the header');
  }
  const { out, start } = frame('VGVX', header, 8, keys.byteLength + vectors.byteLength);
  Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength).copy(out, start);
  Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength).copy(out, start + keys.byteLength);
  return out;
}

export function decodeVectorsFile(plain: Buffer): VectorsFile {
  const { header, start } = unframe<VectorsHeader>('VGVX', plain, 8);
  const { count, dimensions } = header;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(dimensions) || dimensions <= 0) {
    throw new SyntaxError('vectors file: bad header');
  }
  if (plain.length !== start + count * 8 + count * dimensions * 4) throw new SyntaxError('vectors file: wrong length');
  // Views into the plaintext when it is 8-byte aligned (large buffers are), else one copy.
  let buffer = plain.buffer;
  let at = plain.byteOffset + start;
  if (at % 8 !== 0) {
    const body = new Uint8Array(plain.length - start);
    body.set(plain.subarray(start));
    buffer = body.buffer;
    at = 0;
  }
  const keys = new Float64Array(buffer, at, count);
  const vectors = new Float32Array(buffer, at + count * 8, count * dimensions);
  const seen = new Set<number>();
  for (const k of keys) {
    if (!Number.isSafeInteger(k) || k <= 0 || seen.has(k)) throw new SyntaxError(`vectors file: bad key ${k}`);
    seen.add(k);
  }
  // An indexed loop: several times faster than for-of over a large Float32Array (snapshots load in the background).
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) throw new SyntaxError('vectors file: non-finite value');
  }
  return { header, keys, vectors };
}

/**
 * The framed graph file. `body(start)` returns a buffer whose bytes from `start` on are the graph
 * (so the graph is read straight into place, not copied); the header is written in front of it.
 */
export function encodeHnswFile(header: HnswHeader, body: (start: number) => Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const start = Math.ceil((8 + json.length) / 8) * 8;
  const out = body(start);
  out.fill(0, 0, start);
  out.write('VGHX', 0, 'ascii');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  return out;
}

export function decodeHnswFile(plain: Buffer): { header: HnswHeader; graph: Buffer } {
  const { header, start } = unframe<HnswHeader>('VGHX', plain, 8);
  return { header, graph: plain.subarray(start) };
}

/** Writes a file atomically: a temporary file in the same folder (mode 0600), fsync, rename. */
export async function writeFileAtomic(dir: string, name: string, data: Uint8Array | string): Promise<void> {
  const tmp = join(dir, `${name}.${newGeneration()}.tmp`);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, join(dir, name));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Seals and writes atomically (see writeFileAtomic); returns the sealed size. */
export async function writeSealed(
  dir: string,
  name: string,
  plain: Uint8Array,
  cipher: ByteCipher,
  context: string,
): Promise<number> {
  const sealed = cipher.seal(plain, context);
  await writeFileAtomic(dir, name, sealed);
  return sealed.length;
}

/**
 * The opened plaintext, or null when the file does not exist. Throws SealedDataError when it fails
 * to open. `check`, when given, sees the sealed bytes first (e.g. to compare a manifest's hash) and
 * throws to refuse them.
 */
export async function readSealed(
  dir: string,
  name: string,
  cipher: ByteCipher,
  context: string,
  check?: (sealed: Buffer) => void | Promise<void>,
): Promise<Buffer | null> {
  let sealed: Buffer;
  try {
    sealed = await readFile(join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  await check?.(sealed);
  return cipher.open(sealed, context);
}

/** Removes temporary files a crashed save or load left behind (one may hold a plaintext graph). */
export async function removeTemporaries(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.endsWith('.tmp') && (name.startsWith('.hnsw-') || name.startsWith('index.'))) {
      await rm(join(dir, name), { force: true });
    }
  }
}
