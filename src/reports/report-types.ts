/**
 * The periodic report (R25) as data: what the JSON export is, and what the CSV and the printable
 * page are rendered from. Every alert figure follows the deployment record's definitions (R24,
 * src/live/deployment-record.ts); the statements in `reportDefinitions` go out with every export.
 */
import type { DeploymentRecord } from '../live/deployment-record.ts';
import type { EngagementOutcome, OperatorDecision } from '../live/alert.service.ts';

/** A reporting period, [from, to): ISO-8601 UTC instants, `to` exclusive. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

/** Alert figures under the R24 definitions, for any set of alerts (a period, a category, a group). */
export interface AlertFigures {
  readonly totalAlerts: number;
  readonly positiveAlerts: number;
  readonly incorrectAlerts: number;
  /** Neither positive nor incorrect: the operator was unable to determine, or has not decided yet. */
  readonly undeterminedAlerts: number;
  readonly positiveInterventions: number;
  readonly incorrectInterventions: number;
  readonly arrestsOrDisposals: number;
  /** incorrectAlerts / totalAlerts; null when there was no alert. */
  readonly falseAlertsPerAlert: number | null;
}

/** Alerts by recorded engagement outcome; `not-recorded`: no outcome (not engaged, or not yet recorded). */
export type OutcomeCounts = Readonly<Record<EngagementOutcome | 'not-recorded', number>>;
/** Alerts by operator decision; `pending`: not decided. */
export type DecisionCounts = Readonly<Record<OperatorDecision | 'pending', number>>;

export interface EngagementCounts {
  readonly engaged: number;
  readonly notEngaged: number;
  /** No engagement recorded (usually: the operator rejected the alert, so no one was sent). */
  readonly notRecorded: number;
}

export interface PeriodTotals extends AlertFigures {
  /** Deployments that started (live, closed or reviewed). */
  readonly deployments: number;
  readonly minutesDeployed: number;
  /** minutesDeployed / 60. */
  readonly hoursDeployed: number;
  readonly cameras: number;
  readonly facesSeen: number;
  /** incorrectAlerts / facesSeen over the whole period (not a mean of rates); null when no face was seen. */
  readonly falseAlertsPerFaceSeen: number | null;
  readonly operatorDecisions: DecisionCounts;
  readonly engagements: EngagementCounts;
  readonly outcomes: OutcomeCounts;
}

export interface CategoryFigures extends AlertFigures {
  /** The watchlist category of the entry that alerted (R7). */
  readonly category: string;
  readonly outcomes: OutcomeCounts;
}

export interface GroupFigures extends AlertFigures {
  readonly group: string;
}

/** False alerts by demographic group, where a group was recorded for the alert (R25). */
export interface DemographicBreakdown {
  /** Alerts that have a recorded group. */
  readonly recordedAlerts: number;
  readonly groups: readonly GroupFigures[];
  /** The same figures over the alerts with no recorded group. */
  readonly notRecorded: AlertFigures;
  readonly note: string;
}

/** A deployment authorised for the period that never started: listed, not counted in the totals. */
export interface NotDeployed {
  readonly deploymentId: string;
  readonly deployment: string;
  readonly plannedStart: string;
  readonly status: string;
}

export interface SearchFigures {
  readonly searches: number;
  /** Searches with at least one candidate an examiner judged a possible match. */
  readonly withPossibleMatch: number;
  /** Searches with at least one candidate the investigating officer accepted as a lead. */
  readonly withAcceptedLead: number;
  readonly supervisorReviewed: number;
  /** withPossibleMatch / searches; null without searches. */
  readonly possibleMatchRate: number | null;
  /** withAcceptedLead / searches (the hit rate); null without searches. */
  readonly acceptedLeadRate: number | null;
}

export interface OffenceFigures extends SearchFigures {
  readonly offenceType: string;
}

export interface RetrospectiveFigures {
  readonly totals: SearchFigures;
  readonly byOffenceType: readonly OffenceFigures[];
}

