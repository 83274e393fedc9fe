/**
 * The persistent vector index: an in-memory index saved as sealed files, opened by loading those
 * files and reconciling them with the database, or by rebuilding from the database.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteCipher } from '../storage/cipher.ts';
import {
  decodeHnswFile,
  decodeVectorsFile,
  encodeHnswFile,
  encodeVectorsFile,
  HNSW_FILE,
  hnswContext,
  newGeneration,
  readSealed,
  removeTemporaries,
  VECTORS_FILE,
  vectorsContext,
  writeSealed,
} from './vector-index-file.ts';
import { HnswGraph } from './vector-index-hnsw.ts';
import { MemoryVectorIndex } from './vector-index-memory.ts';
import type { ScoredKey } from './vector-index-store.ts';
import type {
  OpenedVectorIndex,
  OpenVectorIndexOptions,
  PersistentVectorIndex,
  TemplateSource,
  VectorIndexOptions,
} from './vector-index-types.ts';

/** Vectors fetched from the source per bulk insert while rebuilding. */
const REBUILD_BATCH = 8192;

export class PersistedIndex implements PersistentVectorIndex {
  #mem: MemoryVectorIndex | null;
  #saving: Promise<void> = Promise.resolve();

  constructor(
    mem: MemoryVectorIndex,
    private readonly dir: string,
    private readonly cipher: ByteCipher,
  ) {
    this.#mem = mem;
  }

  get #index(): MemoryVectorIndex {
    if (!this.#mem) throw new Error('vector index is closed');
    return this.#mem;
  }

  get modelId(): string {
    return this.#index.modelId;
  }
  get dimensions(): number {
    return this.#index.dimensions;
  }
  get size(): number {
    return this.#index.size;
  }
  add(key: number, vector: Float32Array): void {
    this.#index.add(key, vector);
  }
  /** Adds many at once (one bulk insert into the graph). */
  addMany(keys: readonly number[], matrix: Float32Array): void {
    this.#index.addMany(keys, matrix);
  }
  remove(key: number): boolean {
    return this.#index.remove(key);
  }
  /** Every key in the index. */
  keys(): Float64Array {
    return this.#index.keys();
  }
  has(key: number): boolean {
    return this.#index.has(key);
  }
  search(query: Float32Array, k: number): ScoredKey[] {
    return this.#index.search(query, k);
  }
  /** Exact search whatever the size (the reference for recall measurements). */
  exactSearch(query: Float32Array, k: number): ScoredKey[] {
    return this.#index.exactSearch(query, k);
  }
  /** Whether searches currently go through the HNSW graph. */
  get approximate(): boolean {
    return this.#index.approximate;
  }

  /** Saves one after the other; the snapshot is taken synchronously when this save starts. */
  save(): Promise<void> {
    const run = this.#saving.then(() => this.#saveNow());
    this.#saving = run.catch(() => undefined);
    return run;
  }

