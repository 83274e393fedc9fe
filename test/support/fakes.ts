/**
 * Fakes at the persistence seam for the unit tier (`*.spec.ts`, `npm run test:unit`): no database,
 * no engine. Each domain's in-memory repository lives beside its spec or here when shared.
 */
import type { Queryable } from '../../src/db/database.ts';
import type { UnitOfWork } from '../../src/db/unit-of-work.ts';
import type { AuditEntryInput } from '../../src/governance/audit/audit-log.ts';
import type { AuditAppender } from '../../src/governance/audit/audit-port.ts';

/** A transaction that is no transaction: in-memory repositories ignore the `Queryable`. */
export const fakeQueryable = {} as Queryable;

export const fakeUnitOfWork: UnitOfWork = { run: (work) => work(fakeQueryable) };

/** An audit log that keeps what was appended, for assertions. */
export function recordingAudit(): AuditAppender & { entries: AuditEntryInput[] } {
  const entries: AuditEntryInput[] = [];
  return {
    entries,
    append: async (_q, entry) => void entries.push(entry),
  };
}
