/**
 * The three evaluations end to end: read the label files, embed each image once through the
 * caller's embedImage, score pairs, compute the metrics. Results are plain JSON-serialisable objects.
 */
import { join } from 'node:path';
import { calibrateThresholds } from './calibrate.ts';
import type { CalibrationResult } from './calibrate.ts';
import { loadLfwGenderLabels, loadLfwPairs, loadUtkIndex } from './data-files.ts';
import { evaluateDemographics } from './demographics.ts';
import type { DemographicsResult } from './demographics.ts';
import { allPairScores, crossIdentityScores, dot, embedAll, failureReasons } from './embedding.ts';
import type { EmbedImage, EmbedProgress, EmbedResult, EmbeddingCache } from './embedding.ts';
import { genderGroup, uniqueLfwImages } from './lfw-protocol.ts';
import type { LfwImage, LfwPair } from './lfw-protocol.ts';
import { utkCells } from './utkface.ts';
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

interface Embedded {
  readonly byPath: Map<string, EmbedResult>;
  readonly failures: number;
  readonly failedImages: string[];
  readonly failureReasons: Record<string, number>;
}

async function embedRelative(relPaths: readonly string[], o: RunOptions): Promise<Embedded> {
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

function vectorOf(e: Embedded, path: string): Float32Array | null {
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
}

export async function runDemographicsEvaluation(
  o: RunOptions & { readonly threshold: number; readonly watchlistSizes?: readonly number[] },
): Promise<DemographicsEvaluation> {
  const index = await loadUtkIndex(o.dataDir);
  const e = await embedRelative(
    index.map((im) => im.path),
    o,
  );
  const inputs = utkCells(index).map((cell) => {
    const enrolled = cell.images.filter((im) => vectorOf(e, im.path) !== null);
    return {
      gender: cell.gender,
      race: cell.race,
      images: cell.images.length,
      failuresToEnrol: cell.images.length - enrolled.length,
      scores: allPairScores(enrolled.flatMap((im) => vectorOf(e, im.path) ?? [])),
      under18: enrolled.filter((im) => im.age < 18).length,
    };
  });
  const result = evaluateDemographics(inputs, {
    configuredThreshold: o.threshold,
    ...(o.watchlistSizes ? { watchlistSizes: o.watchlistSizes } : {}),
  });
  return {
    dataset: 'UTKFace balanced index: 200 images per gender x race cell',
    configuredThreshold: o.threshold,
    images: index.length,
    failuresToEnrol: e.failures,
    failureReasons: e.failureReasons,
    ...result,
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
