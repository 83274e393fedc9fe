/**
 * The rules of a live deployment as pure functions (R1-R5, R9, R12-R14, R30): what an
 * authorisation must record, when a deployment may go live, and which changes void an
 * authorisation. The service applies them; tests exercise them without a database.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DeploymentsTable, DeploymentStatus } from '../db/tables/live.ts';

export const transitions: Readonly<Record<DeploymentStatus, readonly DeploymentStatus[]>> = {
  draft: ['authorised'],
  authorised: ['live', 'draft', 'closed'],
  live: ['closed'],
  closed: ['reviewed'],
  reviewed: [],
};

export function canMove(from: DeploymentStatus, to: DeploymentStatus): boolean {
  return transitions[from].includes(to);
}

export type DeploymentFields = Pick<
  DeploymentsTable,
  | 'name'
  | 'deployment_type'
  | 'policing_objective'
  | 'intelligence_case'
  | 'location_name'
  | 'location_boundary'
  | 'location_reason'
  | 'planned_start'
  | 'planned_end'
  | 'categories_json'
  | 'camera_count'
  | 'planned_footfall'
  | 'threshold'
  | 'dpia_version'
  | 'eia_version'
  | 'policy_version'
  | 'notice_json'
>;

/** Fields an authorisation covers: changing any of them afterwards voids it (R3 for the location). */
export const authorisedFields = [
  'policing_objective',
  'intelligence_case',
  'location_name',
  'location_boundary',
  'location_reason',
  'planned_start',
  'planned_end',
  'categories_json',
  'camera_count',
  'planned_footfall',
  'threshold',
  'dpia_version',
  'eia_version',
  'policy_version',
  'notice_json',
] as const satisfies readonly (keyof DeploymentFields)[];

/** The JSON-valued fields, compared by value (key order aside). */
const jsonFields: readonly (keyof DeploymentFields)[] = ['categories_json', 'notice_json'];

function sameJson(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return a === b;
  }
}

/**
 * What a PATCH really changes: the sent fields whose value differs from the deployment's (a field
 * sent with its current value changes nothing). `voids`: the changed fields an authorisation
 * covers, which send an authorised deployment back to draft (R3: the location; R1, R2, R4, R12,
 * R14 the rest). The name and the published type are labels: changing them voids nothing.
 */
export function changedFields(
  d: DeploymentFields,
  set: Partial<DeploymentFields>,
): { changed: Partial<DeploymentFields>; voids: (typeof authorisedFields)[number][] } {
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(set) as [keyof DeploymentFields, unknown][]) {
    if (v === undefined) continue;
    const same = jsonFields.includes(k) ? sameJson(String(d[k]), String(v)) : d[k] === v;
    if (!same) changed[k] = v;
  }
  return {
    changed: changed as Partial<DeploymentFields>,
    voids: authorisedFields.filter((f) => f in changed),
  };
}

export interface Notice {
  readonly publishedAt?: string | undefined;
  readonly signage?: string | undefined;
  /** Why notice or signage is not given (recorded, R4). */
  readonly exception?: string | undefined;
}

export interface WatchlistSummary {
  readonly size: number;
  readonly hash: string;
  readonly categories: readonly string[];
  /**
   * Usernames of everyone who compiled the list (R30): who added its entries and, where the
   * service reads the history, everyone who ever added or removed one.
   */
  readonly compilers: readonly string[];
  /** Entries whose template has been destroyed (a closed list cannot be reused). */
  readonly destroyed: number;
}

export interface AuthorisationContext {
  readonly deployment: DeploymentFields & Pick<DeploymentsTable, 'status' | 'created_by'>;
  readonly watchlist: WatchlistSummary;
  readonly authoriser: string;
  readonly now: Date;
  /** The calibrated floor for the deployment's model (R14). */
  readonly thresholdFloor: number;
  readonly closedCategories: readonly string[];
  readonly maxDurationHours: number;
}

const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === '';

export function parseNotice(json: string): Notice {
  try {
    return JSON.parse(json) as Notice;
  } catch {
    return {};
  }
}

