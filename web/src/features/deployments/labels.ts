/** Labels for the values the deployment pages show: statuses, close reasons, sources, record columns. */
import { labelOf } from '../../app/labels';

export const statusLabels: Readonly<Record<string, string>> = {
  draft: 'Draft',
  authorised: 'Authorised',
  live: 'Live',
  closed: 'Closed',
  reviewed: 'Reviewed',
};
export const statusLabel = (s: string): string => labelOf(statusLabels, s);

export const closeReasonLabels: Readonly<Record<string, string>> = {
  stopped: 'stopped by an operator',
  'end-time': 'the authorised end time was reached',
  refused: 'authorisation refused or withdrawn',
};
export const closeReasonLabel = (s: string): string => labelOf(closeReasonLabels, s);

export const sourceKindLabels: Readonly<Record<string, string>> = {
  rtsp: 'RTSP stream',
  http: 'HTTP stream',
  file: 'video file',
  folder: 'folder of images',
};
export const sourceKindLabel = (s: string): string => labelOf(sourceKindLabels, s);

/** The deployment record's columns as published (src/live/deployment-record.ts). */
export const recordLabels: Readonly<Record<string, string>> = {
  deployment: 'Deployment',
  deploymentId: 'Deployment id',
  date: 'Date',
  type: 'Type',
  durationMinutes: 'Duration (minutes)',
  cameras: 'Cameras',
  watchlistSize: 'Watchlist size',
  threshold: 'Threshold',
  totalAlerts: 'Total alerts',
  positiveAlerts: 'Positive alerts',
  positiveInterventions: 'Positive interventions',
  incorrectAlerts: 'Incorrect alerts',
  incorrectInterventions: 'Incorrect interventions',
  arrestsOrDisposals: 'Arrests or disposals',
  facesSeen: 'Faces seen',
  incorrectAlertRate: 'Incorrect alert rate (per face seen)',
  status: 'Status',
  coverageGaps: 'Coverage gaps',
  coverageGapMinutes: 'Coverage gap minutes',
  failingPeriods: 'Failing periods',
  failingMinutes: 'Failing minutes',
  gaps: 'Gaps',
};
export const recordLabel = (k: string): string => labelOf(recordLabels, k);
