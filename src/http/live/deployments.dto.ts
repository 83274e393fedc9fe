/** Request and response schemas of live deployments, watchlists, cameras and alerts (R1-R24). */
import { z } from 'zod';
import { engagementOutcomes, operatorDecisions } from '../../live/alert.service.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoTime = z.iso.datetime({ offset: true });

export const deploymentIdParams = z.object({ id: z.uuid() });
export const entryParams = z.object({ id: z.uuid(), entryId: z.uuid() });
export const alertIdParams = z.object({ alertId: z.uuid() });

const noticeSchema = z
  .strictObject({
    publishedAt: isoTime.optional().describe('when the public notice was published (R4)'),
    signage: text(500).optional().describe('the signage at the location (R4)'),
    exception: text(1000).optional().describe('why there is no notice or signage: a recorded exception (R4)'),
  })
  .describe('public notice and signage, or the reason for an exception (R4)');

/** A deployment's fields without defaults (what a PATCH may send: only what it sends changes). */
const fields = {
  name: text(200),
  type: text(200).describe('the published "type" column, e.g. "overt LFR, van-mounted"'),
  policingObjective: z.string().max(2000),
  intelligenceCase: z.string().max(4000),
  locationName: z.string().max(200),
  locationBoundary: z.string().max(1000),
  locationReason: z.string().max(2000).describe('why people on the watchlist may be expected there'),
  plannedStart: isoTime,
  plannedEnd: isoTime,
  categories: z.array(text(100)).max(20).describe('watchlist criteria: configured categories (R7)'),
  cameraCount: z.number().int().min(0).max(64),
  plannedFootfall: z.number().int().min(0).max(100_000_000).describe('people expected to pass (R12)'),
  threshold: z.number().min(-1).max(1).describe('default: the calibrated threshold in force (R14)'),
  dpiaVersion: z.string().max(100),
  eiaVersion: z.string().max(100),
  policyVersion: z.string().max(100),
  notice: noticeSchema,
};

/** Overt only (R5): the schema is strict, so a `covert` flag or any unknown field is refused. */
export const draftBody = z.strictObject({
  ...fields,
  type: fields.type.default('overt LFR'),
  policingObjective: fields.policingObjective.default(''),
  intelligenceCase: fields.intelligenceCase.default(''),
  locationName: fields.locationName.default(''),
  locationBoundary: fields.locationBoundary.default(''),
  locationReason: fields.locationReason.default(''),
  categories: fields.categories.default([]),
  cameraCount: fields.cameraCount.default(1),
  plannedFootfall: fields.plannedFootfall.default(0),
  threshold: fields.threshold.optional(),
  dpiaVersion: fields.dpiaVersion.default(''),
  eiaVersion: fields.eiaVersion.default(''),
  policyVersion: fields.policyVersion.default(''),
  notice: fields.notice.default({}),
});
/**
 * A true partial update: no defaults, so a field not sent is not touched (issue 12: a PATCH used
 * to reset every field it did not send and void the authorisation). Strict, as the draft is (R5).
 */
export const patchBody = z.strictObject(fields).partial();

export const deploymentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['draft', 'authorised', 'live', 'closed', 'reviewed']),
    type: z.string(),
    policingObjective: z.string(),
    intelligenceCase: z.string(),
    locationName: z.string(),
    locationBoundary: z.string(),
    locationReason: z.string(),
    plannedStart: z.string(),
    plannedEnd: z.string(),
    categories: z.array(z.string()),
    cameraCount: z.number().int(),
    plannedFootfall: z.number().int(),
    threshold: z.number(),
    modelId: z.string(),
    dpiaVersion: z.string(),
    eiaVersion: z.string(),
    policyVersion: z.string(),
    notice: z.object({
      publishedAt: z.string().optional(),
      signage: z.string().optional(),
      exception: z.string().optional(),
    }),
    createdBy: z.string(),
    createdAt: z.string(),
    authorisation: z
      .object({
        by: z.string(),
        at: z.string(),
        note: z.string().nullable(),
        expectedFalseAlerts: z.number(),
        watchlistSize: z.number(),
      })
      .nullable(),
    startedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    counts: z.object({
      facesSeen: z.number().int(),
      facesCompared: z.number().int(),
      tracks: z.number().int(),
      alerts: z.number().int(),
      dropped: z.record(z.string(), z.number().int()).describe('faces dropped by quality reason (R15)'),
    }),
    manifest: z
      .array(
        z.object({
          subjectId: z.string(),
          reference: z.string(),
          category: z.string(),
          addedBy: z.string(),
          addedAt: z.string(),
        }),
      )
      .nullable()
      .describe('after close: who was on the watchlist, without biometrics (R11)'),
  })
  .meta({ id: 'Deployment' });

export const forecastSchema = z.object({
  fmr: z.number().describe('false match rate per comparison at the threshold'),
  basis: z.enum(['calibrated', 'interpolated', 'extrapolated']),
  perPasserBy: z.number(),
  expectedFalseAlerts: z.number().describe('for the planned footfall (R12)'),
  footfall: z.number().int(),
  watchlistSize: z.number().int(),
  threshold: z.number(),
});