/** Everything that stops an authorisation, each as a sentence naming the requirement. Empty: may authorise. */
export function authorisationProblems(c: AuthorisationContext): string[] {
  const d = c.deployment;
  const out: string[] = [];
  if (d.status !== 'draft') out.push(`only a draft can be authorised (this one is ${d.status})`);
  const required: [keyof DeploymentFields, string][] = [
    ['policing_objective', 'policing objective'],
    ['intelligence_case', 'intelligence case'],
    ['location_name', 'location'],
    ['location_boundary', 'location boundary'],
    ['location_reason', 'reason subjects may be at the location'],
    ['dpia_version', 'DPIA version'],
    ['eia_version', 'equality impact assessment version'],
    ['policy_version', 'policy document version'],
  ];
  for (const [field, label] of required) if (blank(String(d[field]))) out.push(`R1: the ${label} is missing`);
  const start = Date.parse(d.planned_start);
  const end = Date.parse(d.planned_end);
  if (!(start < end)) out.push('R2: the planned end must come after the planned start');
  else if ((end - start) / 3_600_000 > c.maxDurationHours) {
    out.push(`R2: a deployment may last at most ${c.maxDurationHours} hours`);
  }
  if (end <= c.now.getTime()) out.push('R2: the planned end has already passed');
  const categories = JSON.parse(d.categories_json) as string[];
  if (categories.length === 0) out.push('R1: no watchlist categories are named');
  for (const cat of categories) {
    if (!c.closedCategories.includes(cat)) out.push(`R7: "${cat}" is not one of the configured categories`);
  }
  if (!(d.camera_count >= 1)) out.push('R1: the camera count must be at least 1');
  if (d.threshold < c.thresholdFloor) {
    out.push(`R14: threshold ${d.threshold} is below the calibrated floor ${c.thresholdFloor.toFixed(4)}`);
  }
  const notice = parseNotice(d.notice_json);
  if (blank(notice.exception) && (blank(notice.publishedAt) || blank(notice.signage))) {
    out.push('R4: record the public notice and the signage, or the reason for an exception');
  }
  const w = c.watchlist;
  if (w.size === 0) out.push('R9: the watchlist is empty');
  if (w.destroyed > 0) out.push('R10: the watchlist holds destroyed entries; build a new one');
  for (const cat of w.categories) {
    if (!categories.includes(cat))
      out.push(`R9: a watchlist entry is in "${cat}", which this deployment does not name`);
  }
  if (w.compilers.includes(c.authoriser)) {
    out.push('R30: you added entries to this watchlist (or removed some), so someone else must authorise it');
  }
  if (d.created_by === c.authoriser) out.push('R30: you drew up this deployment, so someone else must authorise it');
  return out;
}

/** What an authorisation freezes; a later comparison tells whether it still holds. */
export function authorisedSnapshot(d: DeploymentFields, w: WatchlistSummary, expectedFalseAlerts: number) {
  const fields = Object.fromEntries(authorisedFields.map((f) => [f, d[f]]));
  return { fields, watchlistHash: w.hash, watchlistSize: w.size, expectedFalseAlerts };
}
export type AuthorisedSnapshot = ReturnType<typeof authorisedSnapshot>;

/** Why an authorised deployment may not go live now (empty: it may). */
export function startProblems(
  d: DeploymentFields & Pick<DeploymentsTable, 'status'>,
  snapshot: AuthorisedSnapshot | null,
  watchlistHash: string,
  cameras: number,
  now: Date,
): string[] {
  const out: string[] = [];
  if (d.status !== 'authorised' || !snapshot)
    return [`R1: a deployment goes live only once authorised (this one is ${d.status})`];
  for (const f of authorisedFields) {
    if (snapshot.fields[f] !== d[f]) out.push(`R3: ${f} changed since authorisation; it must be authorised again`);
  }
  if (snapshot.watchlistHash !== watchlistHash) out.push('R9: the watchlist changed since authorisation');
  const t = now.getTime();
  if (t < Date.parse(d.planned_start)) out.push(`R2: the authorised window opens at ${d.planned_start}`);
  if (t >= Date.parse(d.planned_end)) out.push(`R2: the authorised window closed at ${d.planned_end}`);
  if (cameras === 0) out.push('R1: no cameras are configured');
  if (cameras > d.camera_count) out.push(`R1: ${cameras} cameras configured, ${d.camera_count} authorised`);
  return out;
}

/** Whether a frame captured at `at` may be matched: only while live and inside the window (R2). */
export function mayMatch(status: DeploymentStatus, plannedEnd: string, at: number): boolean {
  return status === 'live' && at < Date.parse(plannedEnd);
}

/** Age in whole years on a date (R13). */
export function ageOn(dateOfBirth: string, on: Date): number {
  const dob = new Date(`${dateOfBirth}T00:00:00Z`);
  let age = on.getUTCFullYear() - dob.getUTCFullYear();
  const m = on.getUTCMonth() - dob.getUTCMonth();
  if (m < 0 || (m === 0 && on.getUTCDate() < dob.getUTCDate())) age--;
  return age;
}
