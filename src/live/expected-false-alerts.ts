/**
 * The expected number of false alerts a deployment should plan for (R12): planned footfall x the
 * chance that one passer-by falsely matches at least one of N watchlist entries, from the false
 * match rate the model was calibrated to at the deployment's threshold.
 */
import type { ModelCalibration } from '../faces/thresholds.ts';
import { expectedFalseAlerts, watchlistFalseAlertProbability } from '../eval/watchlist.ts';

export interface FalseAlertForecast {
  /** False match rate per comparison at the threshold. */
  readonly fmr: number;
  /** How the FMR was read from the calibration. */
  readonly basis: 'calibrated' | 'interpolated' | 'extrapolated';
  readonly perPasserBy: number;
  readonly expectedFalseAlerts: number;
  readonly footfall: number;
  readonly watchlistSize: number;
  readonly threshold: number;
}

/**
 * FMR at a threshold from the calibrated points (threshold at FMR 1e-2, 1e-3, 1e-4), linear in
 * log10(FMR) between them; beyond the strictest point the last slope continues (an estimate, said so).
 */
export function fmrAtThreshold(
  calibration: ModelCalibration,
  threshold: number,
): { fmr: number; basis: FalseAlertForecast['basis'] } {
  const points = (Object.entries(calibration.thresholds) as [string, number][])
    .map(([fmr, t]) => ({ t, logFmr: Math.log10(Number(fmr)) }))
    .sort((a, b) => a.t - b.t);
  const exact = points.find((p) => Math.abs(p.t - threshold) < 1e-9);
  if (exact) return { fmr: 10 ** exact.logFmr, basis: 'calibrated' };
  const at = (a: { t: number; logFmr: number }, b: { t: number; logFmr: number }) =>
    10 ** (a.logFmr + ((threshold - a.t) * (b.logFmr - a.logFmr)) / (b.t - a.t));
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (threshold >= a.t && threshold <= b.t) return { fmr: at(a, b), basis: 'interpolated' };
  }
  const [first, second] = points;
  const last = points.at(-1)!;
  const beforeLast = points.at(-2)!;
  if (!first || !second) throw new Error('a calibration needs at least two points');
  const fmr = threshold < first.t ? at(first, second) : at(beforeLast, last);
  return { fmr: Math.min(1, fmr), basis: 'extrapolated' };
}

export function forecastFalseAlerts(
  calibration: ModelCalibration,
  threshold: number,
  watchlistSize: number,
  footfall: number,
): FalseAlertForecast {
  const { fmr, basis } = fmrAtThreshold(calibration, threshold);
  return {
    fmr,
    basis,
    perPasserBy: watchlistFalseAlertProbability(fmr, watchlistSize),
    expectedFalseAlerts: expectedFalseAlerts(fmr, watchlistSize, footfall),
    footfall,
    watchlistSize,
    threshold,
  };
}
