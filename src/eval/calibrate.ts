/**
 * Threshold calibration: for each target false match rate, the smallest threshold whose FMR over
 * the impostor scores is <= the target, with the support behind it and the TAR it gives.
 */
import { countAtOrAbove, sortedAscending, thresholdAtFmr } from './stats.ts';

export const DEFAULT_FMR_TARGETS: readonly number[] = [1e-2, 1e-3, 1e-4];

/** Impostor pairs wanted per unit of target FMR: 10 / target gives about 10 expected false matches. */
export const MIN_SUPPORT_FACTOR = 10;

export interface CalibrationInput {
  /** Similarities of impostor pairs in which both images enrolled. */
  readonly impostorScores: ArrayLike<number>;
  /** Similarities of genuine pairs in which both images enrolled. */
  readonly genuineScores: ArrayLike<number>;
  /** Genuine pairs with a failed image: counted as non-matches in the TAR denominator (default 0). */
  readonly genuineFailures?: number;
  readonly targets?: readonly number[];
}

export interface CalibrationPoint {
  readonly targetFmr: number;
  /** Null when there are no impostor scores. */
  readonly threshold: number | null;
  readonly achievedFmr: number | null;
  readonly falseMatches: number;
  /** Impostor pairs the threshold was found on. */
  readonly impostorPairs: number;
  /** About 10 / target: the impostor pairs needed for ~10 expected false matches at the target. */
  readonly requiredPairs: number;
  readonly supported: boolean;
  readonly warning: string | null;
  /** True accept rate at the threshold over all genuine pairs (failures included as misses). */
  readonly tar: number | null;
  readonly genuinePairs: number;
}

export interface CalibrationResult {
  /** Target FMR (as written by fmrKey, e.g. "1e-3") to threshold. */
  readonly thresholds: Record<string, number | null>;
  readonly points: readonly CalibrationPoint[];
  readonly impostorPairs: number;
  readonly genuinePairs: number;
  readonly method: string;
}

/** "1e-3" for 0.001. */
export function fmrKey(target: number): string {
  return target
    .toExponential()
    .replace('e+', 'e')
    .replace(/^(\d)\.0+e/, '$1e');
}

export const CALIBRATION_METHOD =
  'For each target FMR t over n impostor scores, k = floor(t * n) false matches are allowed; the threshold ' +
  'is the smallest value above the (k+1)-th highest impostor score (so at most k impostor scores are >= it). ' +
  `A target is "supported" when n >= ${MIN_SUPPORT_FACTOR} / t (about ${MIN_SUPPORT_FACTOR} expected false matches).`;

export function calibrateThresholds(input: CalibrationInput): CalibrationResult {
  const impostors = sortedAscending(input.impostorScores);
  const genuine = sortedAscending(input.genuineScores);
  const genuineFailures = input.genuineFailures ?? 0;
  const genuinePairs = genuine.length + genuineFailures;
  const points = (input.targets ?? DEFAULT_FMR_TARGETS).map((targetFmr): CalibrationPoint => {
    const found = thresholdAtFmr(impostors, targetFmr);
    const requiredPairs = Math.ceil(MIN_SUPPORT_FACTOR / targetFmr);
    const supported = impostors.length >= requiredPairs;
    const warning = supported
      ? null
      : `only ${impostors.length} impostor pairs for FMR ${fmrKey(targetFmr)}; about ${requiredPairs} are ` +
        'needed, so this threshold rests on too few false matches to be trusted';
    return {
      targetFmr,
      threshold: found?.threshold ?? null,
      achievedFmr: found?.achievedFmr ?? null,
      falseMatches: found?.falseMatches ?? 0,
      impostorPairs: impostors.length,
      requiredPairs,
      supported,
      warning,
      tar: found && genuinePairs > 0 ? countAtOrAbove(genuine, found.threshold) / genuinePairs : null,
      genuinePairs,
    };
  });
  return {
    thresholds: Object.fromEntries(points.map((p) => [fmrKey(p.targetFmr), p.threshold])),
    points,
    impostorPairs: impostors.length,
    genuinePairs,
    method: CALIBRATION_METHOD,
  };
}
