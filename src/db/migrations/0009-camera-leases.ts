/**
 * Camera leases (issue 7): which pipeline process runs a live camera, until when. A pipeline
 * process claims a camera of a live deployment, renews the lease with every heartbeat, and loses
 * it when the heartbeat stops; another then claims it and records the gap it left. `status_json`
 * is the camera's last reported status, so an API process that runs no cameras can show it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('camera_leases')
    .addColumn('camera_id', 'text', (c) => c.primaryKey().references('cameras.id').onDelete('cascade'))
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('acquired_ms', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_ms', 'bigint', (c) => c.notNull())
    .addColumn('expires_ms', 'bigint', (c) => c.notNull())
    .addColumn('status_json', 'text')
    .execute();
  await db.schema.createIndex('camera_leases_holder').on('camera_leases').column('holder').execute();
}
