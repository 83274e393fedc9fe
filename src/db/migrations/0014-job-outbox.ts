/**
 * The job outbox (issue 14): jobs are recorded in the same transaction as the change that calls
 * for them and relayed to the queue afterwards, so a crash or a failed enqueue after the commit
 * never leaves work unqueued (src/jobs/outbox.ts). Rows waiting to be relayed are found by
 * `relayed_at` (null), oldest first.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('relayed_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('job_outbox_pending').on('job_outbox').columns(['relayed_at', 'created_at']).execute();
}