export const entryBody = z.strictObject({
  subjectId: z.uuid(),
  category: text(100),
  reason: text(1000).describe('why this person is on this watchlist'),
  under18Override: text(1000).optional().describe('the recorded reason an under-18 entry is needed (R13)'),
});

export const entrySchema = z
  .object({
    id: z.string(),
    subjectId: z.string(),
    subjectReference: z.string(),
    category: z.string(),
    reason: z.string(),
    addedBy: z.string(),
    addedAt: z.string(),
    source: z.string(),
    legalBasis: z.string(),
    imageDate: z.string().nullable(),
    qualityPassed: z.boolean(),
    under18Override: z.string().nullable(),
    destroyed: z.boolean().describe('template and image destroyed at close (R10)'),
  })
  .meta({ id: 'WatchlistEntry' });

export const cameraBody = z.strictObject({
  name: text(100),
  source: z.strictObject({
    kind: z.enum(['rtsp', 'http', 'file', 'folder']),
    url: z.string().max(2000).optional(),
    path: z.string().max(2000).optional(),
    loop: z.boolean().optional(),
  }),
});

export const cameraSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.object({
    kind: z.string(),
    url: z.string().optional(),
    path: z.string().optional(),
    loop: z.boolean().optional(),
  }),
  createdAt: z.string(),
});

/** One recorded decision on an alert: nothing is overwritten, a revision names the one it supersedes. */
export const alertDecisionRevisionSchema = z
  .object({
    id: z.string(),
    stage: z.enum(['operator', 'engagement']),
    revision: z.number().int().describe('1 for the first record of the stage, then 2, 3...'),
    decision: z.string().describe('operator: confirm, reject, unable-to-determine; engagement: engaged, not-engaged'),
    outcome: z.enum(engagementOutcomes).nullable(),
    note: z.string().nullable(),
    reason: z.string().nullable().describe('why the decision was revised; null for the first'),
    decisionMs: z.number().int().nullable(),
    by: z.string(),
    byName: z.string().nullable().describe("the decider's display name; null without an account"),
    at: z.string(),
    supersedes: z.string().nullable().describe('the id of the revision this one supersedes'),
  })
  .meta({ id: 'AlertDecisionRevision' });

export const alertSchema = z
  .object({
    id: z.string(),
    deploymentId: z.string(),
    cameraId: z.string(),
    capturedAt: z.string(),
    createdAt: z.string(),
    score: z.number(),
    threshold: z.number().describe('the threshold in force (R14)'),
    trackFrames: z.number().int().describe('frames aggregated before the alert (R16)'),
    entryId: z.string(),
    subjectId: z.string(),
    subjectReference: z.string(),
    subjectName: z.string().nullable().describe("the subject's name when the alert was raised"),
    cameraName: z.string().nullable().describe("the camera's name when the alert was raised"),
    category: z.string(),
    seenCount: z
      .number()
      .int()
      .describe('sightings of this person on this camera grouped into this alert (R16): 1 when first raised'),
    lastSeenAt: z.string().describe('the latest sighting grouped into this alert (the first: `capturedAt`)'),
    bestCapturedAt: z.string().describe('when the kept (best-scoring) crop was captured'),
    hasProbeImage: z.boolean(),
    hasReferenceImage: z.boolean(),
    operator: z
      .object({ decision: z.enum(operatorDecisions), by: z.string(), at: z.string(), decisionMs: z.number().int() })
      .nullable(),
    engagement: z
      .object({
        engaged: z.boolean(),
        outcome: z.enum(engagementOutcomes).nullable(),
        by: z.string(),
        at: z.string(),
        note: z.string().nullable(),
      })
      .nullable(),
    investigationRef: z.string().nullable(),
    seq: z
      .number()
      .int()
      .describe(
        "the deployment's stream position of this alert's latest change (the event id in the stream): of two copies of an alert, the larger is newer",
      ),
    history: z
      .array(alertDecisionRevisionSchema)
      .describe('every decision recorded on this alert, by stage and revision (the current one is the last)'),
  })
  .meta({ id: 'Alert' });

const revisionReason = text(1000)
  .optional()
  .describe('required to correct a decision already recorded (only its author may); the earlier one is kept');
export const decisionBody = z.strictObject({ decision: z.enum(operatorDecisions), reason: revisionReason });
export const engagementBody = z.strictObject({
  engaged: z.boolean(),
  outcome: z.enum(engagementOutcomes).optional(),
  note: text(2000).optional(),
  reason: revisionReason,
});
export const linkBody = z.strictObject({ investigationRef: text(100) });
export const reviewBody = z.strictObject({
  summary: text(4000),
  arrestsOrDisposals: z.number().int().min(0).optional(),
});
export const noteBody = z.strictObject({ note: text(2000) });
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.enum(['draft', 'authorised', 'live', 'closed', 'reviewed']).optional(),
});
export const alertsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  pending: z.enum(['true', 'false']).optional(),
});
export const recordQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
