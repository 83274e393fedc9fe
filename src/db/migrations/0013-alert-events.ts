/**
 * Alert stream replay (issue 14). Each change to a deployment's alerts (raised, decided, engaged,
 * linked) takes the next number of that deployment's sequence (`alert_sequences`), in the same
 * transaction, under the lock on its sequence row: per deployment, the numbers are in commit
 * order, on SQLite and PostgreSQL and across processes. An alert keeps the number of its latest
 * change (`event_seq`) and of its raising (`raised_seq`); the stream's event id is that number,
 * and a client reconnecting with `Last-Event-ID: n` is sent every alert with `event_seq > n`.
 * The alerts already recorded are numbered in the order they were raised.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

interface Tables {
  alerts: { id: string; deployment_id: string; created_at: string; event_seq: number; raised_seq: number };
  alert_sequences: { deployment_id: string; last_seq: number };
}

export async function up(raw: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const db = raw as unknown as Kysely<Tables>;
  await db.schema
    .createTable('alert_sequences')
    .addColumn('deployment_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('alerts')
    .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('alerts')
    .addColumn('raised_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Existing alerts: 1, 2, 3... per deployment, in the order they were raised.
  await sql`
    update alerts set event_seq = (
      select count(*) from alerts b
      where b.deployment_id = alerts.deployment_id
        and (b.created_at < alerts.created_at or (b.created_at = alerts.created_at and b.id <= alerts.id))
    )`.execute(db);
  await db
    .updateTable('alerts')
    .set((eb) => ({ raised_seq: eb.ref('event_seq') }))
    .execute();
  await db
    .insertInto('alert_sequences')
    .columns(['deployment_id', 'last_seq'])
    .expression((eb) =>
      eb
        .selectFrom('alerts')
        .select((s) => ['deployment_id', s.fn.max<number>('event_seq').as('last_seq')])
        .groupBy('deployment_id'),
    )
    .execute();
  await db.schema.createIndex('alerts_event_seq').on('alerts').columns(['deployment_id', 'event_seq']).execute();
}
