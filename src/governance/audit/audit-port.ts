/**
 * The audit log as a use case sees it (issue 16): one `append` inside the use case's transaction
 * (R29, Outline's pattern). Injected, so a unit test records entries instead of hashing a chain.
 */
import type { Queryable } from '../../db/database.ts';
import { appendAudit, type AuditEntryInput } from './audit-log.ts';

export interface AuditAppender {
  append(q: Queryable, entry: AuditEntryInput): Promise<unknown>;
}

/** The real one: the hash-chained `audit_log` table (and the witness, through its hook). */
export const chainedAudit: AuditAppender = { append: appendAudit };
