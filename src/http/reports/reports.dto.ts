/** Request and response schemas of the report routes (R24, R25): the periodic report as JSON. */
import { z } from 'zod';

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const periodQuery = z.object({
  from: instant.describe('start of the period, inclusive: a date (midnight UTC) or a date-time'),
  to: instant.describe('end of the period, exclusive: e.g. from=2026-03-01&to=2026-04-01 for March'),
});

export const exportQuery = periodQuery.extend({
  format: z
    .enum(['csv', 'html', 'json'])
    .default('csv')
    .describe('csv: one file with a section per table; html: a printable page; json: the report as a file'),
});

const rate = z.number().nullable();
/** The report's lists are readonly arrays. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const count = z.number().int();

const figures = {
  totalAlerts: count,
  positiveAlerts: count,
  incorrectAlerts: count,
  undeterminedAlerts: count,
  positiveInterventions: count,
  incorrectInterventions: count,
  arrestsOrDisposals: count,
  falseAlertsPerAlert: rate,
};

const outcomes = z.object({
  arrest: count,
  'other-disposal': count,
  'no-further-action': count,
  'not-the-person': count,
  'not-recorded': count,
});

const searchFigures = {
  searches: count,
  withPossibleMatch: count,
  withAcceptedLead: count,
  supervisorReviewed: count,
  possibleMatchRate: rate,
  acceptedLeadRate: rate.describe('the hit rate: searches with a candidate accepted as a lead / searches'),
};

const deploymentRecord = z.object({
  deployment: z.string(),
  deploymentId: z.string(),
  date: z.string(),
  type: z.string(),
  durationMinutes: z.number(),
  cameras: count,
  watchlistSize: count,
  threshold: z.number(),
  totalAlerts: count,
  positiveAlerts: count,
  positiveInterventions: count,
  incorrectAlerts: count,
  incorrectInterventions: count,
  arrestsOrDisposals: count,
  facesSeen: count,
  incorrectAlertRate: rate,
  status: z.string(),
});

const thresholdInUse = z.object({
  use: z.enum(['live', 'retrospective']),
  threshold: z.number(),
  count,
  measuredAs: z.string().nullable().describe('the bias report threshold id measured at this value; null: not measured'),
});

const biasReference = z.discriminatedUnion('available', [
  z.object({
    modelId: z.string(),
    available: z.literal(true),
    source: z.string(),
    measuredAt: z.string(),
    dataset: z.string(),
    threshold: z.number(),
    operatingFmr: z.string().nullable(),
    pooledFmr: rate,
    ciMethod: z.string(),
    groups: list(
      z.object({
        group: z.string(),
        gender: z.string(),
        race: z.string(),
        pairs: count,
        falseMatches: count,
        fmr: rate,
        ciLow: rate,
        ciHigh: rate,
      }),
    ),
    worstGroup: z.string().nullable(),
    bestGroup: z.string().nullable(),
    worstToBestRatio: rate,
    conservativeRatio: rate,
    thresholdsInUse: list(thresholdInUse),
  }),
  z.object({
    modelId: z.string(),
    available: z.literal(false),
    reason: z.string(),
    thresholdsInUse: list(thresholdInUse),
  }),
]);

export const periodicReportSchema = z
  .object({
    kind: z.literal('vigil.periodic-report'),
    version: z.literal(1),
    period: z.object({ from: z.string(), to: z.string() }),
    generatedAt: z.string(),
    definitions: list(z.string()),
    totals: z.object({
      deployments: count,
      minutesDeployed: z.number(),
      hoursDeployed: z.number(),
      cameras: count,
      facesSeen: count,
      falseAlertsPerFaceSeen: rate,
      ...figures,
      operatorDecisions: z.object({
        confirm: count,
        reject: count,
        'unable-to-determine': count,
        pending: count,
      }),
      engagements: z.object({ engaged: count, notEngaged: count, notRecorded: count }),
      outcomes,
    }),
    deployments: list(deploymentRecord).describe('the deployment record (R24) of each deployment in the period'),
    notDeployed: list(
      z.object({ deploymentId: z.string(), deployment: z.string(), plannedStart: z.string(), status: z.string() }),
    ),
    byCategory: list(z.object({ category: z.string(), ...figures, outcomes })),
    falseAlertsByGroup: z.object({
      recordedAlerts: count,
      groups: list(z.object({ group: z.string(), ...figures })),
      notRecorded: z.object(figures),
      note: z.string(),
    }),
    retrospective: z.object({
      totals: z.object(searchFigures),
      byOffenceType: list(z.object({ offenceType: z.string(), ...searchFigures })),
    }),
    biasReports: list(biasReference),
  })
  .meta({ id: 'PeriodicReport' });
