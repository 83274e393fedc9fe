/**
 * Fitting the distractor model (distractors.ts): a Gaussian mixture of real templates. k-means
 * clusters (k-means++ seeding), each with its mean and the principal components of its covariance
 * (eigenvectors by cyclic Jacobi rotation, shrunk towards the pooled within-cluster covariance),
 * plus isotropic variance for the dimensions left out. Deterministic for a seed. Pure.
 */
import { seededRandom } from './seeded-random.ts';

export interface DistractorCluster {
  readonly weight: number;
  readonly mean: Float64Array;
  /** rank x dimensions, row j = sqrt(eigenvalue j) x eigenvector j. */
  readonly loadings: Float64Array;
  readonly rank: number;
  /** Standard deviation of the isotropic residual per dimension. */
  readonly residualStd: number;
}

export interface DistractorModel {
  readonly dimensions: number;
  readonly fittedOn: number;
  readonly clusters: readonly DistractorCluster[];
}

export interface FitOptions {
  /** Mixture components (k-means clusters); default 8, fewer for small sets. */
  readonly clusters?: number;
  /** Principal components kept per cluster; default all of them. */
  readonly components?: number;
  /**
   * Weight of the pooled within-cluster covariance in each cluster's covariance; default
   * d / (d + cluster size), so small clusters lean on the pooled estimate.
   */
  readonly shrinkage?: number;
  readonly seed?: number;
}

/** Eigenvalues (descending) and eigenvectors (rows) of a symmetric n x n matrix, by cyclic Jacobi. */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vpk = v[p * n + k]!;
          const vqk = v[q * n + k]!;
          v[p * n + k] = c * vpk - s * vqk;
          v[q * n + k] = s * vpk + c * vqk;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((i, r) => vectors.set(v.subarray(i * n, (i + 1) * n), r * n));
  return { values, vectors };
}

/** k-means (k-means++ seeding, cosine on unit vectors, a few Lloyd rounds); the cluster of each template. */
function kMeans(x: readonly Float32Array[], k: number, d: number, random: () => number): Int32Array {
  const n = x.length;
  const centres: Float64Array[] = [Float64Array.from(x[Math.floor(random() * n)]!)];
  const best = new Float64Array(n).fill(Infinity);
  while (centres.length < k) {
    const c = centres[centres.length - 1]!;
    let total = 0;
    x.forEach((row, i) => {
      best[i] = Math.min(best[i]!, sqDist(row, c, d));
      total += best[i]!;
    });
    let pick = random() * total;
    let chosen = 0;
    while (chosen < n - 1 && (pick -= best[chosen]!) > 0) chosen++;
    centres.push(Float64Array.from(x[chosen]!));
  }
  const label = new Int32Array(n);
  for (let round = 0; round < 15; round++) {
    x.forEach((row, i) => {
      let bi = 0;
      let bd = Infinity;
      centres.forEach((c, j) => {
        const dist = sqDist(row, c, d);
        if (dist < bd) {
          bd = dist;
          bi = j;
        }
      });
      label[i] = bi;
    });
    const sums = centres.map(() => new Float64Array(d));
    const counts = new Int32Array(k);
    x.forEach((row, i) => {
      const j = label[i]!;
      counts[j]!++;
      for (let t = 0; t < d; t++) sums[j]![t]! += row[t]!;
    });
    sums.forEach((s, j) => {
      if (counts[j]! > 0) centres[j] = s.map((v) => v / counts[j]!);
    });
  }
  return label;
}

function sqDist(a: Float32Array, b: Float64Array, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += (a[t]! - b[t]!) ** 2;
  return s;
}

function covariance(rows: readonly Float32Array[], mean: Float64Array, d: number): Float64Array {
  const c = new Float64Array(d * d);
  const diff = new Float64Array(d);
  for (const row of rows) {
    for (let t = 0; t < d; t++) diff[t] = row[t]! - mean[t]!;
    for (let i = 0; i < d; i++) {
      const di = diff[i]!;
      for (let j = i; j < d; j++) c[i * d + j]! += di * diff[j]!;
    }
  }
  const denom = Math.max(1, rows.length - 1);
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) c[j * d + i] = c[i * d + j] = c[i * d + j]! / denom;
  return c;
}

export function fitDistractorModel(templates: readonly Float32Array[], options: FitOptions = {}): DistractorModel {
  const n = templates.length;
  if (n < 2) throw new RangeError('fitting distractors needs at least two templates');
  const d = templates[0]!.length;
  if (templates.some((t) => t.length !== d)) throw new RangeError('templates differ in length');
  const k = Math.max(1, Math.min(options.clusters ?? 8, Math.floor(n / (2 * d)) || 1));
  const label = k > 1 ? kMeans(templates, k, d, seededRandom(options.seed ?? 1)) : new Int32Array(n);
  const groups = Array.from({ length: k }, (): Float32Array[] => []);
  templates.forEach((t, i) => groups[label[i]!]!.push(t));
  const used = groups.filter((g) => g.length >= 2);
  const means = used.map((g) => {
    const m = new Float64Array(d);
    for (const row of g) for (let t = 0; t < d; t++) m[t]! += row[t]!;
    return m.map((v) => v / g.length);
  });
  const covs = used.map((g, j) => covariance(g, means[j]!, d));
  const pooled = new Float64Array(d * d);
  covs.forEach((c, j) => c.forEach((v, i) => (pooled[i]! += (v * used[j]!.length) / n)));
  const clusters = used.map((g, j): DistractorCluster => {
    const shrink = options.shrinkage ?? d / (d + g.length);
    const c = covs[j]!.map((v, i) => (1 - shrink) * v + shrink * pooled[i]!);
    const { values, vectors } = symmetricEigen(c, d);
    const rank = Math.min(options.components ?? d, d);
    let rest = 0;
    for (let r = rank; r < d; r++) rest += Math.max(0, values[r]!);
    const loadings = new Float64Array(rank * d);
    for (let r = 0; r < rank; r++) {
      const s = Math.sqrt(Math.max(0, values[r]!));
      for (let t = 0; t < d; t++) loadings[r * d + t] = s * vectors[r * d + t]!;
    }
    return { weight: g.length / n, mean: means[j]!, loadings, rank, residualStd: Math.sqrt(rest / d) };
  });
  return { dimensions: d, fittedOn: n, clusters };
}
