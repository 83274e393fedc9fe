/** Request and response schemas of a case's archive of seized footage (issue 7). */
import { z } from 'zod';
import { probeProvenances } from '../../retro/case.service.ts';
import { boxSchema, imageUpload } from '../faces/faces.dto.ts';

export const archiveCaseParams = z.object({ caseId: z.uuid() });
export const archiveBatchParams = z.object({ caseId: z.uuid(), batchId: z.uuid() });

export const ingestBody = z.strictObject({
  folder: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .describe('absolute path of a folder on the server, inside one of the configured archive.roots'),
  provenance: z.enum(probeProvenances).describe('where the footage came from (R31)'),
});

const fileKind = z.enum(['image', 'video']);

export const batchSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    folder: z.string().describe('the folder as resolved on the server (symlinks followed): what is scanned'),
    provenance: z.string(),
    requestedBy: z.string(),
    createdAt: z.string(),
    filesTotal: z.number().int().nullable().describe('image and video files the scan found; null until it has run'),
    scannedAt: z.string().nullable(),
  })
  .meta({ id: 'ArchiveBatch' });

const countsShape = {
  queued: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  faces: z.number().int().describe('faces indexed (one per face of an image, one per track of a video)'),
};

export const archiveProgressResponse = z.object({
  caseId: z.string(),
  ...countsShape,
  batches: z.array(batchSchema).describe('oldest first'),
});

export const failedFileSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  kind: fileKind,
  reason: z.string().nullable().describe('why the file could not be indexed, e.g. "corrupt: ..."'),
});

export const batchProgressResponse = z.object({
  batch: batchSchema,
  ...countsShape,
  finished: z.boolean().describe('the scan has run and none of the files this batch added is still queued'),
  scan: z.object({
    state: z.enum(['waiting', 'delayed', 'active', 'completed', 'failed', 'unknown']),
    outcome: z.enum(['done', 'skipped', 'failed']).nullable(),
    detail: z.string().nullable(),
  }),
  failedFiles: z.array(failedFileSchema),
});

/** A whole number in a multipart text field, within [min, max]. */
const intField = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d{1,4}$/, `must be ${what}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const archiveSearchBody = z.object({
  image: imageUpload,
  faceIndex: intField(0, 999, 'a face index: 0 (the largest face), 1, 2, ...')
    .optional()
    .describe('which face of the image to search with (0 = largest)'),
  limit: intField(1, 500, 'a number of matches, 1 to 500').optional().describe('most matches (default 20)'),
  minScore: z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a score between -1 and 1')
    .transform(Number)
    .pipe(z.number().min(-1).max(1))
    .optional()
    .describe('lowest score shown (default: the threshold in force for the model, R14)'),
});

export const archiveMatchSchema = z
  .object({
    path: z.string(),
    sha256: z.string(),
    kind: fileKind,
    score: z.number().describe('cosine similarity with the probe face, -1..1'),
    timestampMs: z.number().int().nullable().describe("video: the best frame's time from the start"),
    frameIndex: z.number().int().nullable(),
    trackNo: z.number().int().nullable(),
    firstMs: z.number().int().nullable().describe('video: when the track was first seen'),
    lastMs: z.number().int().nullable().describe('video: when the track was last seen'),
    box: boxSchema,
  })
  .meta({ id: 'ArchiveMatch' });

export const archiveSearchResponse = z.object({
  caseId: z.string(),
  modelId: z.string(),
  minScore: z.number(),
  facesCompared: z.number().int(),
  matches: z.array(archiveMatchSchema).describe('best first'),
  notice: z.string().describe('these are leads, not identifications (R34)'),
});
