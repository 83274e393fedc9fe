/** Turning an audit entry into words: the target, and the details as labelled values. */
import type { Schemas } from '../../api/client';
import { auditActionLabel, humanise, labelOf, outcomeLabels, roleLabel, targetTypeLabels } from '../../app/labels';

export type AuditEntry = Schemas['AuditEntry'];

/** Detail keys whose value names the target better than its id. */
const namingKeys = ['displayName', 'username', 'user', 'name', 'reference', 'deployment', 'title', 'modelId'];

export function targetText(e: AuditEntry): string {
  if (!e.target) return '—';
  const type = labelOf(targetTypeLabels, e.target.type);
  for (const k of namingKeys) {
    const v = e.details[k];
    if (typeof v === 'string' && v) return `${type} ${v}`;
  }
  const id = e.target.id;
  return `${type} ${/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id) ? id.slice(0, 8) : id}`;
}

/** Labels for detail keys that humanise() would get wrong or leave unclear. */
const keyLabels: Readonly<Record<string, string>> = {
  rolesBefore: 'Roles before',
  rolesAfter: 'Roles after',
  pendingRoles: 'Roles waiting for approval',
  rolesHeld: 'Roles held back',
  biasReportId: 'Bias report',
  sessionsEnded: 'Sessions ended',
  mustChange: 'Must choose a new password',
  documentSha256: 'Document SHA-256',
  ip: 'IP address',
  fmr: 'False match rate',
};
export const detailKeyLabel = (k: string): string => keyLabels[k] ?? humanise(k);

const roleKeys = new Set(['roles', 'rolesBefore', 'rolesAfter', 'pendingRoles', 'rolesHeld']);

/** A detail value in words; nested objects stay compact JSON (rare, and shown in full). */
export function detailValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-GB') : String(Number(v.toFixed(4)));
  if (typeof v === 'string') return key === 'action' ? auditActionLabel(v) : v;
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    if (roleKeys.has(key)) return v.map((r) => roleLabel(String(r))).join(', ');
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.map(String).join(', ');
  }
  return JSON.stringify(v);
}

export const outcomeText = (o: AuditEntry['outcome']): string => outcomeLabels[o];
