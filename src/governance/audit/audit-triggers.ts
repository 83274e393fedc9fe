/**
 * The append-only triggers on audit_log and audit_anchors (migration 0003), checked by the server
 * at start-up and with each chain check (R29). Someone with rights to drop them can then edit the
 * log; the chain, the anchors and the witness catch the edit, and this puts the triggers back and
 * raises the alarm: an `audit.triggers-restored` entry and an error in the server's log.
 */
import { sql } from 'kysely';
import { isPostgres, type Queryable } from '../../db/database.ts';
import { appendAudit, inTransaction } from './audit-log.ts';

const TABLES = ['audit_log', 'audit_anchors'] as const;

/** The trigger names each dialect must have. */
export function expectedAuditTriggers(postgres: boolean): string[] {
  const ops = postgres ? ['update', 'delete', 'truncate'] : ['update', 'delete'];
  return TABLES.flatMap((t) => ops.map((op) => `${t}_no_${op}`));
}

async function presentTriggers(q: Queryable): Promise<Set<string>> {
  if (isPostgres(q)) {
    const r = await sql<{ name: string }>`
      SELECT t.tgname AS name FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgenabled <> 'D'
        AND p.proname = 'audit_append_only'`.execute(q);
    return new Set(r.rows.map((x) => x.name));
  }
  const r = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger'`.execute(q);
  return new Set(r.rows.map((x) => x.name));
}

/** Triggers that are missing (dropped, or disabled in PostgreSQL). */
export async function missingAuditTriggers(q: Queryable): Promise<string[]> {
  const present = await presentTriggers(q);
  return expectedAuditTriggers(isPostgres(q)).filter((name) => !present.has(name));
}

async function recreate(q: Queryable, name: string): Promise<void> {
  const [, table, op] = /^(audit_log|audit_anchors)_no_(update|delete|truncate)$/.exec(name) ?? [];
  if (!table || !op) return;
  const t = sql.table(table);
  const OP = sql.raw(op.toUpperCase());
  if (isPostgres(q)) {
    await sql`
      CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`.execute(q);
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)} ON ${t}`.execute(q);
    const each = sql.raw(op === 'truncate' ? 'FOR EACH STATEMENT' : 'FOR EACH ROW');
    await sql`CREATE TRIGGER ${sql.raw(name)} BEFORE ${OP} ON ${t} ${each} EXECUTE FUNCTION audit_append_only()`.execute(
      q,
    );
    return;
  }
  await sql`CREATE TRIGGER IF NOT EXISTS ${sql.raw(name)} BEFORE ${OP} ON ${t}
    BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only: ${op.toUpperCase()} refused`)}); END`.execute(q);
}

/**
 * Puts back any missing trigger and records it (`audit.triggers-restored`, outcome failed: the
 * log was open to edits). Returns the names restored; [] when all were there.
 */
export async function ensureAuditTriggers(q: Queryable): Promise<string[]> {
  const missing = await missingAuditTriggers(q);
  if (missing.length === 0) return [];
  await inTransaction(q, async (tx) => {
    for (const name of missing) await recreate(tx, name);
    await appendAudit(tx, {
      actor: null,
      action: 'audit.triggers-restored',
      outcome: 'failed',
      details: {
        restored: missing,
        note: 'the append-only triggers were missing: the audit log could be edited until now',
      },
    });
  });
  return missing;
}
