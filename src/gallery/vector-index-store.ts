/**
 * The exact float32 vectors behind a vector index: one growable Float32Array of rows, a key for
 * each row and a key -> row map. Removal moves the last row into the freed one, so rows stay
 * dense (no holes to skip when scanning). Used for exact search of small sets and for the exact
 * re-ranking of approximate candidates.
 */

export interface ScoredKey {
  readonly key: number;
  /** Exact float32 cosine similarity (dot product of L2-normalised vectors). */
  readonly score: number;
}

export class ExactVectorStore {
  readonly dimensions: number;
  #vectors: Float32Array;
  #keys: Float64Array;
  #rows = new Map<number, number>();
  #size = 0;

  constructor(dimensions: number, capacity = 64) {
    if (!Number.isInteger(dimensions) || dimensions <= 0) throw new RangeError(`bad dimensions ${dimensions}`);
    this.dimensions = dimensions;
    const cap = Math.max(1, capacity);
    this.#vectors = new Float32Array(cap * dimensions);
    this.#keys = new Float64Array(cap);
  }

  /**
   * A store that takes over `keys` and `vectors` (row-major, one row per key) without copying
   * them; the caller must not use or change them afterwards. Keys must be distinct.
   */
  static adopt(dimensions: number, keys: Float64Array, vectors: Float32Array): ExactVectorStore {
    if (vectors.length !== keys.length * dimensions) throw new RangeError('one vector per key');
    const store = new ExactVectorStore(dimensions, 1);
    store.#keys = keys;
    store.#vectors = vectors;
    store.#size = keys.length;
    keys.forEach((key, row) => store.#rows.set(key, row));
    if (store.#rows.size !== keys.length) throw new RangeError('keys repeat');
    return store;
  }

  get size(): number {
    return this.#size;
  }

  has(key: number): boolean {
    return this.#rows.has(key);
  }

  /** Grows the arrays to hold at least `rows` rows (at least doubling, so bulk loads copy little). */
  reserve(rows: number): void {
    if (rows <= this.#keys.length) return;
    const capacity = Math.max(rows, this.#keys.length * 2);
    const vectors = new Float32Array(capacity * this.dimensions);
    vectors.set(this.#vectors.subarray(0, this.#size * this.dimensions));
    const keys = new Float64Array(capacity);
    keys.set(this.#keys.subarray(0, this.#size));
    this.#vectors = vectors;
    this.#keys = keys;
  }

  /** Adds or replaces the vector of `key`. */
  set(key: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions)
      throw new RangeError(`vector has ${vector.length} dimensions, not ${this.dimensions}`);
    let row = this.#rows.get(key);
    if (row === undefined) {
      if (this.#size === this.#keys.length) this.reserve(Math.max(64, this.#size + 1));
      row = this.#size++;
      this.#rows.set(key, row);
      this.#keys[row] = key;
    }
    this.#vectors.set(vector, row * this.dimensions);
  }

  delete(key: number): boolean {
    const row = this.#rows.get(key);
    if (row === undefined) return false;
    const last = this.#size - 1;
    const d = this.dimensions;
    if (row !== last) {
      const lastKey = this.#keys[last] ?? 0;
      this.#vectors.copyWithin(row * d, last * d, last * d + d);
      this.#keys[row] = lastKey;
      this.#rows.set(lastKey, row);
    }
    this.#vectors.fill(0, last * d, last * d + d);
    this.#rows.delete(key);
    this.#size = last;
    return true;
  }

  /** The stored vector (a view: copy it to keep it past the next change). */
  vector(key: number): Float32Array | undefined {
    const row = this.#rows.get(key);
    return row === undefined ? undefined : this.#vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }

  /** Keys in row order (a copy). */
  keys(): Float64Array {
    return this.#keys.slice(0, this.#size);
  }

  /** The rows as one matrix, in the order of keys() (a view). */
  matrix(): Float32Array {
    return this.#vectors.subarray(0, this.#size * this.dimensions);
  }

  /** Exact dot product of `query` with the stored vector of `key`, or undefined when absent. */
  score(query: Float32Array, key: number): number | undefined {
    const row = this.#rows.get(key);
    return row === undefined ? undefined : dotAt(this.#vectors, row * this.dimensions, query);
  }

  /** The k best keys by exact dot product, best first (ties by key). */
  search(query: Float32Array, k: number): ScoredKey[] {
    const top = new TopK(Math.min(k, this.#size));
    const d = this.dimensions;
    for (let row = 0; row < this.#size; row++) top.offer(dotAt(this.#vectors, row * d, query), row);
    return top
      .sorted()
      .map(([score, row]) => ({ key: this.#keys[row] ?? 0, score }))
      .sort(byScore);
  }

  /** Exact re-ranking: the candidates' exact scores, best first, at most k (absent keys skipped). */
  rerank(query: Float32Array, candidates: Iterable<number>, k: number): ScoredKey[] {
    const out: ScoredKey[] = [];
    for (const key of candidates) {
      const score = this.score(query, key);
      if (score !== undefined) out.push({ key, score });
    }
    out.sort(byScore);
    return out.slice(0, k);
  }
}

export const byScore = (a: ScoredKey, b: ScoredKey): number => b.score - a.score || a.key - b.key;

export function dotAt(matrix: Float32Array, offset: number, query: Float32Array): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  const n = query.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += matrix[offset + i]! * query[i]!;
    s1 += matrix[offset + i + 1]! * query[i + 1]!;
    s2 += matrix[offset + i + 2]! * query[i + 2]!;
    s3 += matrix[offset + i + 3]! * query[i + 3]!;
  }
  for (; i < n; i++) s0 += matrix[offset + i]! * query[i]!;
  return s0 + s1 + s2 + s3;
}

/** A bounded min-heap of (score, id): keeps the k highest scores offered. */
class TopK {
  readonly #scores: Float64Array;
  readonly #ids: Float64Array;
  #n = 0;

  constructor(readonly k: number) {
    this.#scores = new Float64Array(Math.max(0, k));
    this.#ids = new Float64Array(Math.max(0, k));
  }

  offer(score: number, id: number): void {
    if (this.k <= 0) return;
    if (this.#n < this.k) {
      let i = this.#n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.#scores[parent]! <= score) break;
        this.#scores[i] = this.#scores[parent]!;
        this.#ids[i] = this.#ids[parent]!;
        i = parent;
      }
      this.#scores[i] = score;
      this.#ids[i] = id;
      return;
    }
    if (score <= this.#scores[0]!) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.#n) break;
      const r = l + 1;
      const c = r < this.#n && this.#scores[r]! < this.#scores[l]! ? r : l;
      if (this.#scores[c]! >= score) break;
      this.#scores[i] = this.#scores[c]!;
      this.#ids[i] = this.#ids[c]!;
      i = c;
    }
    this.#scores[i] = score;
    this.#ids[i] = id;
  }

  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.#n; i++) out.push([this.#scores[i]!, this.#ids[i]!]);
    return out;
  }
}
