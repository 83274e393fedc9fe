/**
 * Vigil's configuration: defaults, overridden by an optional JSON file (VIGIL_CONFIG, or
 * `vigil.config.json` in the working directory), overridden by environment variables.
 * Validated with one schema; a bad value stops start-up with a message naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { qualityGatesSchema } from '../faces/quality.ts';
import { identityConfigSchema } from '../governance/identity/identity.config.ts';
import { httpConfigSchema, trustProxyFromEnv } from './http-config.ts';
import { retentionConfigSchema } from '../governance/retention/retention-policy.ts';
import { isHostRule } from '../live/camera-source-policy.ts';

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
  retro: z
    .object({
      /** The closed list of offence types a case or search may name (statistics count by it, R38). */
      offenceTypes: z
        .array(z.string().min(1))
        .min(1)
        .default([
          'violence against the person',
          'sexual offences',
          'robbery',
          'theft',
          'burglary',
          'criminal damage and arson',
          'drug offences',
          'possession of weapons',
          'public order offences',
          'fraud',
          'missing or vulnerable person',
          'other serious offence',
        ]),
      /**
       * R32 [EU]: a case searched without an authorisation reference must get one within this many
       * hours of its first search, or further searches are refused. 0 turns the rule off (outside the EU).
       */
      authorisationWithinHours: z.number().min(0).default(48),
      /** Candidates returned when a search does not say (R34). */
      defaultCandidates: z.number().int().min(1).max(500).default(20),
      maxCandidates: z.number().int().min(1).max(500).default(200),
      /** Policy minimum score: candidates below it are not shown. Unset: none. */
      minScore: z.number().min(-1).max(1).optional(),
    })
    .prefault({}),
  /** Accounts, sessions, API tokens, lockout, the optional OpenID Connect provider (R30). */
  identity: identityConfigSchema.prefault({}),
  /** The HTTP server: which reverse proxies may name the client's address (issue 15). */
  http: httpConfigSchema.prefault({}),
  /** The audit log's signed anchors, its outside witness and its continuous check (R29). */
  audit: z
    .object({
      /**
       * Ed25519 key that signs anchors and witness lines; default `<dataDir>-audit/audit-signing.key`,
       * off the data folder (a key still at the old `<dataDir>/secrets/audit-signing.key` loads, with a warning).
       */
      keyFile: z.string().optional(),
      /** How often the chain head is signed (minutes); 0: only on demand. */
      anchorEveryMinutes: z.number().min(0).default(60),
      /**
       * The append-only witness file: one signed line per committed entry. Default
       * `<dataDir>-audit/audit-witness.jsonl`; put it on a volume the database's owner cannot write
       * (another machine's mount, `chattr +a`, WORM storage). false: no witness (not recommended).
       */
      witnessFile: z.union([z.string().min(1), z.literal(false)]).optional(),
      /** Also send each witness line to syslog over UDP (`host:port`, e.g. `127.0.0.1:514`). */
      /**
       * Witness files of Vigil processes on other machines (read only, e.g. on a shared
       * append-only volume): the server's check and `vigil audit verify` read them too. Processes
       * on one host share `witnessFile` instead.
       */
      peerWitnessFiles: z.array(z.string().min(1)).default([]),
      witnessSyslog: z
        .string()
        .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port')
        .optional(),
      /**
       * An entry still without a witness line this long after it was first seen is reported as
       * unwitnessed (a forged append); 0 turns that check off (the witness's lines are still compared).
       */
      unwitnessedGraceSeconds: z.number().min(0).default(300),
      /** The server checks the chain's new entries this often (seconds); 0: only at start-up. */
      verifyEverySeconds: z.number().min(0).default(30),
      /** And walks the whole chain again this often (minutes). */
      fullVerifyEveryMinutes: z.number().min(1).default(60),
    })
    .prefault({}),
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
  live: z
    .object({
      /** The closed list of watchlist categories (R7). */
      categories: z
        .array(z.string().min(1))
        .min(1)
        .default([
          'wanted by the courts',
          'wanted or suspected by police',
          'missing or vulnerable',
          'risk of harm',
          'court conditions',
        ]),
      /** Longest deployment an authorisation may cover. */
      maxDurationHours: z.number().positive().max(168).default(24),
      /** Model pack for live cameras (its recognizer must make the same templates as the gallery's). */
      pack: z.string().default('default-tiny'),
      /** Frames analysed per second per camera. */
      analysisFps: z.number().positive().max(30).default(5),
      /**
       * One alert per person per camera per this many seconds (R16, issue 13): a sighting of the
       * same watchlist entry on the same camera within it of the alert's last sighting updates that
       * alert ("seen again", best crop kept). 0: every track alerts on its own.
       */
      alertGroupSeconds: z.number().min(0).max(86_400).default(120),
      /** Frames a camera's queue holds before the oldest is dropped (and counted). */
      queueCapacity: z.number().int().min(1).max(64).default(3),
      /** Frames of a track that must be compared before it can alert (R16). */
      minTrackFrames: z.number().int().min(1).max(50).default(2),
      /** The track score is the mean of its best this-many frame scores (R16). */
      aggregateFrames: z.number().int().min(1).max(50).default(3),
      /**
       * Consecutive failed frames (engine, alert store, ...) after which a camera shows `failing`
       * in its status, the metrics, the deployment record and the audit log (issue 14).
       */
      failingAfter: z.number().int().min(1).max(1000).default(5),
      /** Frames wider than this are scaled down before detection. */
      maxFrameWidth: z.number().int().positive().default(1280),
      /**
       * A pipeline process's camera lease: a camera whose process stops heartbeating for this long
       * moves to another pipeline process (heartbeat every third of it).
       */
      leaseSeconds: z.number().min(1).max(300).default(10),
      /** Most cameras one pipeline process runs at once (unset: no cap). */
      maxCamerasPerProcess: z.number().int().positive().optional(),
      /**
       * Where cameras may read from (issue 12: no camera on the server's files, the cloud metadata
       * service or the API itself). `hosts`: names, `*.suffix` patterns, addresses and CIDR ranges
       * that RTSP/HTTP cameras may reach (`localhost` lists loopback); empty: no network camera.
       * `fileRoots`: the folders file and folder cameras may read under (default `<dataDir>/footage`).
       * Link-local and metadata addresses, this host's API port and the secrets are refused whatever is listed.
       */
      cameraSources: z
        .object({
          schemes: z.array(z.enum(['rtsp', 'rtsps', 'http', 'https'])).default(['rtsp', 'rtsps', 'http', 'https']),
          hosts: z
            .array(z.string().min(1).refine(isHostRule, 'must be a host name, *.suffix, address or CIDR range'))
            .default([]),
          fileRoots: z.array(z.string().min(1).refine(isAbsolute, 'must be an absolute path')).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Video probes (R37) and other decoded video. */
  video: z
    .object({
      maxBytes: z
        .number()
        .int()
        .positive()
        .default(500 * 1024 * 1024),
      maxDurationSeconds: z.number().positive().default(600),
      /** Frames analysed per second of video. */
      analysisFps: z.number().positive().max(30).default(2),
    })
    .prefault({}),
  /** The case-scoped archive of seized footage (issue 7). */
  archive: z
    .object({
      /**
       * The only folders `POST /v1/cases/:caseId/archive/ingest` may read: a requested folder must
       * resolve (symlinks followed) inside one of them. Empty: ingestion over HTTP is refused (the
       * CLI, run by someone already on the server, is not limited by it).
       */
      roots: z.array(z.string().min(1).refine(isAbsolute, 'must be an absolute path')).default([]),
    })
    .prefault({}),
  /**
   * The gallery's search index when roles run in separate processes (issue 7): workers build
   * sealed snapshots, API processes load them read-only and catch up from the database.
   */
  galleryIndex: z
    .object({
      /** A worker builds a new snapshot (from the last one plus the database's changes) this often. */
      buildEveryMinutes: z.number().min(1).default(10),
      /** And a full rebuild (compacting the graph after deletions) this often. */
      fullBuildEveryHours: z.number().min(1).default(24),
      /** Each replica catches up from the database this often. */
      refreshSeconds: z.number().min(1).max(3600).default(5),
    })
    .prefault({}),
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
