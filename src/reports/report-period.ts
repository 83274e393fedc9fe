/**
 * The reporting period and which deployments belong to it. A deployment belongs to the period in
 * which it started (its planned start when it never started), so consecutive periods partition
 * the deployments: none is counted twice, none is lost between two reports.
 */
import type { DeploymentRow } from '../live/live.repository.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { ReportPeriod } from './report-types.ts';

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO date (midnight UTC) or date-time with offset, as the stored form (`toISOString`). */
function instant(value: string, name: string): string {
  const ms = Date.parse(dateOnly.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(ms)) throw new DomainError('invalid', 'invalid-period', `${name} is not an ISO date or time`);
  return new Date(ms).toISOString();
}

/** [from, to) from user input; refused when empty or reversed. */
export function reportPeriod(from: string, to: string): ReportPeriod {
  const period = { from: instant(from, 'from'), to: instant(to, 'to') };
  if (period.from >= period.to) {
    throw new DomainError('invalid', 'invalid-period', 'the period must end after it starts (to is exclusive)');
  }
  return period;
}

/** When the deployment counts as having taken place: its start, else its planned start. */
export function effectiveStart(d: Pick<DeploymentRow, 'started_at' | 'planned_start'>): string {
  return d.started_at ?? d.planned_start;
}

export function inPeriod(d: Pick<DeploymentRow, 'started_at' | 'planned_start'>, period: ReportPeriod): boolean {
  const at = effectiveStart(d);
  return at >= period.from && at < period.to;
}
