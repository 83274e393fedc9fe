/**
 * The score in force: the raw cosine similarity of two templates, then (as calibrated for the
 * model) either the attribute-free cluster calibration (R27; fitted by `vigil eval calibrate
 * --write`, src/eval/cluster-calibration-fit.ts) or, in an open-set search whose gallery has cohort
 * statistics, cohort normalisation of the raw score (AS-norm, score-normalisation.ts; thresholds
 * from `vigil eval identification --write`). Thresholds apply to the score of the stage
 * they were calibrated for (`thresholdsFor`). The calibration file is
 * `config/score-calibration.json`, beside the raw thresholds of `config/calibration.json`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../shared/paths.ts';
import { nearestCentroid } from './kmeans.ts';
import { normalise, type CohortStats, type NormalisationMethod } from './score-normalisation.ts';

const thresholdsSchema = z.object({ '1e-2': z.number(), '1e-3': z.number(), '1e-4': z.number() });

export const clusterCalibrationSchema = z.object({
  method: z.literal('cluster-offset'),
  clusters: z.number().int().positive(),
  seed: z.number().int(),
  fitFmr: z.number().positive(),
  priorPairs: z.number().nonnegative(),
  /** Unit-length k-means centroids of the calibration templates. */
  centroids: z.array(z.array(z.number())),
  /** Subtracted (mean of the two templates' clusters) from a raw score. */
  offsets: z.array(z.number()),
});
export type ClusterCalibration = z.infer<typeof clusterCalibrationSchema>;

export const modelScoreCalibrationSchema = z.object({
  measuredAt: z.string(),
  command: z.string(),
  /** What made the templates: a calibration is valid only for this pipeline. */
  pipeline: z.object({ pack: z.string(), detector: z.string(), landmarker: z.string().nullable() }),
  /** What the clusters and thresholds were fitted on. */
  fittedOn: z.string(),
  cluster: clusterCalibrationSchema.nullable(),
  /** Verification thresholds (FMR on the LFW impostor pairs) on the cluster-calibrated score. */
  thresholds: thresholdsSchema,
  /**
   * The same fit on LFW plus the other UTKFace half: used only by `vigil eval demographics`, to
   * measure the calibration half with a calibration that did not see it (never applied in service).
   */
  mirror: z
    .object({ fittedOn: z.string(), cluster: clusterCalibrationSchema, thresholds: thresholdsSchema })
    .nullable(),
  /** Open-set search on the AS-normalised score: cohort size and thresholds by target FPIR. */
  search: z
    .object({
      method: z.enum(['as-norm', 'as-norm-mean']),
      cohortSize: z.number().int().positive(),
      thresholds: z.record(z.string(), z.number()),
      measuredOn: z.string(),
    })
    .nullable(),
});
export type ModelScoreCalibration = z.infer<typeof modelScoreCalibrationSchema>;

const fileSchema = z.object({ models: z.record(z.string(), modelScoreCalibrationSchema) });
export type ScoreCalibrationFile = z.infer<typeof fileSchema>;

export const defaultScoreCalibrationPath = join(repoRoot, 'config', 'score-calibration.json');

export function loadScoreCalibrations(path = defaultScoreCalibrationPath): ScoreCalibrationFile {
  if (!existsSync(path)) return { models: {} };
  return fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Replaces the model's entry, or merges `patch` into it (e.g. only `search`). */
export function saveScoreCalibration(
  modelId: string,
  patch: ModelScoreCalibration | ((old: ModelScoreCalibration | undefined) => ModelScoreCalibration),
  path = defaultScoreCalibrationPath,
): void {
  const file = loadScoreCalibrations(path);
  file.models[modelId] = typeof patch === 'function' ? patch(file.models[modelId]) : patch;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(file, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}

/** A calibration loaded for use: centroids as typed arrays. */
export interface ScoreCalibration {
  readonly modelId: string;
  readonly stored: ModelScoreCalibration;
  readonly centroids: readonly Float32Array[];
}

export function scoreCalibrationFor(file: ScoreCalibrationFile, modelId: string): ScoreCalibration | null {
  const stored = file.models[modelId];
  if (!stored) return null;
  const centroids = (stored.cluster?.centroids ?? []).map((c) => Float32Array.from(c));
  if (stored.cluster && stored.cluster.offsets.length !== centroids.length)
    throw new RangeError(`score calibration for ${modelId}: one offset per centroid`);
  return { modelId, stored, centroids };
}

/** The cluster offset of one template (0 without a cluster calibration). */
export function templateOffset(cal: ScoreCalibration | null, template: Float32Array): number {
  if (!cal?.stored.cluster || cal.centroids.length === 0) return 0;
  return cal.stored.cluster.offsets[nearestCentroid(template, cal.centroids)] ?? 0;
}

/** The cluster offset of each template under a cluster calibration (as templateOffset, for many). */
export function clusterOffsets(cal: ClusterCalibration, templates: readonly Float32Array[]): number[] {
  const centroids = cal.centroids.map((c) => Float32Array.from(c));
  return templates.map((v) => cal.offsets[nearestCentroid(v, centroids)] ?? 0);
}

/** Raw similarity with the cluster calibration applied: raw - mean of the two templates' offsets. */
export function clusterCalibratedScore(raw: number, probeOffset: number, candidateOffset: number): number {
  return raw - 0.5 * (probeOffset + candidateOffset);
}

export interface ScoreInputs {
  readonly raw: number;
  /** templateOffset of each side (computed once per template; 0 for none). */
  readonly probeOffset: number;
  readonly candidateOffset: number;
  /**
   * Cohort statistics of each side on raw cosine scores, for open-set search: the probe's top-K
   * against the gallery without this candidate, the candidate's top-K against the other gallery
   * entries (`vigil eval identification` measured the search thresholds this way). Both or neither.
   */
  readonly cohorts?: { readonly probe: CohortStats; readonly candidate: CohortStats };
  /** The search calibration's method (default 'as-norm'). */
  readonly method?: NormalisationMethod;
}

export type ScoreStage = 'cluster-calibrated' | 'cohort-normalised';

/**
 * The score in force and which thresholds apply to it: with cohorts (open-set search) the
 * cohort-normalised raw score, else the cluster-calibrated one (1:1 comparison, or a search whose
 * gallery has no cohort statistics yet).
 */
export function scoreInForce(s: ScoreInputs): { readonly score: number; readonly stage: ScoreStage } {
  if (s.cohorts) {
    const score = normalise(s.method ?? 'as-norm', s.raw, s.cohorts.probe, s.cohorts.candidate);
    return { score, stage: 'cohort-normalised' };
  }
  return { score: clusterCalibratedScore(s.raw, s.probeOffset, s.candidateOffset), stage: 'cluster-calibrated' };
}

/** Thresholds by target (FMR for verification, FPIR for search) for a stage; null when not calibrated. */
export function thresholdsFor(cal: ScoreCalibration | null, stage: ScoreStage): Record<string, number> | null {
  if (!cal) return null;
  return stage === 'cluster-calibrated' ? cal.stored.thresholds : (cal.stored.search?.thresholds ?? null);
}
