/**
 * Alert grouping (R16, issue 13): one alert per person per camera per window. A new sighting of the
 * same watchlist entry on the same camera within `live.alertGroupSeconds` of the alert's last
 * sighting updates that alert instead of raising another: `seen_count` and `last_seen_at` grow, the
 * best-scoring crop is kept with its capture time (`best_captured_at`), and `last_sighting_id`
 * makes a retried sighting count once (the pipeline's idempotency key). The camera's and the
 * subject's names are copied at raising, so every reader (the engagement officer included, who
 * may not read cameras) sees names, not ids. Existing alerts: seen once.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('alerts')
    .addColumn('seen_count', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  for (const column of ['last_seen_at', 'best_captured_at', 'last_sighting_id', 'subject_name', 'camera_name']) {
    await db.schema.alterTable('alerts').addColumn(column, 'text').execute();
  }
  await db.schema
    .createIndex('alerts_grouping')
    .on('alerts')
    .columns(['deployment_id', 'camera_id', 'entry_id', 'last_seen_at'])
    .execute();
}
