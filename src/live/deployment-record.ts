/**
 * The deployment record (R24), computed from the data with the columns UK forces publish.
 * Definitions (stated here and in the export's notes, since forces word them differently):
 * - incorrect alert: the operator rejected it, or the person engaged turned out not to be the
 *   person on the list; positive alert: the operator confirmed it and it was not shown wrong;
 * - positive intervention: an engagement that confirmed the person; incorrect intervention: an
 *   engagement with someone who was not the person;
 * - incorrect alert rate: incorrect alerts / faces seen.
 */
import type { AlertRow, CameraRow, DeploymentRow, RecordedGap } from './live.repository.ts';
import { csvRow, type CsvValue } from '../shared/csv.ts';
import { failingGapReason } from './camera-health.ts';
import type { DeploymentCounts } from './deployment-counts.ts';

/** A period in which a camera of the deployment covered nothing: the source dropped, or its pipeline process died. */
export interface CoverageGap {
  readonly camera: string;
  readonly from: string;
  /** null while the gap is open. */
  readonly to: string | null;
  readonly seconds: number | null;
  /** e.g. connect-failed, source-ended, stalled, pipeline-failover, matching-failed (the camera was `failing`). */
  readonly reason: string;
}

export interface DeploymentRecord {
  readonly deployment: string;
  readonly deploymentId: string;
  readonly date: string;
  readonly type: string;
  readonly durationMinutes: number;
  readonly cameras: number;
  readonly watchlistSize: number;
  readonly threshold: number;
  readonly totalAlerts: number;
  readonly positiveAlerts: number;
  readonly positiveInterventions: number;
  readonly incorrectAlerts: number;
  readonly incorrectInterventions: number;
  readonly arrestsOrDisposals: number;
  readonly facesSeen: number;
  /** incorrectAlerts / facesSeen; null when no face was seen. */
  readonly incorrectAlertRate: number | null;
  readonly status: string;
  /**
   * Coverage gaps of its cameras, beyond the published columns: how many, their total minutes and
   * each gap. Present when the record was made from the camera rows (not from a camera count).
   */
  readonly coverageGaps?: number;
  readonly coverageGapMinutes?: number;
  /**
   * Of those gaps, the periods a camera was `failing` (issue 14): frames arrived but none could be
   * matched (the engine or the alert store kept failing). Counted in the gaps above as well.
   */
  readonly failingPeriods?: number;
  readonly failingMinutes?: number;
  readonly gaps?: readonly CoverageGap[];
}

export const recordColumns: readonly [keyof DeploymentRecord, string][] = [
  ['deployment', 'Deployment'],
  ['date', 'Date'],
  ['type', 'Type'],
  ['durationMinutes', 'Duration (minutes)'],
  ['cameras', 'Cameras'],
  ['watchlistSize', 'Watchlist size'],
  ['threshold', 'Threshold'],
  ['totalAlerts', 'Total alerts'],
  ['positiveAlerts', 'Positive alerts'],
  ['positiveInterventions', 'Positive interventions'],
  ['incorrectAlerts', 'Incorrect alerts'],
  ['incorrectInterventions', 'Incorrect interventions'],
  ['arrestsOrDisposals', 'Arrests or disposals'],
  ['facesSeen', 'Faces seen'],
  ['incorrectAlertRate', 'Incorrect alert rate'],
];

/** The recorded gaps of the deployment's cameras, oldest first. */
export function coverageGaps(cameras: readonly Pick<CameraRow, 'name' | 'gaps_json'>[]): CoverageGap[] {
  const out: (CoverageGap & { at: number })[] = [];
  for (const c of cameras) {
    for (const g of JSON.parse(c.gaps_json) as RecordedGap[]) {
      out.push({
        at: g.from,
        camera: c.name,
        from: new Date(g.from).toISOString(),
        to: g.to !== undefined ? new Date(g.to).toISOString() : null,
        seconds: g.to !== undefined ? Math.round((g.to - g.from) / 100) / 10 : null,
        reason: g.reason,
      });
    }
  }
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...g }) => g);
}

