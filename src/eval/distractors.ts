/**
 * Synthetic distractor templates for large-gallery evaluation and benchmarks, drawn to match the
 * distribution of real templates rather than uniform noise (on which HNSW recall and impostor
 * scores both behave unlike real galleries).
 *
 * The model is a Gaussian mixture fitted to real templates (ideally one per identity): k-means
 * clusters, each with its mean and the principal components of its covariance (eigenvectors by
 * Jacobi rotation, shrunk towards the pooled within-cluster covariance), plus isotropic variance
 * for the dimensions left out. A sample is a cluster by weight, mean + components x N(0, 1) +
 * residual noise, L2-normalised. Deterministic for a seed. Pure. The fitting is in
 * distractor-fit.ts, the comparison with real impostor scores in impostor-scores.ts.
 */
import type { DistractorModel } from './distractor-fit.ts';
import { gaussian, seededRandom } from './seeded-random.ts';

export {
  fitDistractorModel,
  symmetricEigen,
  type DistractorCluster,
  type DistractorModel,
  type FitOptions,
} from './distractor-fit.ts';
export {
  compareImpostorScores,
  summariseScores,
  type ImpostorComparison,
  type LabelledTemplate,
  type ScoreSummary,
} from './impostor-scores.ts';
export { gaussian, seededRandom } from './seeded-random.ts';

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
