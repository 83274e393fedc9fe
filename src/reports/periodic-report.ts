/**
 * The periodic report (R25), pure: from the period's deployments with their alerts, the search
 * statistics (R38) and the bias references, the totals, the R24 record of each deployment,
 * outcomes by watchlist category, false alerts by demographic group where one was recorded, and
 * the retrospective figures by offence type. Alert figures come from `deploymentRecord` itself
 * (applied to each subset of alerts), so the definitions live in one place.
 */
import { engagementOutcomes, operatorDecisions } from '../live/alert.service.ts';
import { deploymentRecord, type DeploymentRecord } from '../live/deployment-record.ts';
import type { AlertRow, DeploymentRow } from '../live/live.repository.ts';
import type { DeploymentCounts } from '../live/deployment-counts.ts';
import type { StatisticsRow } from '../retro/search.repository.ts';
import { effectiveStart, inPeriod } from './report-period.ts';
import {
  reportDefinitions,
  type AlertFigures,
  type BiasReference,
  type CategoryFigures,
  type DecisionCounts,
  type DemographicBreakdown,
  type NotDeployed,
  type OffenceFigures,
  type OutcomeCounts,
  type PeriodicReport,
  type ReportPeriod,
  type RetrospectiveFigures,
  type SearchFigures,
} from './report-types.ts';

export interface DeploymentData {
  readonly row: DeploymentRow;
  readonly alerts: readonly AlertRow[];
  readonly cameras: number;
  /** What its pipelines counted (R18; live/deployment-counts.ts). */
  readonly counts: Pick<DeploymentCounts, 'facesSeen'>;
}

export interface PeriodicReportInput {
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  /** Deployments to consider (those outside the period, and drafts never authorised, are left out). */
  readonly deployments: readonly DeploymentData[];
  /** Alert id to the demographic group recorded for it; alerts not in the map have none recorded. */
  readonly groupOf?: ReadonlyMap<string, string>;
  /** Search statistics by offence type for the period (searchRepository.statistics). */
  readonly searchesByOffence: readonly StatisticsRow[];
  /** The configured offence types: those without searches appear with zeros. */
  readonly offenceTypes?: readonly string[];
  readonly biasReports?: readonly BiasReference[];
}

type Counted = Omit<AlertFigures, 'undeterminedAlerts' | 'falseAlertsPerAlert'>;

const zeroCounted: Counted = {
  totalAlerts: 0,
  positiveAlerts: 0,
  incorrectAlerts: 0,
  positiveInterventions: 0,
  incorrectInterventions: 0,
  arrestsOrDisposals: 0,
};

const pick = (r: DeploymentRecord): Counted => ({
  totalAlerts: r.totalAlerts,
  positiveAlerts: r.positiveAlerts,
  incorrectAlerts: r.incorrectAlerts,
  positiveInterventions: r.positiveInterventions,
  incorrectInterventions: r.incorrectInterventions,
  arrestsOrDisposals: r.arrestsOrDisposals,
});

