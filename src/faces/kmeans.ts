/**
 * Spherical k-means on L2-normalised templates (cosine similarity), seeded and deterministic:
 * k-means++ initialisation, then Lloyd iterations with re-normalised centroids. Pure.
 */
import { dot } from './template.ts';

/** mulberry32: a small seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unit(v: Float64Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = n > 0 ? (v[i] ?? 0) / n : 0;
  return out;
}

/** Index of the most similar centroid (the first on a tie); -1 with no centroids. */
export function nearestCentroid(v: Float32Array, centroids: readonly Float32Array[]): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  centroids.forEach((c, i) => {
    if (c.length !== v.length) throw new RangeError(`template has ${v.length} dimensions, centroid ${c.length}`);
    const s = dot(v, c);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  });
  return best;
}

export interface KMeansResult {
  readonly centroids: Float32Array[];
  /** Cluster of each input vector. */
  readonly assignment: Int32Array;
  readonly iterations: number;
}

export interface KMeansOptions {
  readonly seed?: number;
  readonly maxIterations?: number;
}

/** k clusters of unit vectors (k is capped at the number of vectors). */
export function sphericalKMeans(vectors: readonly Float32Array[], k: number, o: KMeansOptions = {}): KMeansResult {
  const n = vectors.length;
  if (n === 0 || k < 1) throw new RangeError('k-means needs at least one vector and one cluster');
  const d = vectors[0]?.length ?? 0;
  const random = seededRandom(o.seed ?? 1);
  const centroids: Float32Array[] = [vectors[Math.floor(random() * n)] ?? new Float32Array(d)];
  // k-means++: next centroid drawn with probability proportional to its squared distance (2 - 2 cos).
  const far = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  while (centroids.length < Math.min(k, n)) {
    const last = centroids[centroids.length - 1] ?? new Float32Array(d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dist = Math.max(0, 2 - 2 * dot(vectors[i] ?? last, last));
      if (dist < (far[i] ?? 0)) far[i] = dist;
      total += far[i] ?? 0;
    }
    let r = random() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= far[i] ?? 0;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    centroids.push(Float32Array.from(vectors[pick] ?? last));
  }
  const assignment = new Int32Array(n).fill(-1);
  let iterations = 0;
  for (; iterations < (o.maxIterations ?? 50); iterations++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const c = nearestCentroid(vectors[i] ?? new Float32Array(d), centroids);
      if (c !== assignment[i]) {
        assignment[i] = c;
        changed++;
      }
    }
    if (changed === 0) break;
    const sums = centroids.map(() => new Float64Array(d));
    for (let i = 0; i < n; i++) {
      const s = sums[assignment[i] ?? 0];
      const v = vectors[i];
      if (s && v) for (let j = 0; j < d; j++) s[j] = (s[j] ?? 0) + (v[j] ?? 0);
    }
    // An emptied cluster keeps its centroid.
    sums.forEach((s, c) => {
      if (s.some((x) => x !== 0)) centroids[c] = unit(s);
    });
  }
  return { centroids, assignment, iterations };
}