  async #saveNow(): Promise<void> {
    const mem = this.#index;
    const generation = newGeneration();
    // Encode both parts before any await, so they describe the same instant.
    const graph = mem.graph;
    const { keys, vectors } = mem.snapshot();
    const header = {
      modelId: mem.modelId,
      dimensions: mem.dimensions,
      count: keys.length,
      generation,
      hnsw: graph ? { connectivity: mem.hnsw.connectivity, quantization: mem.hnsw.quantization } : null,
    };
    const vectorsPlain = encodeVectorsFile(header, keys, vectors);
    if (graph) {
      const hnswHeader = { modelId: mem.modelId, dimensions: mem.dimensions, generation };
      const plain = encodeHnswFile(hnswHeader, (start) => graph.toBytes(this.dir, start));
      await writeSealed(this.dir, HNSW_FILE, plain, this.cipher, hnswContext(mem.modelId));
      plain.fill(0);
    }
    await writeSealed(this.dir, VECTORS_FILE, vectorsPlain, this.cipher, vectorsContext(mem.modelId));
    vectorsPlain.fill(0);
    if (!graph) await rm(join(this.dir, HNSW_FILE), { force: true });
  }

  async close(): Promise<void> {
    await this.#saving;
    this.#mem = null;
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface LoadIndexFilesOptions extends VectorIndexOptions {
  /** The folder holding the sealed files; only read. */
  readonly dir: string;
  readonly cipher: ByteCipher;
  /** Where usearch's transient graph file goes while loading (default `dir`). */
  readonly tmpDir?: string;
  /** Sees each file's sealed bytes before they are opened; throws (or rejects) to refuse them. */
  readonly checkFile?: (name: string, sealed: Buffer) => void | Promise<void>;
  /** Let other work run between the steps of a large load (a replica loading in the background). */
  readonly yieldBetweenSteps?: boolean;
}

/**
 * The index from its files; null when there are none; throws with the reason when they are
 * unusable. Writes nothing in `dir` unless `tmpDir` is left to default to it.
 */
export async function loadIndexFiles(o: LoadIndexFilesOptions): Promise<MemoryVectorIndex | null> {
  const tmpDir = o.tmpDir ?? o.dir;
  const pause = o.yieldBetweenSteps ? nextTurn : () => undefined;
  const checkFile = o.checkFile;
  const check = (name: string) => (checkFile ? (sealed: Buffer) => checkFile(name, sealed) : undefined);
  const plain = await readSealed(o.dir, VECTORS_FILE, o.cipher, vectorsContext(o.modelId), check(VECTORS_FILE));
  if (!plain) return null;
  await pause();
  const file = decodeVectorsFile(plain); // views into plain: the index takes them over
  await pause();
  const h = file.header;
  if (h.modelId !== o.modelId) throw new Error(`the files are for model ${h.modelId}`);
  if (h.dimensions !== o.dimensions) throw new Error(`the files hold ${h.dimensions}-d vectors, not ${o.dimensions}-d`);
  const mem = new MemoryVectorIndex(o);
  let graph: HnswGraph | null = null;
  if (h.hnsw) {
    if (h.hnsw.connectivity !== mem.hnsw.connectivity || h.hnsw.quantization !== mem.hnsw.quantization) {
      throw new Error(
        `the graph was built with connectivity ${h.hnsw.connectivity}, ${h.hnsw.quantization}; ` +
          `now configured ${mem.hnsw.connectivity}, ${mem.hnsw.quantization}`,
      );
    }
    const hnswPlain = await readSealed(o.dir, HNSW_FILE, o.cipher, hnswContext(o.modelId), check(HNSW_FILE));
    if (!hnswPlain) throw new Error('the graph file is missing');
    const saved = decodeHnswFile(hnswPlain);
    if (saved.header.generation !== h.generation) throw new Error('the graph file is from another save');
    await pause();
    graph = HnswGraph.fromBytes(saved.graph, o.dimensions, mem.hnsw, tmpDir);
    hnswPlain.fill(0);
  }
  return MemoryVectorIndex.restore(o, file.keys, file.vectors, graph);
}

/** A fresh in-memory index of every template of `source`. */
export async function rebuild(o: VectorIndexOptions, source: TemplateSource): Promise<MemoryVectorIndex> {
  const mem = new MemoryVectorIndex(o);
  await addFrom(mem, source.vectors());
  return mem;
}

/** Adds the rows in bulk batches; returns how many. */
export async function addFrom(
  mem: MemoryVectorIndex,
  rows: AsyncIterable<{ key: number; vector: Float32Array }>,
): Promise<number> {
  const d = mem.dimensions;
  const keys: number[] = [];
  const batch = new Float32Array(REBUILD_BATCH * d);
  let added = 0;
  const flush = () => {
    mem.addMany(keys, batch.subarray(0, keys.length * d));
    added += keys.length;
    keys.length = 0;
  };
  for await (const { key, vector } of rows) {
    if (vector.length !== d) throw new RangeError(`template ${key} has ${vector.length} dimensions, not ${d}`);
    batch.set(vector, keys.length * d);
    keys.push(key);
    if (keys.length === REBUILD_BATCH) flush();
  }
  if (keys.length > 0) flush();
  return added;
}

/**
 * Brings `mem` to the source's key set: keys the source no longer has are removed, keys it has
 * that `mem` lacks are fetched and added. `missing` counts the keys found missing (a key deleted
 * between the two reads is missing but not added).
 */
export async function reconcile(
  mem: MemoryVectorIndex,
  source: TemplateSource,
): Promise<{ added: number; removed: number; missing: number }> {
  const wanted = new Set(await source.keys());
  let removed = 0;
  for (const key of mem.keys()) {
    if (!wanted.has(key) && mem.remove(key)) removed++;
  }
  const missing = [...wanted].filter((key) => !mem.has(key));
  const added = missing.length > 0 ? await addFrom(mem, source.vectors(missing)) : 0;
  return { added, removed, missing: missing.length };
}

export async function openPersisted(o: OpenVectorIndexOptions): Promise<OpenedVectorIndex & { index: PersistedIndex }> {
  await removeTemporaries(o.dir);
  let mem: MemoryVectorIndex | null = null;
  let why: string;
  try {
    mem = await loadIndexFiles(o);
    why = 'no index files';
  } catch (err) {
    why = `the index files are unusable (${message(err)})`;
  }
  if (!mem) {
    const rebuilt = await rebuild(o, o.source);
    return {
      index: new PersistedIndex(rebuilt, o.dir, o.cipher),
      opened: 'rebuilt',
      reason: `${why}: rebuilt from the database`,
    };
  }
  const { added, removed, missing } = await reconcile(mem, o.source);
  const index = new PersistedIndex(mem, o.dir, o.cipher);
  if (added === 0 && removed === 0 && missing === 0) return { index, opened: 'loaded' };
  return {
    index,
    opened: 'reconciled',
    reason: `the index files were stale: ${added} template(s) added from the database, ${removed} removed`,
  };
}
