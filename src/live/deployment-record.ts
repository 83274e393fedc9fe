/**
 * The deployment record (R24), computed from the data with the columns UK forces publish.
 * Definitions (stated here and in the export's notes, since forces word them differently):
 * - incorrect alert: the operator rejected it, or the person engaged turned out not to be the
 *   person on the list; positive alert: the operator confirmed it and it was not shown wrong;
 * - positive intervention: an engagement that confirmed the person; incorrect intervention: an
 *   engagement with someone who was not the person;
 * - incorrect alert rate: incorrect alerts / faces seen.
 */
import type { AlertRow, DeploymentRow } from './live.repository.ts';

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

export function deploymentRecord(d: DeploymentRow, alerts: readonly AlertRow[], cameras: number): DeploymentRecord {
  const shownWrong = (a: AlertRow) => a.outcome === 'not-the-person';
  const incorrect = alerts.filter((a) => a.operator_decision === 'reject' || shownWrong(a)).length;
  const positive = alerts.filter((a) => a.operator_decision === 'confirm' && !shownWrong(a)).length;
  const engaged = alerts.filter((a) => a.engagement === 'engaged');
  const counts = JSON.parse(d.counts_json) as { facesSeen?: number };
  const facesSeen = counts.facesSeen ?? 0;
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
    cameras,
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
  };
}

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function recordsToCsv(records: readonly DeploymentRecord[]): string {
  const lines = [recordColumns.map(([, title]) => cell(title)).join(',')];
  for (const r of records) lines.push(recordColumns.map(([key]) => cell(r[key])).join(','));
  return lines.join('\r\n') + '\r\n';
}
