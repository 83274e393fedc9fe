/** Legal holds and purge runs (governance: retention, R19). */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const seq = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('released_by', 'text')
    .addColumn('released_at', 'text')
    .addColumn('release_note', 'text')
    .execute();
  await db.schema.createIndex('legal_holds_target').on('legal_holds').columns(['target_type', 'target_id']).execute();
  await db.schema.createIndex('legal_holds_released').on('legal_holds').column('released_at').execute();

  await db.schema
    .createTable('purge_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('actor', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('held_json', 'text', (c) => c.notNull())
    .addColumn('windows_json', 'text', (c) => c.notNull())
    .addColumn('media_queued', 'integer', (c) => c.notNull())
    .addColumn('media_deleted', 'integer', (c) => c.notNull())
    .addColumn('errors_json', 'text', (c) => c.notNull())
    .addColumn('audit_seq', seq)
    .execute();
  await db.schema.createIndex('purge_runs_started').on('purge_runs').column('started_at').execute();

  await db.schema
    .createTable('purge_pending_media')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('data_class', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute();
}
