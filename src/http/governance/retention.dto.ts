/** Request and response schemas of retention: the policy, legal holds and purge runs (R19). */
import { z } from 'zod';
import { holdTargetTypes } from '../../db/tables/retention.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

const classCount = z.object({
  records: z.number().int().describe('items acted on: alerts, video probes, probes or cases'),
  media: z.number().int().describe('media files deleted'),
});
const counts = z
  .object({
    alertImages: classCount,
    alertRecords: classCount,
    footage: classCount,
    probes: classCount,
    caseFiles: classCount,
  })
  .meta({ id: 'PurgeCounts' });
const held = z
  .object({
    alertImages: z.number().int(),
    alertRecords: z.number().int(),
    footage: z.number().int(),
    probes: z.number().int(),
    caseFiles: z.number().int(),
  })
  .describe('items that were due but kept by a legal hold, per class');
const windows = z.record(z.string(), z.number()).describe('the windows in force for the run');

export const policySchema = z
  .object({
    classes: z.array(
      z.object({
        dataClass: z.enum(['alertImages', 'alertRecords', 'footage', 'probes', 'caseFiles']),
        window: z.object({ value: z.number(), unit: z.enum(['hours', 'days']) }),
        measuredFrom: z.string(),
        action: z.string(),
        keptWhen: z.string(),
        requirement: z.string(),
      }),
    ),
    linkedAlertImages: z.object({ value: z.number(), unit: z.literal('days') }),
    neverPurged: z.array(z.object({ dataClass: z.string(), reason: z.string() })),
    holds: z.string(),
    schedule: z.object({ everyMinutes: z.number() }),
  })
  .meta({ id: 'RetentionPolicy' });

export const holdSchema = z
  .object({
    id: z.string(),
    targetType: z.enum(holdTargetTypes),
    targetId: z.string(),
    reason: z.string(),
    reference: z.string(),
    placedBy: z.string(),
    placedAt: z.string(),
    releasedBy: z.string().nullable(),
    releasedAt: z.string().nullable(),
    releaseNote: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'LegalHold' });

export const holdIdParams = z.object({ holdId: z.uuid() });
export const runIdParams = z.object({ runId: z.uuid() });

export const listHoldsQuery = z.object({
  active: z.enum(['true', 'false']).optional().describe('only active (true) or only released (false) holds'),
  targetType: z.enum(holdTargetTypes).optional(),
  targetId: z.string().max(200).optional(),
});

export const placeHoldBody = z.strictObject({
  targetType: z.enum(holdTargetTypes).describe('what the hold covers: a case, a deployment, an alert or a subject'),
  targetId: text(200),
  reason: text(200).describe("'investigation', 'complaint', 'litigation' or other text"),
  reference: text(200).describe('the investigation, complaint or claim number'),
});

export const releaseHoldBody = z.strictObject({ note: text(500).optional().describe('why the hold is released') });

export const purgeRunSchema = z
  .object({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    actor: z.string().nullable(),
    trigger: z.enum(['schedule', 'manual']),
    status: z
      .enum(['applied', 'completed', 'completed-with-errors', 'failed'])
      .describe("'applied': committed but interrupted before its files were deleted (the next run deletes them)"),
    counts,
    held,
    windows,
    mediaQueued: z.number().int(),
    mediaDeleted: z.number().int(),
    errors: z.array(z.string()),
    auditSeq: z.number().int().nullable(),
  })
  .meta({ id: 'PurgeRun' });

export const listRunsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const purgeBody = z
  .strictObject({
    dryRun: z.boolean().default(false).describe('report what would go and change nothing'),
    itemsLimit: z.number().int().min(0).max(10_000).default(1000).describe('dry run: ids listed per class, at most'),
  })
  .nullish()
  .describe('optional: no body runs a real purge');

export const purgeResponse = z.discriminatedUnion('dryRun', [
  purgeRunSchema.extend({
    dryRun: z.literal(false),
    linkedAlertsKept: z.number().int(),
    leftoverMediaDeleted: z.number().int().describe('files left by interrupted runs that this run deleted'),
  }),
  z.object({
    dryRun: z.literal(true),
    at: z.string(),
    counts,
    held,
    linkedAlertsKept: z.number().int(),
    windows,
    items: z
      .object({
        alertImages: z.array(z.string()),
        alertRecords: z.array(z.string()),
        footage: z.array(z.string()),
        probes: z.array(z.string()),
        caseFiles: z.array(z.string()),
      })
      .describe('ids that would go: alerts, alerts, video probes, probes, cases'),
    pendingMedia: z.number().int().describe('files queued by earlier runs, which the next run deletes'),
  }),
]);
