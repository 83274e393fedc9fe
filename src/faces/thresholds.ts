/**
 * Decision thresholds come from calibration, per model, never from a guess (R14): `vigil eval
 * calibrate --write` records the thresholds that give FMR 1e-2, 1e-3 and 1e-4 on LFW impostor
 * pairs in `config/calibration.json`. The calibrated threshold at the configured operating FMR is
 * the default and the floor: a configured threshold may be stricter, never looser.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../shared/paths.ts';

export const fmrTargets = ['1e-2', '1e-3', '1e-4'] as const;
export type FmrTarget = (typeof fmrTargets)[number];

export const modelCalibrationSchema = z.object({
  measuredAt: z.string(),
  dataset: z.string(),
  command: z.string(),
  impostorPairs: z.number().int().nonnegative(),
  genuinePairs: z.number().int().nonnegative(),
  thresholds: z.object({ '1e-2': z.number(), '1e-3': z.number(), '1e-4': z.number() }),
  /** True acceptance rate at each threshold on the genuine pairs. */
  tar: z.object({ '1e-2': z.number(), '1e-3': z.number(), '1e-4': z.number() }).optional(),
});
export type ModelCalibration = z.infer<typeof modelCalibrationSchema>;

const calibrationFileSchema = z.object({ models: z.record(z.string(), modelCalibrationSchema) });
export type CalibrationFile = z.infer<typeof calibrationFileSchema>;

export const defaultCalibrationPath = join(repoRoot, 'config', 'calibration.json');

export function loadCalibrations(path = defaultCalibrationPath): CalibrationFile {
  if (!existsSync(path)) return { models: {} };
  return calibrationFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function saveCalibration(modelId: string, calibration: ModelCalibration, path = defaultCalibrationPath): void {
  const file = loadCalibrations(path);
  file.models[modelId] = calibration;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n');
  renameSync(tmp, path);
}

export interface ResolvedThreshold {
  readonly modelId: string;
  readonly threshold: number;
  readonly floor: number;
  readonly operatingFmr: FmrTarget;
  readonly source: 'calibrated' | 'configured';
}

export class ThresholdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThresholdError';
  }
}

export function resolveThreshold(
  modelId: string,
  calibrations: CalibrationFile,
  operatingFmr: FmrTarget,
  configured?: number,
): ResolvedThreshold {
  const cal = calibrations.models[modelId];
  if (!cal) {
    throw new ThresholdError(
      `model ${modelId} has no calibrated threshold: run \`vigil eval calibrate --data <lfw dir> --write\` first`,
    );
  }
  const floor = cal.thresholds[operatingFmr];
  if (configured === undefined) return { modelId, threshold: floor, floor, operatingFmr, source: 'calibrated' };
  if (configured < floor) {
    throw new ThresholdError(
      `threshold ${configured} for ${modelId} is below the calibrated floor ${floor.toFixed(4)} (FMR ${operatingFmr})`,
    );
  }
  return { modelId, threshold: configured, floor, operatingFmr, source: 'configured' };
}