const add = (a: Counted, b: Counted): Counted => ({
  totalAlerts: a.totalAlerts + b.totalAlerts,
  positiveAlerts: a.positiveAlerts + b.positiveAlerts,
  incorrectAlerts: a.incorrectAlerts + b.incorrectAlerts,
  positiveInterventions: a.positiveInterventions + b.positiveInterventions,
  incorrectInterventions: a.incorrectInterventions + b.incorrectInterventions,
  arrestsOrDisposals: a.arrestsOrDisposals + b.arrestsOrDisposals,
});

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function finish(c: Counted): AlertFigures {
  return {
    ...c,
    undeterminedAlerts: c.totalAlerts - c.positiveAlerts - c.incorrectAlerts,
    falseAlertsPerAlert: ratio(c.incorrectAlerts, c.totalAlerts),
  };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Alert figures of each subset (by `keyOf`) of every deployment's alerts, summed over deployments. */
function figuresBy(
  deployments: readonly DeploymentData[],
  keyOf: (a: AlertRow) => string | undefined,
): Map<string, Counted> {
  const out = new Map<string, Counted>();
  for (const d of deployments) {
    const subsets = new Map<string, AlertRow[]>();
    for (const a of d.alerts) {
      const key = keyOf(a);
      if (key === undefined) continue;
      const list = subsets.get(key) ?? [];
      list.push(a);
      subsets.set(key, list);
    }
    for (const [key, alerts] of subsets) {
      out.set(key, add(out.get(key) ?? zeroCounted, pick(deploymentRecord(d.row, alerts, d.cameras, d.counts))));
    }
  }
  return out;
}

function outcomeCounts(alerts: readonly AlertRow[]): OutcomeCounts {
  const out: Record<string, number> = Object.fromEntries([...engagementOutcomes, 'not-recorded'].map((k) => [k, 0]));
  for (const a of alerts) {
    const key = a.outcome !== null && Object.hasOwn(out, a.outcome) ? a.outcome : 'not-recorded';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out as OutcomeCounts;
}

function decisionCounts(alerts: readonly AlertRow[]): DecisionCounts {
  const out: Record<string, number> = Object.fromEntries([...operatorDecisions, 'pending'].map((k) => [k, 0]));
  for (const a of alerts) {
    const key =
      a.operator_decision !== null && Object.hasOwn(out, a.operator_decision) ? a.operator_decision : 'pending';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out as DecisionCounts;
}

function categories(started: readonly DeploymentData[]): CategoryFigures[] {
  const figures = figuresBy(started, (a) => a.category);
  const names = new Set(figures.keys());
  for (const d of started) {
    for (const c of JSON.parse(d.row.categories_json) as unknown[]) if (typeof c === 'string') names.add(c);
  }
  const alerts = started.flatMap((d) => d.alerts);
  return [...names].sort(byText).map((category) => ({
    category,
    ...finish(figures.get(category) ?? zeroCounted),
    outcomes: outcomeCounts(alerts.filter((a) => a.category === category)),
  }));
}

function demographics(started: readonly DeploymentData[], groupOf: ReadonlyMap<string, string>): DemographicBreakdown {
  const recorded = figuresBy(started, (a) => groupOf.get(a.id));
  const notRecorded = figuresBy(started, (a) => (groupOf.has(a.id) ? undefined : ''));
  const groups = [...recorded.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([group, c]) => ({ group, ...finish(c) }));
  const recordedAlerts = groups.reduce((n, g) => n + g.totalAlerts, 0);
  return {
    recordedAlerts,
    groups,
    notRecorded: finish(notRecorded.get('') ?? zeroCounted),
    note:
      recordedAlerts === 0
        ? 'No demographic group is recorded for any alert in this period, so false alerts cannot be broken down by group. ' +
          'Per-group rates per face seen cannot be given either way: faces seen are not recorded by group.'
        : 'Groups as recorded for the alert; rates are per alert within the group (faces seen are not recorded by group).',
  };
}

function searchFigures(s: Omit<SearchFigures, 'possibleMatchRate' | 'acceptedLeadRate'>): SearchFigures {
  return {
    searches: s.searches,
    withPossibleMatch: s.withPossibleMatch,
    withAcceptedLead: s.withAcceptedLead,
    supervisorReviewed: s.supervisorReviewed,
    possibleMatchRate: ratio(s.withPossibleMatch, s.searches),
    acceptedLeadRate: ratio(s.withAcceptedLead, s.searches),
  };
}

function retrospective(rows: readonly StatisticsRow[], offenceTypes: readonly string[]): RetrospectiveFigures {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const zero = { searches: 0, withPossibleMatch: 0, withAcceptedLead: 0, supervisorReviewed: 0 };
  const keys = [...new Set([...byKey.keys(), ...offenceTypes])].sort(byText);
  const byOffenceType: OffenceFigures[] = keys.map((offenceType) => ({
    offenceType,
    ...searchFigures(byKey.get(offenceType) ?? zero),
  }));
  const sum = (k: keyof typeof zero) => rows.reduce((n, r) => n + r[k], 0);
  return {
    totals: searchFigures({
      searches: sum('searches'),
      withPossibleMatch: sum('withPossibleMatch'),
      withAcceptedLead: sum('withAcceptedLead'),
      supervisorReviewed: sum('supervisorReviewed'),
    }),
    byOffenceType,
  };
}

export function buildPeriodicReport(input: PeriodicReportInput): PeriodicReport {
  const considered = input.deployments
    .filter((d) => inPeriod(d.row, input.period))
    .sort((a, b) => byText(effectiveStart(a.row), effectiveStart(b.row)) || byText(a.row.id, b.row.id));
  const started = considered.filter((d) => d.row.started_at !== null);
  const notDeployed: NotDeployed[] = considered
    .filter((d) => d.row.started_at === null && d.row.authorised_at !== null)
    .map((d) => ({
      deploymentId: d.row.id,
      deployment: d.row.name,
      plannedStart: d.row.planned_start,
      status: d.row.status,
    }));
  const records = started.map((d) => deploymentRecord(d.row, d.alerts, d.cameras, d.counts));
  const alerts = started.flatMap((d) => d.alerts);
  const counted = records.map(pick).reduce(add, zeroCounted);
  const sum = (k: 'durationMinutes' | 'cameras' | 'facesSeen') => records.reduce((n, r) => n + r[k], 0);
  const minutesDeployed = sum('durationMinutes');
  const facesSeen = sum('facesSeen');
  return {
    kind: 'vigil.periodic-report',
    version: 1,
    period: input.period,
    generatedAt: input.generatedAt,
    definitions: reportDefinitions,
    totals: {
      deployments: records.length,
      minutesDeployed,
      hoursDeployed: minutesDeployed / 60,
      cameras: sum('cameras'),
      facesSeen,
      ...finish(counted),
      falseAlertsPerFaceSeen: ratio(counted.incorrectAlerts, facesSeen),
      operatorDecisions: decisionCounts(alerts),
      engagements: {
        engaged: alerts.filter((a) => a.engagement === 'engaged').length,
        notEngaged: alerts.filter((a) => a.engagement === 'not-engaged').length,
        notRecorded: alerts.filter((a) => a.engagement !== 'engaged' && a.engagement !== 'not-engaged').length,
      },
      outcomes: outcomeCounts(alerts),
    },
    deployments: records,
    notDeployed,
    byCategory: categories(started),
    falseAlertsByGroup: demographics(started, input.groupOf ?? new Map()),
    retrospective: retrospective(input.searchesByOffence, input.offenceTypes ?? []),
    biasReports: input.biasReports ?? [],
  };
}
