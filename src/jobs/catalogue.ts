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
