/**
 * The face a search searched (issue 13): its box in the searched (enhanced) image and that image's
 * size, recorded with the search, so every reviewer is shown the face that was compared, drawn on
 * the probe, and not a face re-detected later. Null for searches made before this migration.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('searches').addColumn('face_box_json', 'text').execute();
}
