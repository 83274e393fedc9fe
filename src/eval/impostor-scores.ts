/**
 * Whether synthetic distractor templates (distractors.ts) score against real probes as real
 * impostors do: score summaries of real, synthetic and uniformly random impostors. Pure.
 */
import { gaussian, seededRandom } from './seeded-random.ts';

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
