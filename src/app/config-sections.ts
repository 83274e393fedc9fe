/**
 * The sections of Vigil's configuration that belong to one area each (retrospective search, the
 * audit log, live recognition, video, the archive, the gallery index), as `configSchema` in
 * config.ts assembles them (each `.prefault({})` there, so a missing section takes its defaults).
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { isHostRule } from '../live/camera-source-policy.ts';

/** Retrospective search policy (R31-R38). */
export const retroConfigSchema = z.object({
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
});

/** The audit log's signed anchors, its outside witness and its continuous check (R29). */
export const auditConfigSchema = z.object({
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
  /**
   * Witness files of Vigil processes on other machines (read only, e.g. on a shared
   * append-only volume): the server's check and `vigil audit verify` read them too. Processes
   * on one host share `witnessFile` instead.
   */
  peerWitnessFiles: z.array(z.string().min(1)).default([]),
  /** Also send each witness line to syslog over UDP (`host:port`, e.g. `127.0.0.1:514`). */
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
});

/** Live facial recognition (R1-R24). */
export const liveConfigSchema = z.object({
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
});

/** Video probes (R37) and other decoded video. */
export const videoConfigSchema = z.object({
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(500 * 1024 * 1024),
  maxDurationSeconds: z.number().positive().default(600),
  /** Frames analysed per second of video. */
  analysisFps: z.number().positive().max(30).default(2),
});

/** The case-scoped archive of seized footage (issue 7). */
export const archiveConfigSchema = z.object({
  /**
   * The only folders `POST /v1/cases/:caseId/archive/ingest` may read: a requested folder must
   * resolve (symlinks followed) inside one of them. Empty: ingestion over HTTP is refused (the
   * CLI, run by someone already on the server, is not limited by it).
   */
  roots: z.array(z.string().min(1).refine(isAbsolute, 'must be an absolute path')).default([]),
});

/**
 * The gallery's search index when roles run in separate processes (issue 7): workers build
 * sealed snapshots, API processes load them read-only and catch up from the database.
 */
export const galleryIndexConfigSchema = z.object({
  /** A worker builds a new snapshot (from the last one plus the database's changes) this often. */
  buildEveryMinutes: z.number().min(1).default(10),
  /** And a full rebuild (compacting the graph after deletions) this often. */
  fullBuildEveryHours: z.number().min(1).default(24),
  /** Each replica catches up from the database this often. */
  refreshSeconds: z.number().min(1).max(3600).default(5),
});
