/**
 * Small statistics helpers for the accuracy evaluation: Wilson score intervals, mean and standard
 * deviation, and threshold search over sorted score lists. Scores are similarities: a decision is
 * "match" when score >= threshold.
 */

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval for a binomial proportion `successes / trials`.
 * Returns null when there are no trials. Bounds are clamped to [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): Interval | null {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval: bad counts ${successes}/${trials}`);
  }
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === trials ? 1 : Math.min(1, centre + half);
  return { low, high };
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation (divides by n), the convention of the usual LFW reports. */
export function populationStd(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) * (v - m);
  return Math.sqrt(sum / values.length);
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The smallest double greater than x (x finite). */
export function nextUp(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`nextUp: ${x} is not finite`);
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  const bits = i64[0] ?? 0n;
  i64[0] = x > 0 ? bits + 1n : bits - 1n;
  return f64[0] ?? x;
}

/** A copy of the scores sorted ascending. Throws on NaN. */
export function sortedAscending(scores: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(scores);
  for (const s of out) if (Number.isNaN(s)) throw new RangeError('score is NaN');
  out.sort();
  return out;
}

/** How many of the ascending-sorted scores are >= threshold (binary search). */
export function countAtOrAbove(ascending: Float64Array, threshold: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ascending[mid] ?? 0) < threshold) lo = mid + 1;
    else hi = mid;
  }
  return ascending.length - lo;
}

export interface FmrThreshold {
  /** Smallest threshold whose false match rate is <= the target. */
  readonly threshold: number;
  /** Impostor scores >= threshold. */
  readonly falseMatches: number;
  readonly achievedFmr: number;
}

/**
 * The smallest threshold whose false match rate over the impostor scores is <= target.
 * With k = floor(target * n) false matches allowed, that is the smallest double above the
 * (k+1)-th highest impostor score (fewer than k false matches when scores tie there).
 * `total` (default: the number of scores) is the denominator; impostor comparisons beyond the
 * scores given (e.g. failed to enrol) never match. Returns null when there are no impostor scores.
 */
export function thresholdAtFmr(
  impostorAscending: Float64Array,
  target: number,
  total: number = impostorAscending.length,
): FmrThreshold | null {
  if (!(target > 0 && target < 1)) throw new RangeError(`target FMR must be in (0, 1), got ${target}`);
  const n = impostorAscending.length;
  if (total < n) throw new RangeError('total must be at least the number of scores');
  if (n === 0) return null;
  // The tiny relative slack keeps e.g. 0.29 * 100 from flooring to 28.
  const allowed = Math.floor(target * total * (1 + 1e-12));
  const lowest = impostorAscending[0] ?? 0;
  const threshold = allowed >= n ? lowest : nextUp(impostorAscending[n - 1 - allowed] ?? 0);
  const falseMatches = countAtOrAbove(impostorAscending, threshold);
  return { threshold, falseMatches, achievedFmr: falseMatches / total };
}
