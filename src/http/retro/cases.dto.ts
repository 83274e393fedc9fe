/** Request and response schemas of the case workspace and retrospective search (R31-R38). */
import { z } from 'zod';
import { probeProvenances } from '../../retro/case.service.ts';
import { enhancementChainSchema } from '../../retro/enhancement.ts';
import { examinerDecisions, officerDecisions } from '../../retro/search-review.service.ts';
import { boxSchema, detectedFace, qualitySchema } from '../faces/faces.dto.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const caseIdParams = z.object({ caseId: z.uuid() });
export const probeParams = z.object({ caseId: z.uuid(), probeId: z.uuid() });
export const trackParams = z.object({ caseId: z.uuid(), probeId: z.uuid(), trackId: z.uuid() });
export const searchIdParams = z.object({ searchId: z.uuid() });
export const candidateParams = z.object({ searchId: z.uuid(), rank: z.coerce.number().int().min(1).max(500) });

export const createCaseBody = z.object({
  reference: text(100).describe('the case or crime reference'),
  offenceType: text(100).describe('one of the configured offence types'),
  title: text(200),
  authorisationRef: text(100).optional().describe('authorisation reference where one is required (R32)'),
});

export const caseSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    offenceType: z.string(),
    title: z.string(),
    authorisationRef: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Case' });

export const listCasesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  mine: z.enum(['true', 'false']).optional().describe('only cases the caller opened'),
});

export const probeSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    kind: z.enum(['image', 'video']),
    filename: z.string().nullable(),
    provenance: z.enum(probeProvenances),
    description: z.string().nullable(),
    width: z.number().int(),
    height: z.number().int(),
    durationMs: z.number().int().nullable(),
    uploadedBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Probe' });

export const trackSchema = z
  .object({
    id: z.string(),
    trackNo: z.number().int(),
    firstMs: z.number().int(),
    lastMs: z.number().int(),
    frameCount: z.number().int(),
    bestFrameMs: z.number().int(),
    box: boxSchema,
    quality: qualitySchema,
  })
  .meta({ id: 'ProbeTrack' });

/** The face a search searched: its box in the searched (enhanced) image, that image's size, its quality. */
export const searchedFaceSchema = z
  .object({
    box: boxSchema,
    imageWidth: z.number().int(),
    imageHeight: z.number().int(),
    quality: z
      .object({ passed: z.boolean(), reasons: z.array(z.string()) })
      .nullable()
      .describe('the quality gates of the searched face (R15): a probe that failed them gives weaker leads'),
  })
  .meta({ id: 'SearchedFace' });

export const searchSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    probeId: z.string(),
    trackId: z.string().nullable(),
    faceIndex: z.number().int(),
    enhancements: enhancementChainSchema,
    offenceType: z.string(),
    justification: z.string(),
    provenance: z.string(),
    legalBasis: z.string(),
    modelId: z.string(),
    maxCandidates: z.number().int(),
    policyMinScore: z.number().nullable(),
    thresholdInForce: z.number(),
    candidateCount: z.number().int(),
    requestedBy: z.string(),
    createdAt: z.string(),
    supervisorReview: z.object({ by: z.string(), at: z.string(), note: z.string() }).nullable(),
    searchedFace: searchedFaceSchema
      .nullable()
      .describe('the face searched, as recorded with the search; null for searches recorded before it was'),
  })
  .meta({ id: 'Search' });

export const supervisorReviewSchema = z
  .object({ by: z.string(), byName: z.string().nullable(), at: z.string(), note: z.string() })
  .meta({ id: 'SupervisorReview' });

/** A search with every supervisor review kept (R38): `supervisorReview` is the latest. */
export const reviewedSearchSchema = searchSchema
  .extend({ supervisorReviews: z.array(supervisorReviewSchema).describe('oldest first') })
  .meta({ id: 'ReviewedSearch' });

export const workspaceResponse = z.object({
  case: caseSchema,
  probes: z.array(probeSchema),
  searches: z.array(searchSchema),
});

export const addProbeBody = z.object({
  file: z
    .custom<Buffer>((v) => Buffer.isBuffer(v), { message: 'must be an uploaded file (a multipart file part)' })
    .meta({ type: 'string', format: 'binary', description: 'an image, or a video (MP4, MOV, MKV, WebM, AVI, GIF)' }),
  provenance: z.enum(probeProvenances).describe('where the probe came from (R31)'),
  description: text(500).optional(),
});

