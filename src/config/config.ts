/**
 * Vigil's configuration: defaults, overridden by an optional JSON file (VIGIL_CONFIG, or
 * `vigil.config.json` in the working directory), overridden by environment variables.
 * Validated with one schema; a bad value stops start-up with a message naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { qualityGatesSchema } from '../faces/quality.ts';

export const configSchema = z.object({
  /** Where Vigil keeps its database, media and registered models. */
  dataDir: z.string().default('data'),
  /** Model pack used for new templates: a built-in pack or one defined under `packs`. */
  pack: z.string().default('default'),
  /** Engine worker threads; defaults to the number of cores. */
  workers: z.number().int().positive().optional(),
  limits: z
    .object({
      maxImageBytes: z
        .number()
        .int()
        .positive()
        .default(50 * 1024 * 1024),
      maxImagePixels: z.number().int().positive().default(50_000_000),
    })
    .prefault({}),
  detection: z
    .object({ minScore: z.number().min(0).max(1).default(0.5), maxFaces: z.number().int().positive().default(50) })
    .prefault({}),
  quality: qualityGatesSchema.prefault({}),
  /** Operating point used for a model's default threshold, from its calibration (R14). */
  operatingFmr: z.enum(['1e-2', '1e-3', '1e-4']).default('1e-3'),
  /** Explicit thresholds by model id; they must not be below the calibrated floor. */
  thresholds: z.record(z.string(), z.number().min(-1).max(1)).default({}),
  /** Operator packs made of registered models (by model id) and built-in nets. */
  packs: z
    .array(
      z.object({
        name: z.string().min(1),
        detector: z.string().min(1),
        landmarker: z.string().min(1).optional(),
        recognizer: z.string().min(1),
      }),
    )
    .default([]),
});
export type VigilConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function envOverrides(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env['VIGIL_DATA_DIR']) out['dataDir'] = env['VIGIL_DATA_DIR'];
  if (env['VIGIL_PACK']) out['pack'] = env['VIGIL_PACK'];
  if (env['VIGIL_WORKERS']) out['workers'] = Number(env['VIGIL_WORKERS']);
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): VigilConfig {
  const file = env['VIGIL_CONFIG'] ?? resolve(cwd, 'vigil.config.json');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  } else if (env['VIGIL_CONFIG']) {
    throw new ConfigError(`VIGIL_CONFIG names ${file}, which does not exist`);
  }
  const parsed = configSchema.safeParse({ ...fromFile, ...envOverrides(env) });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  return { ...parsed.data, dataDir: resolve(cwd, parsed.data.dataDir) };
}
