/**
 * The job catalogue: every job Vigil runs, by name, with the schema of its payload. A payload is
 * checked against its schema when enqueued and again when a worker takes it (a worker of another
 * version, or a hand-edited queue, never reaches a handler with a payload of the wrong shape).
 * Payloads carry ids and paths, never biometric data or images.
 */
import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

export const jobCatalogue = {
  /** Fan-out: enumerate the image and video files under a folder; one `archive.file` job each. */
  'archive.scan': z.object({
    batchId: z.string().min(1),
    caseId: z.string().min(1),
    folder: z.string().min(1),
    provenance: z.string().min(1),
    requestedBy: z.string().min(1),
  }),
  /** Detect, track and embed the faces of one file into the case's archive index. */
  'archive.file': z.object({
    batchId: z.string().min(1),
    caseId: z.string().min(1),
    path: z.string().min(1),
    sha256,
    kind: z.enum(['image', 'video']),
    provenance: z.string().min(1),
    requestedBy: z.string().min(1),
  }),
  /**
   * Build the gallery's vector index for a model into a new immutable snapshot and point the API
   * replicas at it (src/gallery/gallery-index-jobs.ts). `slot` is the schedule's time slot (or
   * another caller-chosen key): one build per slot, a rerun of a slot already built is skipped.
   * `full` rebuilds from scratch instead of from the previous snapshot plus the database's changes.
   */
  'gallery.index-build': z.object({
    modelId: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/, 'a model id (letters, digits, . _ -)'),
    slot: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/, 'a slot (letters, digits, . _ -)'),
    full: z.boolean().optional(),
  }),
  /**
   * Periodic upkeep that must run once per period however many workers there are (each schedules
   * it; the job id carries the slot): signing the audit chain's head (R29), the retention purge (R19).
   */
  'maintenance.run': z.object({
    task: z.enum(['audit-anchor', 'retention-purge']),
    slot: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/, 'a slot (letters, digits, . _ -)'),
  }),
} as const;

export type JobName = keyof typeof jobCatalogue;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalogue)[N]>;
export const jobNames = Object.keys(jobCatalogue) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobCatalogue, name);
}

/** A payload checked against its job's schema (throws a ZodError when it does not fit). */
export function parsePayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  return jobCatalogue[name].parse(payload) as JobPayload<N>;
}