export const addProbeResponse = z.object({
  probe: probeSchema,
  faces: z.array(detectedFace).describe('image probes: the faces found, largest first; pick one to search'),
  tracks: z.array(trackSchema).describe('video probes: faces grouped by track (R37); pick one to search'),
  warnings: z.array(z.string()),
});

export const previewBody = z.object({
  trackId: z.uuid().optional(),
  enhancements: enhancementChainSchema,
});

export const previewResponse = z.object({
  width: z.number().int(),
  height: z.number().int(),
  faces: z.array(detectedFace),
  trackFaceIndex: z
    .number()
    .int()
    .nullable()
    .describe("with a track: which of the faces is the track's own (searched when the track is); else null"),
});

export const probeFacesQuery = z.object({
  trackId: z.uuid().optional().describe("for a video probe: the track whose best frame (default: the first track's)"),
});
export const probeFaceParams = probeParams.extend({ n: z.coerce.number().int().min(0).max(999) });
export const probeFacesResponse = previewResponse;

export const searchBody = z.object({
  probeId: z.uuid(),
  trackId: z.uuid().optional().describe('for a video probe: the track to search'),
  faceIndex: z.number().int().min(0).max(999).optional().describe('which face of the (enhanced) probe, 0 = largest'),
  enhancements: enhancementChainSchema.default([]).describe('applied server-side, in order, and recorded (R36)'),
  offenceType: text(100).optional().describe("defaults to the case's"),
  justification: text(2000).describe('why this search is necessary and proportionate (R31)'),
  legalBasis: text(200).describe('the legal basis for the search (R31)'),
  maxCandidates: z.number().int().min(1).max(500).optional().describe('N: how many candidates to return (R34)'),
  minScore: z.number().min(-1).max(1).optional().describe('raise the policy minimum score for this search'),
});

/** One recorded decision on a candidate: nothing is overwritten, a revision names the one it supersedes. */
export const decisionRevisionSchema = z
  .object({
    id: z.string(),
    stage: z.enum(['examiner', 'officer']),
    revision: z.number().int().describe('1 for the first decision of the stage, then 2, 3...'),
    decision: z.string(),
    note: z.string().nullable(),
    reason: z.string().nullable().describe('why the decision was revised; null for the first'),
    by: z.string(),
    byName: z.string().nullable().describe("the decider's display name; null without an account"),
    at: z.string(),
    supersedes: z.string().nullable().describe('the id of the revision this one supersedes'),
  })
  .meta({ id: 'DecisionRevision' });

export const candidateSchema = z
  .object({
    rank: z.number().int(),
    subjectId: z.string(),
    subjectReference: z.string(),
    displayName: z.string().nullable().describe('null when the subject has since been deleted'),
    imageId: z.string(),
    score: z.number(),
    belowThreshold: z
      .boolean()
      .describe('the score is under the threshold in force: a weaker lead, shown apart from those above it'),
    examiner: z
      .object({ decision: z.enum(examinerDecisions), by: z.string(), at: z.string(), note: z.string().nullable() })
      .nullable(),
    officer: z
      .object({ decision: z.enum(officerDecisions), by: z.string(), at: z.string(), note: z.string().nullable() })
      .nullable(),
    history: z
      .array(decisionRevisionSchema)
      .describe('every decision recorded on this candidate, by stage and revision (the current one is the last)'),
  })
  .meta({ id: 'Candidate' });

export const searchResultResponse = z.object({
  search: searchSchema,
  candidates: z.array(candidateSchema).describe('ranked by score, best first'),
  supervisorReviews: z.array(supervisorReviewSchema).describe('every supervisor review, oldest first (R38)'),
  notice: z.string().describe('these are leads, not identifications (R34)'),
});

const revisionReason = text(1000)
  .optional()
  .describe('required to revise a decision already recorded (only its author may); the earlier one is kept');
export const examinerBody = z.object({
  decision: z.enum(examinerDecisions),
  note: text(1000).optional(),
  reason: revisionReason,
});
export const officerBody = z.object({
  decision: z.enum(officerDecisions),
  note: text(1000).optional(),
  reason: revisionReason,
});
export const supervisorBody = z.object({ note: text(2000) });

export const statisticsQuery = z.object({
  by: z.enum(['user', 'case', 'offence']).default('user'),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});

export const statisticsResponse = z.object({
  by: z.enum(['user', 'case', 'offence']),
  rows: z.array(
    z.object({
      key: z.string(),
      searches: z.number().int(),
      withPossibleMatch: z.number().int(),
      withAcceptedLead: z.number().int(),
      hitRate: z.number().describe('share of searches with a candidate accepted as a lead'),
      supervisorReviewed: z.number().int(),
    }),
  ),
});
