/**
 * The approximate part of a vector index: a usearch HNSW graph over quantised (f16 or i8) copies of
 * the vectors, inner-product metric. It only proposes candidates; the caller re-ranks them exactly.
 *
 * usearch 2.25 saves and loads only by path, so serialising goes through a temporary file inside
 * the index folder that is read (or loaded) and unlinked at once; callers seal the bytes.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import usearch from 'usearch';

/**
 * Graph settings. The defaults were measured on 1,000,000 templates (12,216 real LFW templates of
 * the `default` pack plus synthetic distractors, 128-d) with 1,000 held-out LFW probes on the
 * 2-core development machine: recall@50 against exact search 0.918 with 128 candidates, 0.973
 * with 256, 0.993 with 512 and 0.999 with 1,024 (p50 8 ms, p99 12 ms on a busy machine).
 * See bench/gallery-search.bench.ts.
 */
export interface HnswOptions {
  /** Graph edges per node (M); default 32. */
  readonly connectivity?: number;
  /** Candidate list size while inserting (efConstruction); default 200. */
  readonly expansionAdd?: number;
  /** Least candidate list size while searching (ef); default 1024. The list is never shorter than `rerank`. */
  readonly expansionSearch?: number;
  /** How the graph stores vectors; default 'f16' (i8 rounding alone costs recall). */
  readonly quantization?: 'f16' | 'i8';
  /** Approximate candidates re-ranked with the exact float32 vectors per search (at least k); default 1024. */
  readonly rerank?: number;
}

export type HnswSettings = Required<HnswOptions>;

export const DEFAULT_HNSW: HnswSettings = {
  connectivity: 32,
  expansionAdd: 200,
  expansionSearch: 1024,
  quantization: 'f16',
  rerank: 1024,
};

export function hnswSettings(o: HnswOptions = {}): HnswSettings {
  const s = { ...DEFAULT_HNSW, ...o };
  for (const [name, v] of Object.entries(s)) {
    if (name !== 'quantization' && (!Number.isInteger(v) || (v as number) <= 0)) {
      throw new RangeError(`hnsw ${name} must be a positive integer (got ${String(v)})`);
    }
  }
  if (s.quantization !== 'f16' && s.quantization !== 'i8') throw new RangeError(`bad quantization ${s.quantization}`);
  return s;
}

const USEARCH_MAGIC = Buffer.from('usearch', 'ascii');

export class HnswGraph {
  readonly dimensions: number;
  readonly settings: HnswSettings;
  readonly #index: InstanceType<typeof usearch.Index>;

  constructor(dimensions: number, settings: HnswSettings) {
    this.dimensions = dimensions;
    this.settings = settings;
    this.#index = new usearch.Index({
      dimensions,
      metric: usearch.MetricKind.IP,
      quantization: settings.quantization === 'i8' ? usearch.ScalarKind.I8 : usearch.ScalarKind.F16,
      connectivity: settings.connectivity,
      expansion_add: settings.expansionAdd,
      expansion_search: settings.expansionSearch,
      multi: false,
    });
  }

  get size(): number {
    return this.#index.size();
  }

  /** Adds or replaces one vector (one thread). */
  set(key: number, vector: Float32Array): void {
    const k = BigInt(key);
    this.#index.remove(k);
    this.#index.add(k, vector, 1);
  }

  /** Adds many new keys at once on every core; `matrix` holds one row per key. */
  addMany(keys: ArrayLike<number>, matrix: Float32Array, threads = 0): void {
    if (keys.length === 0) return;
    const big = new BigUint64Array(keys.length);
    for (let i = 0; i < keys.length; i++) big[i] = BigInt(keys[i] ?? 0);
    this.#index.add(big, matrix, threads);
  }

  remove(key: number): void {
    this.#index.remove(BigInt(key));
  }

  /** Keys of up to `count` approximate nearest neighbours, best first. */
  candidates(query: Float32Array, count: number): number[] {
    const found = this.#index.search(query, count, 1);
    return Array.from(found.keys, Number);
  }

  /**
   * The graph as bytes, after `reserve` free bytes at the front (plaintext biometric data: seal
   * it). The temporary file is gone on return.
   */
  toBytes(tmpDir: string, reserve = 0): Buffer {
    const tmp = join(tmpDir, `.hnsw-${randomBytes(8).toString('hex')}.tmp`);
    try {
      this.#index.save(tmp);
      const fd = openSync(tmp, 'r');
      try {
        const size = fstatSync(fd).size;
        const out = Buffer.alloc(reserve + size);
        let done = 0;
        while (done < size) {
          const n = readSync(fd, out, reserve + done, size - done, done);
          if (n === 0) throw new Error('graph file ended early');
          done += n;
        }
        return out;
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  /**
   * A graph from toBytes output. usearch crashes the process on a malformed file, so only pass
   * bytes that were authenticated (opened from a sealed blob) and carry usearch's header.
   */
  static fromBytes(bytes: Uint8Array, dimensions: number, settings: HnswSettings, tmpDir: string): HnswGraph {
    // usearch's file: u32 rows, u32 bytes per row, the quantised vectors, then its "usearch" header.
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = buf.length >= 8 ? 8 + buf.readUInt32LE(0) * buf.readUInt32LE(4) : -1;
    if (
      at < 0 ||
      at + USEARCH_MAGIC.length > buf.length ||
      !buf.subarray(at, at + USEARCH_MAGIC.length).equals(USEARCH_MAGIC)
    ) {
      throw new SyntaxError('not a usearch graph');
    }
    const graph = new HnswGraph(dimensions, settings);
    const tmp = join(tmpDir, `.hnsw-${randomBytes(8).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, bytes, { mode: 0o600 });
      graph.#index.load(tmp);
    } finally {
      rmSync(tmp, { force: true });
    }
    if (graph.#index.dimensions() !== dimensions) throw new SyntaxError('graph has other dimensions');
    return graph;
  }
}