/**
 * `cameras`: the deployment's cameras (their gaps go in the record) or, where only the count is
 * known, the count.
 */
export function deploymentRecord(
  d: DeploymentRow,
  alerts: readonly AlertRow[],
  cameras: number | readonly Pick<CameraRow, 'name' | 'gaps_json'>[],
  counts: Pick<DeploymentCounts, 'facesSeen'>,
): DeploymentRecord {
  const gaps = typeof cameras === 'number' ? undefined : coverageGaps(cameras);
  const failing = gaps?.filter((g) => g.reason === failingGapReason);
  const minutes = (list: readonly CoverageGap[]) =>
    Math.round(list.reduce((sum, g) => sum + (g.seconds ?? 0), 0) / 6) / 10;
  const shownWrong = (a: AlertRow) => a.outcome === 'not-the-person';
  const incorrect = alerts.filter((a) => a.operator_decision === 'reject' || shownWrong(a)).length;
  const positive = alerts.filter((a) => a.operator_decision === 'confirm' && !shownWrong(a)).length;
  const engaged = alerts.filter((a) => a.engagement === 'engaged');
  const facesSeen = counts.facesSeen;
  const manifest = d.manifest_json ? (JSON.parse(d.manifest_json) as unknown[]) : null;
  const snapshot = d.authorised_json ? (JSON.parse(d.authorised_json) as { watchlistSize?: number }) : null;
  const start = d.started_at ?? null;
  const end = d.stopped_at ?? d.closed_at ?? null;
  return {
    deployment: d.name,
    deploymentId: d.id,
    date: d.planned_start.slice(0, 10),
    type: d.deployment_type,
    durationMinutes: start && end ? Math.round((Date.parse(end) - Date.parse(start)) / 60_000) : 0,
    cameras: typeof cameras === 'number' ? cameras : cameras.length,
    watchlistSize: manifest?.length ?? snapshot?.watchlistSize ?? 0,
    threshold: d.threshold,
    totalAlerts: alerts.length,
    positiveAlerts: positive,
    positiveInterventions: engaged.filter((a) => a.outcome !== null && !shownWrong(a)).length,
    incorrectAlerts: incorrect,
    incorrectInterventions: engaged.filter(shownWrong).length,
    arrestsOrDisposals: alerts.filter((a) => a.outcome === 'arrest' || a.outcome === 'other-disposal').length,
    facesSeen,
    incorrectAlertRate: facesSeen > 0 ? incorrect / facesSeen : null,
    status: d.status,
    ...(gaps
      ? {
          coverageGaps: gaps.length,
          coverageGapMinutes: minutes(gaps),
          failingPeriods: failing?.length ?? 0,
          failingMinutes: minutes(failing ?? []),
          gaps,
        }
      : {}),
  };
}

/** After the published columns, the export adds the cameras' coverage gaps. */
const gapColumns: readonly [keyof DeploymentRecord, string][] = [
  ['coverageGaps', 'Coverage gaps'],
  ['coverageGapMinutes', 'Coverage gap (minutes)'],
  ['failingPeriods', 'Failing periods'],
  ['failingMinutes', 'Failing (minutes)'],
];

/** A record's value as a cell: the gaps list is exported as its columns, not as text. */
const csvValue = (v: DeploymentRecord[keyof DeploymentRecord]): CsvValue =>
  typeof v === 'object' && v !== null ? v.length : v;

export function recordsToCsv(records: readonly DeploymentRecord[]): string {
  const columns = [...recordColumns, ...gapColumns];
  const lines = [csvRow(columns.map(([, title]) => title))];
  // Formula-led text (a deployment named `=HYPERLINK(...)`) is neutralised (issue 12, shared/csv.ts).
  for (const r of records) lines.push(csvRow(columns.map(([key]) => csvValue(r[key]))));
  return lines.join('\r\n') + '\r\n';
}
