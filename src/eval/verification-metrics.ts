/**
 * Verification metrics over scored pairs (LFW style): 10-fold accuracy with thresholds chosen on
 * the other folds, TAR at fixed FAR over all pairs, accuracy by group, failures to enrol.
 * Scores are similarities; "match" when score >= threshold.
 */
import {
  countAtOrAbove,
  mean,
  populationStd,
  nextUp,
  sortedAscending,
  thresholdAtFmr,
  wilsonInterval,
} from './stats.ts';

export interface VerificationPair {
  readonly fold: number;
  /** True for a genuine (same person) pair. */
  readonly same: boolean;
  /** Similarity, or null when either image failed to enrol (produced no template). */
  readonly score: number | null;
  /** Optional group label for accuracyByGroup, e.g. 'male-male'. */
  readonly group?: string;
}

export const FAILURE_POLICY =
  'A pair in which either image failed to enrol (no template) is decided "non-match" at every threshold: ' +
  'a matched pair counts as a false non-match (an error), a mismatched pair as a correct reject. ' +
  'Such pairs stay in every denominator (accuracy, TAR and FAR).';

/** The decision for one pair at a threshold, under FAILURE_POLICY. */
export function decideMatch(score: number | null, threshold: number | null): boolean {
  return score !== null && threshold !== null && score >= threshold;
}

export interface ThresholdChoice {
  /** Null when no pair has a score (every decision is then "non-match" anyway). */
  readonly threshold: number | null;
  readonly correct: number;
  readonly pairs: number;
}

/**
 * The threshold that maximises accuracy on the given pairs. Candidates are the midpoints between
 * consecutive distinct scores, the lowest score (accept all) and just above the highest (reject
 * all). Ties go to the highest threshold (the strictest, fewest false matches).
 */
export function bestThreshold(pairs: readonly VerificationPair[]): ThresholdChoice {
  const scored = pairs.filter((p): p is VerificationPair & { score: number } => p.score !== null);
  const failedCorrect = pairs.filter((p) => p.score === null && !p.same).length;
  if (scored.length === 0) return { threshold: null, correct: failedCorrect, pairs: pairs.length };
  for (const p of scored) if (Number.isNaN(p.score)) throw new RangeError('score is NaN');
  scored.sort((x, y) => y.score - x.score);
  // Reject all scored pairs: every impostor is right, every genuine wrong.
  let correct = failedCorrect + scored.filter((p) => !p.same).length;
  let best = { threshold: nextUp(scored[0]?.score ?? 0), correct };
  let i = 0;
  while (i < scored.length) {
    const s = scored[i]?.score ?? 0;
    while (i < scored.length && scored[i]?.score === s) {
      correct += scored[i]?.same ? 1 : -1;
      i++;
    }
    const next = scored[i]?.score;
    let threshold = s;
    if (next !== undefined) {
      const mid = (next + s) / 2;
      threshold = mid > next ? mid : s;
    }
    if (correct > best.correct) best = { threshold, correct };
  }
  return { threshold: best.threshold, correct: best.correct, pairs: pairs.length };
}

export interface FoldResult {
  readonly fold: number;
  /** Chosen on the other folds. */
  readonly threshold: number | null;
  readonly pairs: number;
  readonly correct: number;
  /** Percent. */
  readonly accuracy: number;
}

export interface TenFoldResult {
  readonly folds: readonly FoldResult[];
  /** Percent, mean over folds. */
  readonly accuracy: number;
  /** Percent, population standard deviation over folds. */
  readonly accuracyStd: number;
}

/** Cross-validated accuracy: each fold is judged at the threshold that is best on all other folds. */
export function crossValidatedAccuracy(pairs: readonly VerificationPair[]): TenFoldResult {
  const foldIds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  if (foldIds.length < 2) throw new RangeError('cross-validation needs at least two folds');
  const folds = foldIds.map((fold): FoldResult => {
    const { threshold } = bestThreshold(pairs.filter((p) => p.fold !== fold));
    const test = pairs.filter((p) => p.fold === fold);
    const correct = test.filter((p) => decideMatch(p.score, threshold) === p.same).length;
    return { fold, threshold, pairs: test.length, correct, accuracy: (100 * correct) / test.length };
  });
  const accs = folds.map((f) => f.accuracy);
  return { folds, accuracy: mean(accs), accuracyStd: populationStd(accs) };
}

export interface TarAtFar {
  readonly targetFar: number;
  /** Smallest threshold whose FAR over all impostor pairs is <= target; null without scored impostors. */
  readonly threshold: number | null;
  readonly tar: number | null;
  readonly achievedFar: number | null;
  readonly falseAccepts: number;
  readonly impostorPairs: number;
  readonly genuinePairs: number;
  /** Set when there are fewer than 10 / target impostor pairs. */
  readonly warning: string | null;
}

