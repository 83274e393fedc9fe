/**
 * The three evaluations end to end: read the label files, embed each image once through the
 * caller's embedImage, score pairs, compute the metrics. Results are plain JSON-serialisable objects.
 */
import { join } from 'node:path';
import { calibrateThresholds, type CalibrationResult } from './calibrate.ts';
import { loadLfwGenderLabels, loadLfwPairs, loadUtkIndex } from './data-files.ts';
import { evaluateDemographics, type DemographicsResult } from './demographics.ts';
import { allPairScores, crossIdentityScores, dot, embedAll, failureReasons, type EmbedImage } from './embedding.ts';
import type { EmbedProgress, EmbedResult, EmbeddingCache } from './embedding.ts';
import { genderGroup, uniqueLfwImages } from './lfw-protocol.ts';
import type { LfwImage, LfwPair } from './lfw-protocol.ts';
import { utkCells, type UtkImage } from './utkface.ts';
import { calibratedPairScores, cohortHalf, type CohortHalf } from './demographics-calibrated.ts';
import { clusterOffsets, type ClusterCalibration } from '../faces/score-calibration.ts';
import { evaluateVerification } from './verification-metrics.ts';
import type { GroupAccuracy, VerificationMetrics, VerificationPair } from './verification-metrics.ts';

export interface RunOptions {
  /** The data folder (`../shared/data`, see defaultDataDir). */
  readonly dataDir: string;
  readonly embedImage: EmbedImage;
  /** Share one cache between runs to embed each image once (e.g. LFW then calibration). */
  readonly cache?: EmbeddingCache;
  /** Images embedded at once (default 4). */
  readonly concurrency?: number;
  readonly onProgress?: (p: EmbedProgress) => void;
}

export interface Embedded {
  readonly byPath: Map<string, EmbedResult>;
  readonly failures: number;
  readonly failedImages: string[];
  readonly failureReasons: Record<string, number>;
}

