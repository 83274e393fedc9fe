/** Request and response schemas of the gallery routes. No schema names a template vector. */
import { z } from 'zod';
import { imageUpload, qualitySchema } from '../faces/faces.dto.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);
const faceIndexField = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a face index: 0 (the largest face), 1, 2, ...')
  .transform(Number);

/** What every reference image records about where it came from (multipart text fields). */
const provenanceFields = {
  image: imageUpload,
  source: text(200).describe('where the image came from, e.g. "custody suite, Charing Cross"'),
  legalBasis: text(200).describe('the legal basis for holding it, e.g. "PACE s64A"'),
  captureDate: isoDate.optional().describe('when the photograph was taken'),
  reason: text(500).describe('why it is being added'),
  faceIndex: faceIndexField.optional().describe('which face, when the image shows several (0 = largest)'),
};

export const createSubjectBody = z.object({
  reference: text(100).describe("the force's own reference, e.g. a custody number; unique"),
  displayName: text(200),
  category: text(100).optional().describe('watchlist category (from the configured list)'),
  dateOfBirth: isoDate.optional().describe('used to block under-18 watchlist entries (R13)'),
  ...provenanceFields,
});

export const addImageBody = z.object(provenanceFields);

export const subjectSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    displayName: z.string(),
    category: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Subject' });

export const referenceImageSchema = z
  .object({
    id: z.string(),
    subjectId: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    format: z.string(),
    source: z.string(),
    legalBasis: z.string(),
    captureDate: z.string().nullable(),
    addedBy: z.string(),
    reason: z.string(),
    quality: qualitySchema,
    createdAt: z.string(),
  })
  .meta({ id: 'ReferenceImage' });

export const enrolmentResponse = z.object({
  subject: subjectSchema,
  images: z.array(referenceImageSchema).describe('the images enrolled by this request'),
  possibleDuplicates: z
    .array(z.object({ subjectId: z.string(), reference: z.string(), score: z.number() }))
    .describe('other subjects whose images reach the match threshold: check before relying on either'),
  threshold: z.number().describe('the score at which another subject is flagged as a possible duplicate'),
});

export const subjectIdParams = z.object({ id: z.uuid() });

export const listSubjectsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  q: z.string().trim().max(100).optional().describe('part of a reference or name'),
});

export const subjectListResponse = z.object({
  total: z.number().int(),
  subjects: z.array(subjectSchema.extend({ imageCount: z.number().int() })),
});

export const subjectDetailResponse = z.object({ subject: subjectSchema, images: z.array(referenceImageSchema) });

export const deleteSubjectResponse = z.object({
  deleted: z.object({ images: z.number().int(), templates: z.number().int() }),
});

export const galleryStatsResponse = z.object({
  subjects: z.number().int(),
  images: z.number().int(),
  templates: z.number().int(),
  indexed: z.number().int().describe('templates of the current model in the search index'),
  modelId: z.string(),
});
