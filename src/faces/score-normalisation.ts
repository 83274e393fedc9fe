/**
 * Open-set score normalisation: adaptive symmetric score normalisation (AS-norm) of a
 * probe-candidate similarity against cohorts of non-mates. The probe's cohort is its top-K scores
 * against the gallery excluding the candidate itself; the candidate's is its top-K scores against
 * the other gallery entries (computed at enrolment or by a job), or against a reference cohort an
 * operator installs. A probe whose face is "like everyone" (poor quality, a common look) has a high
 * cohort mean, so its raw scores count for less; thresholds are calibrated on the normalised score.
 * Pure: the caller searches and hands in the scores.
 */
import { dot } from './template.ts';

/** Mean and standard deviation of the top-K cohort scores of one template. */
export interface CohortStats {
  readonly mean: number;
  readonly std: number;
  /** Cohort scores the statistics rest on (at most K). */
  readonly count: number;
}

/** Cohort size used unless configured: the top 30 non-mate scores (chosen with DEFAULT_METHOD on a development half of LFW identities). */
export const DEFAULT_COHORT_SIZE = 30;

/** Floor on the cohort standard deviation, so a tight cohort cannot blow the normalised score up. */
export const MIN_COHORT_STD = 1e-3;

/** Statistics of the k highest of `scores` (any order); null when there are fewer than two scores. */
export function cohortStats(scores: ArrayLike<number>, k: number): CohortStats | null {
  const sorted = Float64Array.from(scores).sort().reverse();
  return cohortStatsOfSorted(sorted, k);
}

/** As cohortStats, for scores already sorted highest first. */
export function cohortStatsOfSorted(descending: ArrayLike<number>, k: number): CohortStats | null {
  const n = Math.min(k, descending.length);
  if (n < 2) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += descending[i] ?? 0;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += ((descending[i] ?? 0) - mean) ** 2;
  return { mean, std: Math.max(MIN_COHORT_STD, Math.sqrt(sq / n)), count: n };
}

/** One scored gallery entry. */
export interface KeyedScore {
  readonly key: number;
  readonly score: number;
}

/**
 * Cohort statistics from a best-first candidate list, leaving out the given keys (the candidate
 * being normalised, and in an open-set test the removed mate). The list must hold at least
 * k + excluded entries for the statistics to be over a full cohort.
 */
export function cohortExcluding(bestFirst: readonly KeyedScore[], exclude: ReadonlySet<number>, k: number) {
  const kept: number[] = [];
  for (const c of bestFirst) {
    if (kept.length >= k) break;
    if (!exclude.has(c.key)) kept.push(c.score);
  }
  return cohortStatsOfSorted(kept, k);
}

/** AS-norm: the mean of the score's z-scores against the probe's and the candidate's cohorts. */
export function asNorm(score: number, probe: CohortStats, candidate: CohortStats): number {
  return 0.5 * ((score - probe.mean) / probe.std + (score - candidate.mean) / candidate.std);
}

/**
 * AS-norm without the division by the cohort spread: the score less the mean of the two cohort
 * means. Stays on the cosine scale, and small cohorts' noisy spreads cannot inflate it.
 */
export function asNormMean(score: number, probe: CohortStats, candidate: CohortStats): number {
  return score - 0.5 * (probe.mean + candidate.mean);
}

/** 'as-norm': z-scores (asNorm); 'as-norm-mean': cohort means only (asNormMean). */
export type NormalisationMethod = 'as-norm' | 'as-norm-mean';

/** The method used unless configured (see DEFAULT_COHORT_SIZE). */
export const DEFAULT_METHOD: NormalisationMethod = 'as-norm-mean';

export function normalise(method: NormalisationMethod, score: number, probe: CohortStats, candidate: CohortStats) {
  return method === 'as-norm' ? asNorm(score, probe, candidate) : asNormMean(score, probe, candidate);
}

/**
 * A gallery entry's own cohort: its best `k + extra` scores against the other entries, best
 * first, so that statistics can still be taken over k after `extra` entries are removed (e.g. the
 * entry a normalised score is about). `others` must not include the entry itself.
 */
export function topScores(vector: Float32Array, others: readonly KeyedVector[], n: number): KeyedScore[] {
  const best: KeyedScore[] = [];
  for (const o of others) {
    const s = dot(vector, o.vector);
    if (best.length < n) {
      best.push({ key: o.key, score: s });
      if (best.length === n) best.sort((a, b) => b.score - a.score);
    } else if (s > (best[n - 1]?.score ?? -Infinity)) {
      let i = n - 1;
      while (i > 0 && (best[i - 1]?.score ?? -Infinity) < s) i--;
      best.splice(i, 0, { key: o.key, score: s });
      best.pop();
    }
  }
  return best.length < n ? best.sort((a, b) => b.score - a.score) : best;
}

export interface KeyedVector {
  readonly key: number;
  readonly vector: Float32Array;
}

export interface NormalisedCandidate extends KeyedScore {
  /** The raw similarity the normalised `score` came from. */
  readonly rawScore: number;
}

/** Statistics from running sums of n scores (population std, floored). */
function statsFromSums(sum: number, sumSq: number, n: number): CohortStats | null {
  if (n < 2) return null;
  const mean = sum / n;
  return { mean, std: Math.max(MIN_COHORT_STD, Math.sqrt(Math.max(0, sumSq / n - mean * mean))), count: n };
}

/**
 * Re-scores one search: every candidate in `bestFirst` (the probe's raw search results, best first,
 * at least k + 1 long for a full cohort) gets its AS-norm score, the probe's cohort being the best
 * k of the list without that candidate and without `exclude`; returns them best normalised score
 * first. A candidate whose cohort is unknown (`candidateCohort` returns null) is left out.
 */
export function normaliseSearch(
  bestFirst: readonly KeyedScore[],
  candidateCohort: (key: number) => CohortStats | null,
  k: number,
  exclude: ReadonlySet<number> = new Set(),
  method: NormalisationMethod = 'as-norm',
): NormalisedCandidate[] {
  const list = bestFirst.filter((c) => !exclude.has(c.key));
  // The best k + 1: a candidate among them leaves the other k; any other candidate, the best k.
  const head = Math.min(k + 1, list.length);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < head; i++) {
    const x = list[i]?.score ?? 0;
    sum += x;
    sumSq += x * x;
  }
  const last = list[head - 1]?.score ?? 0;
  const beyond = head === k + 1 ? statsFromSums(sum - last, sumSq - last * last, k) : null;
  const out: NormalisedCandidate[] = [];
  list.forEach((c, i) => {
    const theirs = candidateCohort(c.key);
    const mine = i < head ? statsFromSums(sum - c.score, sumSq - c.score * c.score, head - 1) : beyond;
    if (!theirs || !mine) return;
    out.push({ key: c.key, rawScore: c.score, score: normalise(method, c.score, mine, theirs) });
  });
  return out.sort((a, b) => b.score - a.score);
}
