/**
 * The hash-chained audit log and its signed anchors (governance: audit, R29).
 *
 * `seq` is an explicit integer key, not a serial one: a PostgreSQL sequence loses values when a
 * transaction rolls back, and a gap in the chain must only ever mean a deleted entry. appendAudit
 * assigns last seq + 1 under the chain lock. Triggers make both tables append-only in the database
 * itself; someone with rights to drop them is what the hash chain and the anchors are for.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

const TABLES = ['audit_log', 'audit_anchors'] as const;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', key, (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details_json', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'seq']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id']).execute();

  await db.schema
    .createTable('audit_anchors')
    .addColumn('seq', key, (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();

  if (dialect === 'postgres') {
    await sql`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`.execute(db);
    for (const table of TABLES) {
      const t = sql.table(table);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_update`)} BEFORE UPDATE ON ${t}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_delete`)} BEFORE DELETE ON ${t}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`.execute(db);
    }
  } else {
    for (const table of TABLES) {
      for (const op of ['update', 'delete'] as const) {
        await sql`CREATE TRIGGER ${sql.raw(`${table}_no_${op}`)} BEFORE ${sql.raw(op.toUpperCase())} ON ${sql.table(table)}
          BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only: ${op.toUpperCase()} refused`)}); END`.execute(
          db,
        );
      }
    }
  }
}
