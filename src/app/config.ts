/**
 * Vigil's configuration: defaults, overridden by an optional JSON file (VIGIL_CONFIG, or
 * `vigil.config.json` in the working directory), overridden by environment variables.
 * Validated with one schema; a bad value stops start-up with a message naming it. The sections of
 * one area each are in config-sections.ts (and http-config.ts, identity.config.ts, ...).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { qualityGatesSchema } from '../faces/quality.ts';
import { identityConfigSchema } from '../governance/identity/identity.config.ts';
import { httpConfigSchema, trustProxyFromEnv } from './http-config.ts';
import { retentionConfigSchema } from '../governance/retention/retention-policy.ts';
import {
  archiveConfigSchema,
  auditConfigSchema,
  galleryIndexConfigSchema,
  liveConfigSchema,
  retroConfigSchema,
  videoConfigSchema,
} from './config-sections.ts';

export const configSchema = z.object({
  /** Where Vigil keeps its database, media and registered models. */
  dataDir: z.string().default('data'),
  /** Model pack used for new templates: a built-in pack or one defined under `packs`. */
  pack: z.string().default('default'),
  /** Engine workers; defaults to the number of cores. */
  workers: z.number().int().positive().optional(),
  engine: z
    .object({
      /**
       * Where each engine worker runs (issue 14): `process` (default), a child process that can be
       * killed at any moment and gives back all its memory when it exits; `thread`, a worker
       * thread of this process (where fork is unavailable; a replaced thread leaves memory behind).
       * Env VIGIL_ENGINE_ISOLATION.
       */
      isolation: z.enum(['process', 'thread']).default('process'),
    })
    .prefault({}),
  limits: z
    .object({
      maxImageBytes: z
        .number()
        .int()
        .positive()
        .default(50 * 1024 * 1024),
      // 25 MP: see DEFAULT_MAX_PIXELS in src/faces/image-decode.ts (issue 12).
      maxImagePixels: z.number().int().positive().default(25_000_000),
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
  /** PostgreSQL URL (postgres://...) for larger installations; unset: SQLite under the data directory. */
  databaseUrl: z.string().optional(),
  /** File holding the base64 AES-256 key that seals images and templates; default <dataDir>/secrets/media.key. */
  keyFile: z.string().optional(),
  /** Retrospective search policy (R31-R38). */
  retro: retroConfigSchema.prefault({}),
  /** Accounts, sessions, API tokens, lockout, the optional OpenID Connect provider (R30). */
  identity: identityConfigSchema.prefault({}),
  /** The HTTP server: which reverse proxies may name the client's address (issue 15). */
  http: httpConfigSchema.prefault({}),
  /** The audit log's signed anchors, its outside witness and its continuous check (R29). */
  audit: auditConfigSchema.prefault({}),
  /** Retention windows per data class and the purge schedule (R19). */
  retention: retentionConfigSchema.prefault({}),
  /** Assessments (R26, R27). */
  assessments: z
    .object({
      /** A bias report older than this no longer counts as current. */
      biasReportMaxAgeDays: z.number().positive().default(365),
    })
    .prefault({}),
  /** Live facial recognition (R1-R24). */
  live: liveConfigSchema.prefault({}),
  /** Video probes (R37) and other decoded video. */
  video: videoConfigSchema.prefault({}),
  /** The case-scoped archive of seized footage (issue 7). */
  archive: archiveConfigSchema.prefault({}),
  /**
   * The gallery's search index when roles run in separate processes (issue 7): workers build
   * sealed snapshots, API processes load them read-only and catch up from the database.
   */
  galleryIndex: galleryIndexConfigSchema.prefault({}),
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
  if (env['VIGIL_ENGINE_ISOLATION']) out['engine'] = { isolation: env['VIGIL_ENGINE_ISOLATION'] };
  if (env['DATABASE_URL']) out['databaseUrl'] = env['DATABASE_URL'];
  if (env['VIGIL_KEY_FILE']) out['keyFile'] = env['VIGIL_KEY_FILE'];
  return out;
}

/** Nested overrides: a secret, the plain-http development switch and the trusted proxies. */
function nestedOverrides(env: NodeJS.ProcessEnv, fromFile: Record<string, unknown>): Record<string, unknown> {
  const identity = { ...((fromFile['identity'] as Record<string, unknown> | undefined) ?? {}) };
  if (env['VIGIL_SECURE_COOKIES'] === 'false') identity['secureCookies'] = false;
  const trustProxy = env['VIGIL_TRUST_PROXY'];
  const http =
    trustProxy === undefined
      ? undefined
      : { ...((fromFile['http'] as object | undefined) ?? {}), trustProxy: trustProxyFromEnv(trustProxy) };
  const secret = env['VIGIL_OIDC_CLIENT_SECRET'];
  if (secret && identity['oidc']) identity['oidc'] = { ...(identity['oidc'] as object), clientSecret: secret };
  return { ...(Object.keys(identity).length > 0 ? { identity } : {}), ...(http ? { http } : {}) };
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
  const parsed = configSchema.safeParse({ ...fromFile, ...envOverrides(env), ...nestedOverrides(env, fromFile) });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  const { keyFile, audit } = parsed.data;
  return {
    ...parsed.data,
    dataDir: resolve(cwd, parsed.data.dataDir),
    ...(keyFile !== undefined ? { keyFile: resolve(cwd, keyFile) } : {}),
    audit: {
      ...audit,
      ...(audit.keyFile !== undefined ? { keyFile: resolve(cwd, audit.keyFile) } : {}),
      ...(typeof audit.witnessFile === 'string' ? { witnessFile: resolve(cwd, audit.witnessFile) } : {}),
      peerWitnessFiles: audit.peerWitnessFiles.map((f) => resolve(cwd, f)),
    },
  };
}