/** TAR at a target FAR over all pairs (failed pairs stay in the denominators, per FAILURE_POLICY). */
export function tarAtFar(pairs: readonly VerificationPair[], targetFar: number): TarAtFar {
  const impostors = pairs.filter((p) => !p.same);
  const genuine = pairs.filter((p) => p.same);
  const impScores = sortedAscending(impostors.flatMap((p) => (p.score === null ? [] : [p.score])));
  const genScores = sortedAscending(genuine.flatMap((p) => (p.score === null ? [] : [p.score])));
  const needed = Math.ceil(10 / targetFar);
  const warning =
    impostors.length < needed
      ? `only ${impostors.length} impostor pairs; about ${needed} are needed to support FAR ${targetFar}`
      : null;
  // Failed impostor pairs are never accepted but stay in the denominator.
  const found = thresholdAtFmr(impScores, targetFar, impostors.length);
  if (!found) {
    return { targetFar, threshold: null, tar: null, achievedFar: null, falseAccepts: 0, ...counts(), warning };
  }
  const tar = genuine.length > 0 ? countAtOrAbove(genScores, found.threshold) / genuine.length : null;
  return {
    targetFar,
    threshold: found.threshold,
    tar,
    achievedFar: found.achievedFmr,
    falseAccepts: found.falseMatches,
    ...counts(),
    warning,
  };
  function counts(): { impostorPairs: number; genuinePairs: number } {
    return { impostorPairs: impostors.length, genuinePairs: genuine.length };
  }
}

export interface GroupAccuracy {
  readonly pairs: number;
  readonly genuinePairs: number;
  readonly impostorPairs: number;
  readonly correct: number;
  /** Percent, with a 95% Wilson interval in percent. */
  readonly accuracy: number | null;
  readonly accuracyCiLow: number | null;
  readonly accuracyCiHigh: number | null;
  /** False non-match rate over genuine pairs, false match rate over impostor pairs (fractions). */
  readonly fnmr: number | null;
  readonly fmr: number | null;
  /** Pairs in which an image failed to enrol. */
  readonly failedPairs: number;
}

/** Accuracy per group label, each pair judged at its fold's threshold. Pairs without a group are skipped. */
export function accuracyByGroup(
  pairs: readonly VerificationPair[],
  thresholdByFold: ReadonlyMap<number, number | null>,
): Record<string, GroupAccuracy> {
  const groups = new Map<string, VerificationPair[]>();
  for (const p of pairs) {
    if (p.group === undefined) continue;
    const list = groups.get(p.group) ?? [];
    list.push(p);
    groups.set(p.group, list);
  }
  const out: Record<string, GroupAccuracy> = {};
  for (const [group, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let correct = 0;
    let falseNonMatches = 0;
    let falseMatches = 0;
    for (const p of list) {
      const match = decideMatch(p.score, thresholdByFold.get(p.fold) ?? null);
      if (match === p.same) correct++;
      else if (p.same) falseNonMatches++;
      else falseMatches++;
    }
    const genuinePairs = list.filter((p) => p.same).length;
    const impostorPairs = list.length - genuinePairs;
    const ci = wilsonInterval(correct, list.length);
    out[group] = {
      pairs: list.length,
      genuinePairs,
      impostorPairs,
      correct,
      accuracy: list.length > 0 ? (100 * correct) / list.length : null,
      accuracyCiLow: ci ? 100 * ci.low : null,
      accuracyCiHigh: ci ? 100 * ci.high : null,
      fnmr: genuinePairs > 0 ? falseNonMatches / genuinePairs : null,
      fmr: impostorPairs > 0 ? falseMatches / impostorPairs : null,
      failedPairs: list.filter((p) => p.score === null).length,
    };
  }
  return out;
}

export interface VerificationMetrics {
  readonly pairs: number;
  readonly accuracy: number;
  readonly accuracyStd: number;
  readonly folds: readonly FoldResult[];
  readonly tarAtFar1e2: number | null;
  readonly tarAtFar1e3: number | null;
  readonly roc: readonly TarAtFar[];
  readonly failurePolicy: string;
  readonly pairsWithFailure: { readonly matched: number; readonly mismatched: number };
  readonly byGroup: Record<string, GroupAccuracy>;
}

export function evaluateVerification(pairs: readonly VerificationPair[]): VerificationMetrics {
  const cv = crossValidatedAccuracy(pairs);
  const roc = [1e-2, 1e-3].map((far) => tarAtFar(pairs, far));
  const thresholds = new Map(cv.folds.map((f) => [f.fold, f.threshold]));
  return {
    pairs: pairs.length,
    accuracy: cv.accuracy,
    accuracyStd: cv.accuracyStd,
    folds: cv.folds,
    tarAtFar1e2: roc[0]?.tar ?? null,
    tarAtFar1e3: roc[1]?.tar ?? null,
    roc,
    failurePolicy: FAILURE_POLICY,
    pairsWithFailure: {
      matched: pairs.filter((p) => p.same && p.score === null).length,
      mismatched: pairs.filter((p) => !p.same && p.score === null).length,
    },
    byGroup: accuracyByGroup(pairs, thresholds),
  };
}