/** A threshold used in the period with a model, and whether the bias report measured it. */
export interface ThresholdInUse {
  readonly use: 'live' | 'retrospective';
  readonly threshold: number;
  /** Deployments (live) or searches (retrospective) that used it. */
  readonly count: number;
  /** The bias report's threshold id measured at this value (e.g. "configured"); null: not measured. */
  readonly measuredAs: string | null;
}

/** One group's false match rate in the bias evaluation (R27), at the report's operating threshold. */
export interface BiasGroupRate {
  readonly group: string;
  readonly gender: string;
  readonly race: string;
  /** Within-group impostor pairs compared. */
  readonly pairs: number;
  readonly falseMatches: number;
  readonly fmr: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
}

export interface BiasReportAvailable {
  readonly modelId: string;
  readonly available: true;
  /** Where it was read, e.g. "reports/demographics-<modelId>.json". */
  readonly source: string;
  readonly measuredAt: string;
  readonly dataset: string;
  /** The operating threshold the headline rates are at (the report's configured threshold). */
  readonly threshold: number;
  /** The calibration target of that threshold (e.g. "1e-3"), when the report names one. */
  readonly operatingFmr: string | null;
  /** FMR over all groups' impostor pairs pooled, at that threshold. */
  readonly pooledFmr: number | null;
  readonly ciMethod: string;
  readonly groups: readonly BiasGroupRate[];
  readonly worstGroup: string | null;
  readonly bestGroup: string | null;
  /** Worst group's FMR / best group's; null when the best group had no false match. */
  readonly worstToBestRatio: number | null;
  /** Worst group's FMR / the best group's upper 95% bound (finite, errs low). */
  readonly conservativeRatio: number | null;
  readonly thresholdsInUse: readonly ThresholdInUse[];
}

export interface BiasReportMissing {
  readonly modelId: string;
  readonly available: false;
  readonly reason: string;
  readonly thresholdsInUse: readonly ThresholdInUse[];
}

export type BiasReference = BiasReportAvailable | BiasReportMissing;

export interface PeriodicReport {
  readonly kind: 'vigil.periodic-report';
  readonly version: 1;
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly definitions: readonly string[];
  readonly totals: PeriodTotals;
  /** The R24 record of every deployment that started in the period, in order of start. */
  readonly deployments: readonly DeploymentRecord[];
  readonly notDeployed: readonly NotDeployed[];
  readonly byCategory: readonly CategoryFigures[];
  readonly falseAlertsByGroup: DemographicBreakdown;
  readonly retrospective: RetrospectiveFigures;
  /** The bias evaluation of each model used in the period (and the one in force), when available. */
  readonly biasReports: readonly BiasReference[];
}

export const reportDefinitions: readonly string[] = [
  'Period: [from, to), UTC. A deployment belongs to the period in which it started; one that never started ' +
    'is listed under its planned start and not counted. Retrospective searches belong to the period in which they ran.',
  'Incorrect alert: the operator rejected it, or the person engaged turned out not to be the person on the list. ' +
    'Positive alert: the operator confirmed it and it was not shown wrong. Undetermined: neither (the operator ' +
    'was unable to determine, or has not decided).',
  'Positive intervention: an engagement that confirmed the person. Incorrect intervention: an engagement with ' +
    'someone who was not the person. Arrests or disposals: outcome arrest or other disposal.',
  'False alerts per face seen: incorrect alerts / faces seen, over the whole period (the incorrect alert rate of ' +
    'the deployment record). False alerts per alert: incorrect alerts / total alerts.',
  'Hours deployed: from start to stop of each deployment, as in the deployment record; a deployment still live ' +
    'counts 0 until it stops.',
  'Retrospective hit rates: searches with at least one candidate judged a possible match by the examiner, and ' +
    'with at least one candidate accepted as a lead by the investigating officer, each divided by searches.',
  'Bias evaluation: false match rate per gender x race group on a labelled test set at the operating threshold ' +
    '(R27), as measured by `vigil eval demographics`; a laboratory measurement, not a count of false alerts.',
];
