/**
 * The append-only, hash-chained audit log (R29). Every entry carries the hash of the one before
 * it (see audit-hash.ts for the exact serialisation), and is written inside the transaction that
 * makes the change it records, so the two commit or roll back together.
 *
 * Appends are serialised so the chain never forks: PostgreSQL takes a transaction-scoped advisory
 * lock before reading the head (held until the caller commits, so append last in a transaction
 * and keep what follows short); SQLite has one writer and Kysely one connection. The primary key
 * on seq refuses a fork either way.
 */
import { sql } from 'kysely';
import { isPostgres, type Queryable } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/tables/audit.ts';
import { noteAuditAppended } from './audit-witness.ts';
import {
  AuditError,
  canonicalJson,
  computeAuditHash,
  GENESIS_HASH,
  sanitizeDetails,
  validateAction,
  validateActor,
  validateOutcome,
  validateTarget,
  type AuditOutcome,
  type JsonObject,
} from './audit-hash.ts';

export { AuditError, GENESIS_HASH, type AuditOutcome } from './audit-hash.ts';

export interface AuditEntryInput {
  /** Username of who acted; null for the system itself (scheduled jobs, start-up). */
  readonly actor: string | null;
  /** Dotted lower-case name, e.g. `auth.login`, `search.run`, `deployment.authorised`. */
  readonly action: string;
  readonly outcome?: AuditOutcome;
  /** What was acted on. */
  readonly target?: { readonly type: string; readonly id: string };
  /**
   * Anything else worth recording (period, watchlist id and hash, who verified...). Never
   * biometric data: Buffers and typed arrays are refused, and the whole is capped at 16 KB.
   */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditRecord extends AuditEntryInput {
  readonly seq: number;
  readonly at: string;
  readonly outcome: AuditOutcome;
  readonly details: JsonObject;
  readonly prevHash: string;
  readonly hash: string;
}

/** Key of the PostgreSQL advisory lock that serialises appends (second key: the schema). */
export const AUDIT_LOCK_KEY = 0x56_49_47_4c; // 'VIGL'

export { isPostgres };

/**
 * Takes the chain lock for the rest of the transaction (PostgreSQL; a no-op in SQLite, whose
 * single writer already serialises). `q` must be a transaction.
 */
export async function lockAuditChain(q: Queryable): Promise<void> {
  if (!isPostgres(q)) return;
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK_KEY)}, hashtext(current_schema()))`.execute(q);
}

/** Runs `fn` in `q` if it is a transaction, otherwise in a new one. */
export async function inTransaction<T>(q: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  if (q.isTransaction) return fn(q);
  return q.transaction().execute((tx) => fn(tx));
}

export async function auditHead(q: Queryable): Promise<{ seq: number; hash: string } | null> {
  const row = await q
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/** Appends one entry. Call it inside the transaction that makes the change it records. */
export async function appendAudit(q: Queryable, entry: AuditEntryInput): Promise<AuditRecord> {
  const outcome = entry.outcome ?? 'ok';
  validateActor(entry.actor);
  validateAction(entry.action);
  validateOutcome(outcome);
  validateTarget(entry.target);
  const details = sanitizeDetails(entry.details);
  const target = entry.target ? { type: entry.target.type, id: entry.target.id } : null;
  return inTransaction(q, async (tx) => {
    await lockAuditChain(tx);
    const head = await auditHead(tx);
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const at = new Date().toISOString();
    const hash = computeAuditHash({
      seq,
      at,
      actor: entry.actor,
      action: entry.action,
      outcome,
      target,
      details,
      prevHash,
    });
    await tx
      .insertInto('audit_log')
      .values({
        seq,
        at,
        actor: entry.actor,
        action: entry.action,
        outcome,
        target_type: target?.type ?? null,
        target_id: target?.id ?? null,
        details_json: canonicalJson(details),
        prev_hash: prevHash,
        hash,
      })
      .execute();
    // The witness writes its line once this transaction has committed (audit-witness.ts).
    noteAuditAppended({ seq, hash });
    return {
      seq,
      at,
      actor: entry.actor,
      action: entry.action,
      outcome,
      ...(target ? { target } : {}),
      details,
      prevHash,
      hash,
    };
  });
}

/** A stored row as a record; throws if the row does not parse (verification reports it instead). */
export function rowToRecord(row: AuditLogTable): AuditRecord {
  validateOutcome(row.outcome);
  const details: unknown = JSON.parse(row.details_json);
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new AuditError(`audit entry ${row.seq}: details are not an object`, 'corrupt');
  }
  const hasTarget = row.target_type !== null || row.target_id !== null;
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    outcome: row.outcome,
    ...(hasTarget ? { target: { type: row.target_type ?? '', id: row.target_id ?? '' } } : {}),
    details: details as JsonObject,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Rows with seq > afterSeq (and <= toSeq), in seq order: the pager verification and export use. */
export async function readAuditPage(
  q: Queryable,
  afterSeq: number,
  limit: number,
  toSeq?: number,
): Promise<AuditLogTable[]> {
  let query = q.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq);
  if (toSeq !== undefined) query = query.where('seq', '<=', toSeq);
  const rows = await query.orderBy('seq', 'asc').limit(limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** Every row from afterSeq on, a page at a time (never the whole log in memory). */
export async function* iterateAudit(
  q: Queryable,
  o: { afterSeq?: number; toSeq?: number; pageSize?: number } = {},
): AsyncGenerator<AuditLogTable> {
  const pageSize = o.pageSize ?? 500;
  let after = o.afterSeq ?? 0;
  for (;;) {
    const page = await readAuditPage(q, after, pageSize, o.toSeq);
    for (const row of page) yield row;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.seq;
  }
}
