/**
 * Embedding images once per run (or across runs through a shared cache), and scoring pairs.
 * The face engine is reached only through the EmbedImage function the caller passes in.
 */

export type EmbedResult = { ok: true; vector: Float32Array } | { ok: false; reason: string };
export type EmbedImage = (absPath: string) => Promise<EmbedResult>;

export interface EmbedProgress {
  readonly phase: 'embed';
  readonly done: number;
  readonly total: number;
  readonly failures: number;
}

/** Results by absolute path. Pass one cache to several runners to embed each image only once. */
export type EmbeddingCache = Map<string, Promise<EmbedResult>>;

export function createEmbeddingCache(): EmbeddingCache {
  return new Map();
}

/** A unit-length copy, or null for a zero or non-finite vector. */
export function normalise(v: Float32Array): Float32Array | null {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (!(norm > 0) || !Number.isFinite(norm)) return null;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) / norm;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`embedding sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

async function embedOne(embed: EmbedImage, absPath: string): Promise<EmbedResult> {
  let result: EmbedResult;
  try {
    result = await embed(absPath);
  } catch (err) {
    return { ok: false, reason: `error: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!result.ok) return result;
  const unit = normalise(result.vector);
  return unit ? { ok: true, vector: unit } : { ok: false, reason: 'zero or non-finite embedding' };
}

export interface EmbedAllOptions {
  readonly cache?: EmbeddingCache;
  /** Images embedded at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (p: EmbedProgress) => void;
}

/**
 * Embed every path (each at most once through the cache); vectors come back L2-normalised.
 * A thrown error counts as a failure to enrol with reason `error: <message>`.
 */
export async function embedAll(
  absPaths: readonly string[],
  embed: EmbedImage,
  options: EmbedAllOptions = {},
): Promise<Map<string, EmbedResult>> {
  const cache = options.cache ?? createEmbeddingCache();
  const unique = [...new Set(absPaths)];
  const results = new Map<string, EmbedResult>();
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < unique.length) {
      const path = unique[next++] ?? '';
      let pending = cache.get(path);
      if (!pending) {
        pending = embedOne(embed, path);
        cache.set(path, pending);
      }
      const r = await pending;
      results.set(path, r);
      if (!r.ok) failures++;
      options.onProgress?.({ phase: 'embed', done: results.size, total: unique.length, failures });
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? 4, unique.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/** Count of failure reasons, e.g. { 'no face found': 3 }. */
export function failureReasons(results: Iterable<EmbedResult>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) if (!r.ok) out[r.reason] = (out[r.reason] ?? 0) + 1;
  return out;
}

/** Similarity of every unordered pair (i < j) of the vectors, in row order. */
export function allPairScores(vectors: readonly Float32Array[]): Float64Array {
  const n = vectors.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const a = vectors[i];
    if (!a) continue;
    for (let j = i + 1; j < n; j++) {
      const b = vectors[j];
      if (b) out[k++] = dot(a, b);
    }
  }
  return out;
}

export interface SampledScores {
  readonly scores: Float64Array;
  /** Pairs that qualified before sampling. */
  readonly eligible: number;
  /** Every stride-th qualifying pair (in row order i < j) was scored. */
  readonly stride: number;
}

/**
 * Similarities of pairs (i < j) whose identities differ. When more than maxPairs qualify, every
 * stride-th qualifying pair in row order is taken (stride = ceil(eligible / maxPairs)): deterministic,
 * and each image keeps about the same share of its pairs.
 */
export function crossIdentityScores(
  vectors: readonly Float32Array[],
  identities: readonly string[],
  maxPairs: number,
): SampledScores {
  if (vectors.length !== identities.length) throw new RangeError('one identity per vector');
  const n = vectors.length;
  const perIdentity = new Map<string, number>();
  for (const id of identities) perIdentity.set(id, (perIdentity.get(id) ?? 0) + 1);
  let sameIdentity = 0;
  for (const k of perIdentity.values()) sameIdentity += (k * (k - 1)) / 2;
  const eligible = (n * (n - 1)) / 2 - sameIdentity;
  const stride = Math.max(1, Math.ceil(eligible / Math.max(1, maxPairs)));
  const out = new Float64Array(Math.ceil(eligible / stride));
  let counter = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const a = vectors[i];
    const idA = identities[i];
    if (!a) continue;
    for (let j = i + 1; j < n; j++) {
      if (identities[j] === idA) continue;
      if (counter++ % stride !== 0) continue;
      const b = vectors[j];
      if (b) out[k++] = dot(a, b);
    }
  }
  return { scores: out.subarray(0, k), eligible, stride };
}
