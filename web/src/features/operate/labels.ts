/** Labels for the values the operator view shows: decisions, outcomes, camera states. */
import { labelOf } from '../../app/labels';
import type { Alert } from '../../pages/alert-stream';

export type Decision = NonNullable<Alert['operator']>['decision'];
export type Outcome = NonNullable<NonNullable<Alert['engagement']>['outcome']>;

export const decisionLabels: Readonly<Record<Decision, string>> = {
  confirm: 'Confirmed',
  reject: 'Rejected',
  'unable-to-determine': 'Unable to determine',
};

/** The operator's three choices, with their keys (c, r, u). */
export const decisionChoices: readonly [Decision, string, string][] = [
  ['confirm', 'Confirm', 'c'],
  ['reject', 'Reject', 'r'],
  ['unable-to-determine', 'Unable to determine', 'u'],
];

export const outcomeLabels: Readonly<Record<Outcome, string>> = {
  arrest: 'Arrest',
  'other-disposal': 'Other disposal',
  'no-further-action': 'No further action',
  'not-the-person': 'Not the person',
};

export const cameraStateLabels: Readonly<Record<string, string>> = {
  connecting: 'Connecting',
  connected: 'Live',
  reconnecting: 'Reconnecting',
  failing: 'Failing',
  failed: 'Failed',
  ended: 'Ended (clip finished)',
  stopped: 'Stopped',
};

export const cameraStateLabel = (s: string | undefined): string => (s ? labelOf(cameraStateLabels, s) : 'Not running');

export const decisionLabel = (a: Alert): string => (a.operator ? decisionLabels[a.operator.decision] : 'To decide');

/** "Mr X (W-1)", or the reference when no name was known. */
export const subjectOf = (a: Alert): string =>
  a.subjectName ? `${a.subjectName} (${a.subjectReference})` : a.subjectReference;

export const shortTime = (iso: string): string =>
  new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
