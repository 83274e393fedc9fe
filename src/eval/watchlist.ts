/**
 * Scaling a per-comparison false match rate to a watchlist search (R12, R27).
 * One passer-by is compared with every one of N watchlist entries; assuming the comparisons are
 * independent, the chance that at least one of them is a false match is 1 - (1 - FMR)^N.
 */

/** Probability that one passer-by (not on the list) raises at least one false alert. */
export function watchlistFalseAlertProbability(fmr: number, watchlistSize: number): number {
  if (!(fmr >= 0 && fmr <= 1)) throw new RangeError(`FMR must be in [0, 1], got ${fmr}`);
  if (!Number.isInteger(watchlistSize) || watchlistSize < 0) {
    throw new RangeError(`watchlist size must be a non-negative integer, got ${watchlistSize}`);
  }
  if (fmr === 1) return watchlistSize === 0 ? 0 : 1;
  // -expm1(N * log1p(-fmr)) is 1 - (1 - fmr)^N without cancellation for tiny FMR.
  return -Math.expm1(watchlistSize * Math.log1p(-fmr));
}

/**
 * Expected number of passers-by (not on the list) who raise at least one false alert, per
 * `passersBy` people (default 1,000) screened against a watchlist of `watchlistSize` entries.
 */
export function expectedFalseAlerts(fmr: number, watchlistSize: number, passersBy = 1000): number {
  if (!(passersBy >= 0)) throw new RangeError(`passers-by must be >= 0, got ${passersBy}`);
  return passersBy * watchlistFalseAlertProbability(fmr, watchlistSize);
}
