/**
 * Synthetic distractor templates for large-gallery evaluation and benchmarks, drawn to match the
 * distribution of real templates rather than uniform noise (on which HNSW recall and impostor
 * scores both behave unlike real galleries).
 *
 * The model is a Gaussian mixture fitted to real templates (ideally one per identity): k-means
 * clusters, each with its mean and the principal components of its covariance (eigenvectors by
 * Jacobi rotation, shrunk towards the pooled within-cluster covariance), plus isotropic variance
 * for the dimensions left out. A sample is a cluster by weight, mean + components x N(0, 1) +
 * residual noise, L2-normalised. Deterministic for a seed. Pure.
 */

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

/** xoshiro128** seeded by splitmix32: fast, deterministic, good enough for sampling. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0;
  const split = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [split(), split(), split(), split()];
  return () => {
    const [a, b, c, d] = s as [number, number, number, number];
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    s[2] = (c ^ a) >>> 0;
    s[3] = (d ^ b) >>> 0;
    s[1] = (b ^ (s[2] ?? 0)) >>> 0;
    s[0] = (a ^ (s[3] ?? 0)) >>> 0;
    s[2] = ((s[2] ?? 0) ^ t) >>> 0;
    s[3] = rotl(s[3] ?? 0, 11);
    return (result + 0.5) / 4294967296;
  };
}

const rotl = (v: number, k: number): number => ((v << k) | (v >>> (32 - k))) >>> 0;

/** Standard normal deviates (Box-Muller) from a uniform source. */
export function gaussian(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
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

/** Writes `out.length / dimensions` L2-normalised samples into `out`. Deterministic for a seed. */
export function fillDistractors(model: DistractorModel, out: Float32Array, seed: number): void {
  const d = model.dimensions;
  if (out.length % d !== 0) throw new RangeError('output length is not a multiple of the dimensions');
  const random = seededRandom(seed);
  const normal = gaussian(random);
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of model.clusters) cumulative.push((acc += c.weight));
  const z = new Float64Array(d);
  const x = new Float64Array(d);
  for (let row = 0; row < out.length / d; row++) {
    const u = random() * acc;
    const c =
      model.clusters[
        Math.max(
          0,
          cumulative.findIndex((w) => u <= w),
        )
      ] ?? model.clusters[0]!;
    for (let r = 0; r < c.rank; r++) z[r] = normal();
    for (let t = 0; t < d; t++) x[t] = c.mean[t]! + c.residualStd * normal();
    for (let r = 0; r < c.rank; r++) {
      const zr = z[r]!;
      const base = r * d;
      for (let t = 0; t < d; t++) x[t]! += zr * c.loadings[base + t]!;
    }
    let norm = 0;
    for (let t = 0; t < d; t++) norm += x[t]! * x[t]!;
    const inv = 1 / Math.sqrt(norm);
    for (let t = 0; t < d; t++) out[row * d + t] = x[t]! * inv;
  }
}

export function sampleDistractors(model: DistractorModel, count: number, seed: number): Float32Array {
  const out = new Float32Array(count * model.dimensions);
  fillDistractors(model, out, seed);
  return out;
}

export interface ScoreSummary {
  readonly count: number;
  readonly mean: number;
  readonly std: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export function summariseScores(scores: ArrayLike<number>): ScoreSummary {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  let sum = 0;
  for (const s of sorted) sum += s;
  const mean = n > 0 ? sum / n : NaN;
  let sq = 0;
  for (const s of sorted) sq += (s - mean) ** 2;
  const q = (p: number) => (n > 0 ? sorted[Math.min(n - 1, Math.floor(p * n))]! : NaN);
  return { count: n, mean, std: n > 0 ? Math.sqrt(sq / n) : NaN, p50: q(0.5), p99: q(0.99), p999: q(0.999), max: q(1) };
}

export interface LabelledTemplate {
  readonly vector: Float32Array;
  readonly label: string;
}

export interface ImpostorComparison {
  /** Probe x real gallery entries of other identities. */
  readonly real: ScoreSummary;
  /** Probe x as many synthetic templates as there are real gallery entries. */
  readonly synthetic: ScoreSummary;
  /** Per probe, the best real impostor score (the open-set top score without distractors). */
  readonly realTop: ScoreSummary;
  /** Per probe, the best score among as many synthetic templates. */
  readonly syntheticTop: ScoreSummary;
  /** Probe x as many uniformly random unit vectors: what distractors must not look like. */
  readonly uniformNoise: ScoreSummary;
}

/** Whether synthetic templates score against real probes as real impostors do. */
export function compareImpostorScores(
  probes: readonly LabelledTemplate[],
  gallery: readonly LabelledTemplate[],
  synthetic: Float32Array,
  seed = 7,
): ImpostorComparison {
  const d = probes[0]?.vector.length ?? 0;
  const m = Math.min(gallery.length, synthetic.length / Math.max(1, d));
  const noise = new Float32Array(m * d);
  const normal = gaussian(seededRandom(seed));
  for (let i = 0; i < m; i++) {
    let n = 0;
    for (let t = 0; t < d; t++) n += (noise[i * d + t] = normal()) ** 2;
    for (let t = 0; t < d; t++) noise[i * d + t]! /= Math.sqrt(n);
  }
  const real: number[] = [];
  const synth: number[] = [];
  const uniform: number[] = [];
  const realTop: number[] = [];
  const synthTop: number[] = [];
  const dotRow = (m: Float32Array, row: number, q: Float32Array) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += m[row * d + t]! * q[t]!;
    return s;
  };
  for (const p of probes) {
    let top = -Infinity;
    for (const g of gallery) {
      if (g.label === p.label) continue;
      const s = dotRow(g.vector, 0, p.vector);
      real.push(s);
      if (s > top) top = s;
    }
    realTop.push(top);
    top = -Infinity;
    for (let i = 0; i < m; i++) {
      const s = dotRow(synthetic, i, p.vector);
      synth.push(s);
      if (s > top) top = s;
      uniform.push(dotRow(noise, i, p.vector));
    }
    synthTop.push(top);
  }
  return {
    real: summariseScores(real),
    synthetic: summariseScores(synth),
    realTop: summariseScores(realTop),
    syntheticTop: summariseScores(synthTop),
    uniformNoise: summariseScores(uniform),
  };
}
