/** The in-memory vector index: exact float32 store, plus an HNSW graph above a size threshold. */
import { HnswGraph, hnswSettings, type HnswSettings } from './vector-index-hnsw.ts';
import { ExactVectorStore, type ScoredKey } from './vector-index-store.ts';
import type { VectorIndex, VectorIndexOptions } from './vector-index-types.ts';

/**
 * Exact search of 20,000 128-d templates takes about 3 ms on one core here; above that the HNSW
 * graph (sub-millisecond at a million) pays for its memory and build time.
 */
export const DEFAULT_APPROXIMATE_ABOVE = 20_000;

/** |norm - 1| allowed for an "L2-normalised" vector. */
const NORM_TOLERANCE = 1e-3;

export function checkVector(vector: Float32Array, dimensions: number, what = 'vector'): void {
  if (!(vector instanceof Float32Array) || vector.length !== dimensions) {
    throw new RangeError(`${what} must be a Float32Array of ${dimensions} values (got ${vector?.length})`);
  }
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (!Number.isFinite(sum) || Math.abs(Math.sqrt(sum) - 1) > NORM_TOLERANCE) {
    throw new RangeError(`${what} is not L2-normalised (norm ${Math.sqrt(sum)})`);
  }
}

function checkKey(key: number): void {
  if (!Number.isSafeInteger(key) || key <= 0)
    throw new RangeError(`index key must be a positive safe integer (got ${key})`);
}

/** An in-memory vector index (the persistent one wraps it); also what evaluation and benchmarks use. */
export class MemoryVectorIndex implements VectorIndex {
  readonly modelId: string;
  readonly dimensions: number;
  readonly approximateAbove: number;
  readonly hnsw: HnswSettings;
  #store: ExactVectorStore;
  #graph: HnswGraph | null = null;

  constructor(o: VectorIndexOptions) {
    this.modelId = o.modelId;
    this.dimensions = o.dimensions;
    this.approximateAbove = o.approximateAbove ?? DEFAULT_APPROXIMATE_ABOVE;
    if (!Number.isInteger(this.approximateAbove) || this.approximateAbove < 0) {
      throw new RangeError(`approximateAbove must be a non-negative integer (got ${this.approximateAbove})`);
    }
    this.hnsw = hnswSettings(o.hnsw);
    this.#store = new ExactVectorStore(o.dimensions);
  }

  /**
   * An index from persisted keys and vectors (already validated; taken over, not copied) and the
   * graph saved with them, if any; without one, the graph is built when the size calls for it.
   */
  static restore(
    o: VectorIndexOptions,
    keys: Float64Array,
    vectors: Float32Array,
    graph: HnswGraph | null,
  ): MemoryVectorIndex {
    const index = new MemoryVectorIndex(o);
    if (graph && graph.size !== keys.length) {
      throw new RangeError(`graph holds ${graph.size} vectors, not ${keys.length}`);
    }
    index.#store = ExactVectorStore.adopt(index.dimensions, keys, vectors);
    index.#graph = graph;
    if (!graph && index.#store.size > index.approximateAbove) index.#buildGraph();
    return index;
  }

  get size(): number {
    return this.#store.size;
  }

  /** Whether searches of the current size go through the HNSW graph. */
  get approximate(): boolean {
    return this.#graph !== null && this.#store.size > this.approximateAbove;
  }

  /** The graph, when one has been built (for persistence). */
  get graph(): HnswGraph | null {
    return this.#graph;
  }

  has(key: number): boolean {
    return this.#store.has(key);
  }

  add(key: number, vector: Float32Array): void {
    checkKey(key);
    checkVector(vector, this.dimensions);
    this.#store.set(key, vector);
    if (this.#graph) this.#graph.set(key, vector);
    else if (this.#store.size > this.approximateAbove) this.#buildGraph();
  }

  /**
   * Adds many keys at once (rows of `matrix`, one per key) with a multi-threaded graph insert.
   * Keys already present (or repeated) are replaced one by one afterwards, in order.
   */
  addMany(keys: readonly number[], matrix: Float32Array): void {
    const d = this.dimensions;
    if (matrix.length !== keys.length * d) throw new RangeError('addMany: one row of the matrix per key');
    const row = (i: number) => matrix.subarray(i * d, (i + 1) * d);
    const fresh: number[] = [];
    const freshRows: number[] = [];
    const replaced: number[] = [];
    const seen = new Set<number>();
    keys.forEach((key, i) => {
      checkKey(key);
      checkVector(row(i), d, `vector of key ${key}`);
      if (this.#store.has(key) || seen.has(key)) replaced.push(i);
      else {
        seen.add(key);
        fresh.push(key);
        freshRows.push(i);
      }
    });
    this.#store.reserve(this.#store.size + fresh.length);
    freshRows.forEach((i, j) => this.#store.set(fresh[j] ?? 0, row(i)));
    if (this.#graph) this.#graph.addMany(fresh, replaced.length === 0 ? matrix : gather(matrix, freshRows, d));
    else if (this.#store.size > this.approximateAbove) this.#buildGraph();
    for (const i of replaced) this.add(keys[i] ?? 0, row(i));
  }

  remove(key: number): boolean {
    const removed = this.#store.delete(key);
    if (removed) this.#graph?.remove(key);
    return removed;
  }

  search(query: Float32Array, k: number): ScoredKey[] {
    if (!Number.isInteger(k) || k <= 0) throw new RangeError(`k must be a positive integer (got ${k})`);
    if (query.length !== this.dimensions)
      throw new RangeError(`query has ${query.length} dimensions, not ${this.dimensions}`);
    if (!this.approximate || !this.#graph) return this.#store.search(query, k);
    const candidates = this.#graph.candidates(query, Math.max(k, this.hnsw.rerank));
    return this.#store.rerank(query, candidates, k);
  }

  /** Exact search whatever the size (the reference for recall measurements). */
  exactSearch(query: Float32Array, k: number): ScoredKey[] {
    return this.#store.search(query, k);
  }

  /** Every key (a copy). */
  keys(): Float64Array {
    return this.#store.keys();
  }

  /** Keys (a copy) and vectors (a view, valid until the next change) in row order, for persistence. */
  snapshot(): { keys: Float64Array; vectors: Float32Array } {
    return { keys: this.#store.keys(), vectors: this.#store.matrix() };
  }

  /** Builds the graph from every stored vector (all cores). */
  #buildGraph(): void {
    const graph = new HnswGraph(this.dimensions, this.hnsw);
    graph.addMany(this.#store.keys(), this.#store.matrix());
    this.#graph = graph;
  }
}

function gather(matrix: Float32Array, rows: readonly number[], d: number): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(matrix.subarray(r * d, (r + 1) * d), i * d));
  return out;
}
