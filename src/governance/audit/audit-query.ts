/** Reading the audit log for the console, the auditor and outside archiving (R29). */
import type { Queryable } from '../../db/database.ts';
import { AuditError } from './audit-hash.ts';
import { rowToRecord, type AuditRecord } from './audit-log.ts';

export interface AuditFilter {
  /** Exact username. */
  readonly actor?: string;
  /** Action prefix: `auth` matches `auth.login` and `auth.logout`. */
  readonly action?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  /** ok, denied or failed. */
  readonly outcome?: string;
  /** ISO time, inclusive. */
  readonly from?: string;
  /** ISO time, exclusive. */
  readonly to?: string;
}

export interface AuditListQuery extends AuditFilter {
  readonly limit: number;
  readonly offset?: number;
}

export interface AuditList {
  readonly entries: AuditRecord[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export const MAX_AUDIT_PAGE = 1000;

/** An ISO time as stored (toISOString), so text comparison orders it correctly. */
export function normaliseTime(value: string, name: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new AuditError(`${name} must be an ISO date or time, got ${JSON.stringify(value)}`, 'filter');
  return new Date(ms).toISOString();
}

function filtered(q: Queryable, f: AuditFilter) {
  let query = q.selectFrom('audit_log');
  if (f.actor !== undefined) query = query.where('actor', '=', f.actor);
  if (f.action !== undefined && f.action !== '') {
    const prefix = f.action;
    query = query.where((eb) => eb(eb.fn('substr', ['action', eb.lit(1), eb.val(prefix.length)]), '=', prefix));
  }
  if (f.targetType !== undefined) query = query.where('target_type', '=', f.targetType);
  if (f.targetId !== undefined) query = query.where('target_id', '=', f.targetId);
  if (f.outcome !== undefined) query = query.where('outcome', '=', f.outcome);
  if (f.from !== undefined) query = query.where('at', '>=', normaliseTime(f.from, 'from'));
  if (f.to !== undefined) query = query.where('at', '<', normaliseTime(f.to, 'to'));
  return query;
}

/** Entries matching the filter, newest first, with the number of matches. */
export async function listAudit(q: Queryable, query: AuditListQuery): Promise<AuditList> {
  const limit = Math.trunc(query.limit);
  const offset = Math.trunc(query.offset ?? 0);
  if (!(limit >= 1 && limit <= MAX_AUDIT_PAGE)) throw new AuditError(`limit must be 1 to ${MAX_AUDIT_PAGE}`, 'filter');
  if (!(offset >= 0)) throw new AuditError('offset must be 0 or more', 'filter');
  const [rows, count] = await Promise.all([
    filtered(q, query).selectAll().orderBy('seq', 'desc').limit(limit).offset(offset).execute(),
    filtered(q, query)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    entries: rows.map((r) => rowToRecord({ ...r, seq: Number(r.seq) })),
    total: Number(count.n),
    limit,
    offset,
  };
}

export interface AuditExportRange extends AuditFilter {
  /** First seq, inclusive. */
  readonly fromSeq?: number;
  /** Last seq, inclusive. */
  readonly toSeq?: number;
  readonly pageSize?: number;
}

/** Matching entries in seq order, a page at a time, with their hashes: for outside archiving. */
export async function* exportAudit(q: Queryable, range: AuditExportRange = {}): AsyncGenerator<AuditRecord> {
  const pageSize = range.pageSize ?? 500;
  let after = (range.fromSeq ?? 1) - 1;
  for (;;) {
    let query = filtered(q, range).selectAll().where('seq', '>', after);
    if (range.toSeq !== undefined) query = query.where('seq', '<=', range.toSeq);
    const page = await query.orderBy('seq', 'asc').limit(pageSize).execute();
    for (const row of page) yield rowToRecord({ ...row, seq: Number(row.seq) });
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = Number(last.seq);
  }
}
