/** Labels for the values only the periodic report shows. */
import { humanise } from '../../app/labels';

/** Engagement outcomes, in the order the report's columns show them. */
export const engagementOutcomeLabels = [
  ['arrest', 'Arrest'],
  ['other-disposal', 'Other disposal'],
  ['no-further-action', 'No further action'],
  ['not-the-person', 'Not the person'],
  ['not-recorded', 'Not recorded'],
] as const;

const deploymentStatusLabels: Readonly<Record<string, string>> = {
  draft: 'Draft',
  authorised: 'Authorised, not started',
  live: 'Live',
  closed: 'Stopped, awaiting review',
  reviewed: 'Reviewed',
};
export const deploymentStatusLabel = (s: string): string => deploymentStatusLabels[s] ?? humanise(s);

export const thresholdUseLabels = {
  live: { name: 'Live', unit: 'deployment' },
  retrospective: { name: 'Retrospective', unit: 'search' },
} as const;

/** Configured list values (categories, offence types, groups) are shown as configured, unless a slug. */
export const listValue = (v: string): string => (/^[a-z0-9]+(-[a-z0-9]+)+$/.test(v) ? humanise(v) : v);