export async function embedRelative(relPaths: readonly string[], o: RunOptions): Promise<Embedded> {
  const abs = relPaths.map((p) => join(o.dataDir, p));
  const results = await embedAll(abs, o.embedImage, {
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const byPath = new Map<string, EmbedResult>();
  relPaths.forEach((p, i) => {
    const r = results.get(abs[i] ?? '');
    if (r) byPath.set(p, r);
  });
  const failedImages = relPaths.filter((p) => byPath.get(p)?.ok !== true);
  return { byPath, failures: failedImages.length, failedImages, failureReasons: failureReasons(byPath.values()) };
}

export function vectorOf(e: Embedded, path: string): Float32Array | null {
  const r = e.byPath.get(path);
  return r?.ok ? r.vector : null;
}

function pairScore(e: Embedded, p: LfwPair): number | null {
  const a = vectorOf(e, p.a.path);
  const b = vectorOf(e, p.b.path);
  return a && b ? dot(a, b) : null;
}

/** The verification metrics (accuracy in percent, mean and population std of the folds) plus LFW context. */
export interface LfwEvaluation extends Omit<VerificationMetrics, 'byGroup'> {
  readonly dataset: string;
  readonly protocol: string;
  readonly images: number;
  readonly failuresToEnrol: number;
  readonly failureToEnrolRate: number;
  readonly failureReasons: Record<string, number>;
  readonly failedImages: readonly string[];
  /** 'male-male' and 'female-female' pairs, judged at their fold's threshold. */
  readonly byGender: Record<string, GroupAccuracy>;
  /** Pairs per gender group, including 'mixed' and 'unknown' (not in byGender). */
  readonly genderGroupPairs: Record<string, number>;
  readonly notes: readonly string[];
}

export async function runLfwEvaluation(o: RunOptions): Promise<LfwEvaluation> {
  const [protocol, labels] = await Promise.all([loadLfwPairs(o.dataDir), loadLfwGenderLabels(o.dataDir)]);
  const images = uniqueLfwImages(protocol.pairs);
  const e = await embedRelative(
    images.map((im) => im.path),
    o,
  );
  const pairs: VerificationPair[] = protocol.pairs.map((p) => ({
    fold: p.fold,
    same: p.same,
    score: pairScore(e, p),
    group: genderGroup(labels, p.a, p.b),
  }));
  const m = evaluateVerification(pairs);
  const genderGroupPairs: Record<string, number> = {};
  for (const p of pairs) genderGroupPairs[p.group ?? 'unknown'] = (genderGroupPairs[p.group ?? 'unknown'] ?? 0) + 1;
  const byGender: Record<string, GroupAccuracy> = {};
  for (const g of ['male-male', 'female-female']) {
    const r = m.byGroup[g];
    if (r) byGender[g] = r;
  }
  return {
    dataset: 'LFW (deep-funneled), View 2',
    protocol: `${protocol.folds}-fold cross-validation, ${protocol.pairsPerKind} matched + ${protocol.pairsPerKind} mismatched pairs per fold; each fold judged at the threshold that maximises accuracy on the other folds`,
    pairs: m.pairs,
    images: images.length,
    accuracy: m.accuracy,
    accuracyStd: m.accuracyStd,
    folds: m.folds,
    tarAtFar1e2: m.tarAtFar1e2,
    tarAtFar1e3: m.tarAtFar1e3,
    roc: m.roc,
    failuresToEnrol: e.failures,
    failureToEnrolRate: images.length > 0 ? e.failures / images.length : 0,
    failureReasons: e.failureReasons,
    failedImages: e.failedImages,
    pairsWithFailure: m.pairsWithFailure,
    failurePolicy: m.failurePolicy,
    byGender,
    genderGroupPairs,
    notes: [
      'TAR at FAR is over all 6,000 pairs (3,000 mismatched): FAR 1e-3 rests on at most 3 false accepts.',
      'Gender labels: Afifi & Abdelhamed per-image lists; images in both lists or in neither count as unknown.',
      'Accuracy by gender: 95% Wilson interval on pairs, which are not independent (images recur).',
    ],
  };
}

export interface DemographicsEvaluation extends DemographicsResult {
  readonly dataset: string;
  readonly configuredThreshold: number;
  readonly images: number;
  readonly failuresToEnrol: number;
  readonly failureReasons: Record<string, number>;
  /** The cluster calibration measured beside the figures above (raw cosine, as the product applies). */
  readonly scoreCalibration: {
    readonly method: string;
    readonly pairs: string;
    readonly threshold: number;
    readonly mirrorThreshold: number;
  } | null;
  /** The same pairs with cluster-calibrated scores at the calibrated threshold; null without a calibration. */
  readonly clusterCalibrated: (DemographicsResult & { readonly configuredThreshold: number }) | null;
  /** Raw cosine on exactly the pairs `clusterCalibrated` judged (within one half), for the comparison. */
  readonly clusterCalibratedBaseline: DemographicsResult | null;
  /** clusterCalibrated.worstToBestRatio (by threshold id); null without a calibration. */
  readonly worstToBestRatioClusterCalibrated: DemographicsResult['worstToBestRatio'] | null;
}

/** The cluster calibration in force and its mirror (src/eval/score-calibration-runner.ts), with their thresholds. */
export interface DemographicsCalibration {
  readonly inForce: { readonly calibration: ClusterCalibration; readonly threshold: number };
  readonly mirror: { readonly calibration: ClusterCalibration; readonly threshold: number };
}

export async function runDemographicsEvaluation(
  o: RunOptions & {
    readonly threshold: number;
    readonly watchlistSizes?: readonly number[];
    readonly calibration?: DemographicsCalibration;
  },
): Promise<DemographicsEvaluation> {
  const index = await loadUtkIndex(o.dataDir);
  const e = await embedRelative(
    index.map((im) => im.path),
    o,
  );
  const cal = o.calibration;
  const cells = utkCells(index).map((cell) => {
    const enrolled = cell.images.filter((im) => vectorOf(e, im.path) !== null);
    const vectors = (ims: readonly UtkImage[]) => ims.flatMap((im) => vectorOf(e, im.path) ?? []);
    const half = (h: CohortHalf) => vectors(enrolled.filter((im) => cohortHalf(im.file) === h));
    const base = {
      gender: cell.gender,
      race: cell.race,
      images: cell.images.length,
      failuresToEnrol: cell.images.length - enrolled.length,
      under18: enrolled.filter((im) => im.age < 18).length,
    };
    const all = { ...base, scores: allPairScores(vectors(enrolled)) };
    if (!cal) return { raw: all, halves: null, calibrated: null };
    // 2-fold cross-fitting: every pair inside one half, judged by the calibration that did not see that half.
    const [a, b] = [half('calibration'), half('evaluation')];
    const shift = cal.inForce.threshold - cal.mirror.threshold;
    const mirrored = calibratedPairScores(a, clusterOffsets(cal.mirror.calibration, a)).map((x) => x + shift);
    const calibrated = Float64Array.from([
      ...calibratedPairScores(b, clusterOffsets(cal.inForce.calibration, b)),
      ...mirrored,
    ]);
    const raw = Float64Array.from([...allPairScores(a), ...allPairScores(b)]);
    return { raw: all, halves: { ...base, scores: raw }, calibrated: { ...base, scores: calibrated } };
  });
  const options = (threshold: number) => ({
    configuredThreshold: threshold,
    ...(o.watchlistSizes ? { watchlistSizes: o.watchlistSizes } : {}),
  });
  const raw = evaluateDemographics(
    cells.map((c) => c.raw),
    options(o.threshold),
  );
  const calibrated = cal
    ? evaluateDemographics(
        cells.map((c) => c.calibrated ?? c.raw),
        options(cal.inForce.threshold),
      )
    : null;
  return {
    dataset: 'UTKFace balanced index: 200 images per gender x race cell',
    configuredThreshold: o.threshold,
    images: index.length,
    failuresToEnrol: e.failures,
    failureReasons: e.failureReasons,
    ...raw,
    scoreCalibration: cal
      ? {
          method:
            'attribute-free cluster calibration (config/score-calibration.json): cosine less the mean offset of the two ' +
            'templates’ k-means clusters, fitted without demographic labels',
          pairs:
            'within-cell pairs inside one UTKFace half only (sha256 of the file name): evaluation-half pairs with the ' +
            'calibration in force (fitted on LFW + the calibration half), calibration-half pairs with its mirror ' +
            '(fitted on LFW + the evaluation half, scores shifted by the difference of the two thresholds)',
          threshold: cal.inForce.threshold,
          mirrorThreshold: cal.mirror.threshold,
        }
      : null,
    clusterCalibrated: calibrated && cal ? { ...calibrated, configuredThreshold: cal.inForce.threshold } : null,
    clusterCalibratedBaseline: cal
      ? evaluateDemographics(
          cells.map((c) => c.halves ?? c.raw),
          options(o.threshold),
        )
      : null,
    worstToBestRatioClusterCalibrated: calibrated ? calibrated.worstToBestRatio : null,
  };
}

export interface CalibrationEvaluation extends CalibrationResult {
  readonly dataset: string;
  readonly impostorSource: string;
  readonly genuineSource: string;
  readonly images: number;
  readonly failuresToEnrol: number;
  /** Cross-identity pairs among the enrolled images, before sampling. */
  readonly eligibleImpostorPairs: number;
  readonly impostorSamplingStride: number;
  readonly genuinePairsWithFailure: number;
  readonly notes: readonly string[];
}

/** Default cap on generated impostor pairs: 300 false matches at FMR 1e-4, 30 at 1e-5. */
export const DEFAULT_MAX_IMPOSTOR_PAIRS = 3_000_000;

export async function runCalibration(
  o: RunOptions & { readonly maxImpostorPairs?: number; readonly targets?: readonly number[] },
): Promise<CalibrationEvaluation> {
  const protocol = await loadLfwPairs(o.dataDir);
  const images = uniqueLfwImages(protocol.pairs);
  const e = await embedRelative(
    images.map((im) => im.path),
    o,
  );
  const enrolled = images.filter((im) => vectorOf(e, im.path) !== null);
  const maxPairs = o.maxImpostorPairs ?? DEFAULT_MAX_IMPOSTOR_PAIRS;
  const imp = crossIdentityScores(
    enrolled.map((im: LfwImage) => vectorOf(e, im.path) ?? new Float32Array(0)),
    enrolled.map((im) => im.identity),
    maxPairs,
  );
  const genuine = protocol.pairs.filter((p) => p.same).map((p) => pairScore(e, p));
  const genuineScores = genuine.flatMap((s) => (s === null ? [] : [s]));
  const genuineFailures = genuine.length - genuineScores.length;
  const result = calibrateThresholds({
    impostorScores: imp.scores,
    genuineScores,
    genuineFailures,
    ...(o.targets ? { targets: o.targets } : {}),
  });
  const sampled = imp.stride > 1 ? `every ${imp.stride}th of ${imp.eligible} (deterministic, row order)` : 'all';
  return {
    dataset: 'LFW (deep-funneled): the images of the View-2 pairs',
    impostorSource:
      `cross-identity pairs among the ${enrolled.length} enrolled unique View-2 images, ${sampled}; ` +
      'the 3,000 View-2 mismatched pairs alone are too few for FMR 1e-4',
    genuineSource: 'the 3,000 View-2 matched pairs; pairs with a failed image count as misses in TAR',
    images: images.length,
    failuresToEnrol: e.failures,
    eligibleImpostorPairs: imp.eligible,
    impostorSamplingStride: imp.stride,
    genuinePairsWithFailure: genuineFailures,
    ...result,
    notes: [
      'Impostor pairs with a failed image are left out: a face without a template is never compared in service.',
      'Generated impostor pairs share images (each image recurs in many pairs), so they are not independent; ' +
        'LFW is mostly adult public figures and skews male and white, so the thresholds may not transfer.',
      'These thresholds were measured for the model that produced the embeddings; a model change needs a new run.',
    ],
  };
}
