/**
 * Fitting the attribute-free fairness calibration (R27), after FairCal (Salvador et al., ICLR
 * 2022): the calibration templates are clustered with spherical k-means, no demographic label
 * used, and each cluster's impostor tail is read off the impostor pairs inside it: the score that
 * a fraction `fitFmr` of those pairs reach. A cluster whose faces look alike to the model (high
 * impostor scores) gets a positive offset, and a pair's calibrated score is its raw score minus
 * the mean offset of its two templates' clusters (src/faces/score-calibration.ts), so every
 * region of face space reaches the operating threshold at about the same false match rate.
 * Offsets are shrunk towards 0 for clusters with few pairs. Pure.
 */
import { sphericalKMeans } from '../faces/kmeans.ts';
import type { ClusterCalibration } from '../faces/score-calibration.ts';
import { sortedAscending, thresholdAtFmr } from './stats.ts';

export interface ClusterFitInput {
  /** L2-normalised calibration templates. */
  readonly vectors: readonly Float32Array[];
  /**
   * Identity of each template, used only to leave same-person pairs out of the impostor pairs;
   * null for a template of a person who appears once (a cohort of distinct people).
   */
  readonly identities: readonly (string | null)[];
  readonly clusters: number;
  /** Within-cluster FMR at which each cluster's tail is read (default 1e-2: estimable in small clusters). */
  readonly fitFmr?: number;
  /** Impostor pairs at which a cluster's offset gets half weight (default 2,000). */
  readonly priorPairs?: number;
  readonly seed?: number;
  /**
   * How a cluster's tail is read: 'pairs' (its within-cluster impostor pairs at fitFmr) or
   * 'cohort' (the mean, over its members, of each member's top-`cohortSize` impostor scores
   * against the whole calibration set). Default 'cohort'.
   */
  readonly tail?: 'pairs' | 'cohort';
  readonly cohortSize?: number;
}

export interface ClusterFitSummary {
  readonly size: number;
  readonly impostorPairs: number;
  /** The within-cluster score at fitFmr before shrinkage; null with no pairs. */
  readonly tail: number | null;
  readonly offset: number;
}

export interface ClusterFit {
  readonly calibration: ClusterCalibration;
  readonly summary: readonly ClusterFitSummary[];
  /** Cluster of each input template. */
  readonly assignment: Int32Array;
}

export const DEFAULT_FIT_FMR = 1e-2;
export const DEFAULT_PRIOR_PAIRS = 2000;

function withinClusterImpostors(
  members: readonly number[],
  vectors: readonly Float32Array[],
  identities: readonly (string | null)[],
): Float64Array {
  const out: number[] = [];
  for (let x = 0; x < members.length; x++) {
    const i = members[x] ?? 0;
    const a = vectors[i];
    const idA = identities[i] ?? null;
    if (!a) continue;
    for (let y = x + 1; y < members.length; y++) {
      const j = members[y] ?? 0;
      const idB = identities[j] ?? null;
      if (idA !== null && idA === idB) continue;
      const b = vectors[j];
      if (!b) continue;
      let s = 0;
      for (let d = 0; d < a.length; d++) s += (a[d] ?? 0) * (b[d] ?? 0);
      out.push(s);
    }
  }
  return sortedAscending(out);
}

/** Mean of each template's k best impostor scores against all the other templates (not its own identity). */
export function cohortMeans(
  vectors: readonly Float32Array[],
  identities: readonly (string | null)[],
  k: number,
): Float64Array {
  const n = vectors.length;
  const out = new Float64Array(n);
  const best = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const a = vectors[i];
    const id = identities[i] ?? null;
    if (!a) continue;
    best.fill(Number.NEGATIVE_INFINITY);
    let min = 0; // index of the smallest kept score
    for (let j = 0; j < n; j++) {
      if (j === i || (id !== null && identities[j] === id)) continue;
      const b = vectors[j];
      if (!b) continue;
      let s = 0;
      for (let d = 0; d < a.length; d++) s += (a[d] ?? 0) * (b[d] ?? 0);
      if (s <= (best[min] ?? 0)) continue;
      best[min] = s;
      for (let x = 0; x < k; x++) if ((best[x] ?? 0) < (best[min] ?? 0)) min = x;
    }
    let sum = 0;
    let count = 0;
    for (const x of best)
      if (x !== Number.NEGATIVE_INFINITY) {
        sum += x;
        count++;
      }
    out[i] = count > 0 ? sum / count : 0;
  }
  return out;
}

export function fitClusterCalibration(input: ClusterFitInput): ClusterFit {
  return (input.tail ?? 'cohort') === 'cohort' ? fitByCohort(input) : fitByPairs(input);
}

function fitByCohort(input: ClusterFitInput): ClusterFit {
  const prior = input.priorPairs ?? 20;
  const seed = input.seed ?? 1;
  const k = input.cohortSize ?? 50;
  const km = sphericalKMeans(input.vectors, input.clusters, { seed });
  const means = cohortMeans(input.vectors, input.identities, k);
  const overall = means.reduce((a, b) => a + b, 0) / Math.max(1, means.length);
  const sums = km.centroids.map(() => ({ sum: 0, n: 0 }));
  km.assignment.forEach((c, i) => {
    const s = sums[c];
    if (s) {
      s.sum += means[i] ?? 0;
      s.n++;
    }
  });
  const summary = sums.map((s): ClusterFitSummary => {
    const tail = s.n > 0 ? s.sum / s.n : null;
    return {
      size: s.n,
      impostorPairs: 0,
      tail,
      offset: tail === null ? 0 : (s.n / (s.n + prior)) * (tail - overall),
    };
  });
  return {
    calibration: {
      method: 'cluster-offset',
      clusters: km.centroids.length,
      seed,
      fitFmr: 0,
      priorPairs: prior,
      centroids: km.centroids.map((c) => [...c]),
      offsets: summary.map((x) => x.offset),
    },
    summary,
    assignment: km.assignment,
  };
}

function fitByPairs(input: ClusterFitInput): ClusterFit {
  if (input.vectors.length !== input.identities.length) throw new RangeError('one identity entry per template');
  const fitFmr = input.fitFmr ?? DEFAULT_FIT_FMR;
  const prior = input.priorPairs ?? DEFAULT_PRIOR_PAIRS;
  const seed = input.seed ?? 1;
  const km = sphericalKMeans(input.vectors, input.clusters, { seed });
  const members = km.centroids.map((): number[] => []);
  km.assignment.forEach((c, i) => members[c]?.push(i));
  const scores = members.map((m) => withinClusterImpostors(m, input.vectors, input.identities));
  const pooled = sortedAscending(scores.flatMap((s) => [...s]));
  const reference = thresholdAtFmr(pooled, fitFmr)?.threshold ?? 0;
  const summary = scores.map((s, c): ClusterFitSummary => {
    const tail = s.length > 0 ? (thresholdAtFmr(s, fitFmr)?.threshold ?? null) : null;
    const weight = s.length / (s.length + prior);
    return {
      size: members[c]?.length ?? 0,
      impostorPairs: s.length,
      tail,
      offset: tail === null ? 0 : weight * (tail - reference),
    };
  });
  return {
    calibration: {
      method: 'cluster-offset',
      clusters: km.centroids.length,
      seed,
      fitFmr,
      priorPairs: prior,
      centroids: km.centroids.map((c) => [...c]),
      offsets: summary.map((s) => s.offset),
    },
    summary,
    assignment: km.assignment,
  };
}
