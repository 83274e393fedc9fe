/**
 * The case-scoped archive index for retrospective search over seized footage (issue 7): batches
 * of ingested folders, one row per file (by content hash) and one per face found. Everything
 * cascades from the case, so the archive follows the case's retention.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { blobType } from './column-types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('archive_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('files_total', 'integer')
    .addColumn('scanned_at', 'text')
    .execute();

  await db.schema
    .createTable('archive_files')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('archive_batches.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('faces', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duration_ms', 'integer')
    .addColumn('model_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addPrimaryKeyConstraint('archive_files_pk', ['case_id', 'file_sha256'])
    .execute();
  await db.schema.createIndex('archive_files_batch').on('archive_files').columns(['batch_id', 'status']).execute();

  await db.schema
    .createTable('archive_faces')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('face_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('timestamp_ms', 'integer')
    .addColumn('frame_index', 'integer')
    .addColumn('track_no', 'integer')
    .addColumn('first_ms', 'integer')
    .addColumn('last_ms', 'integer')
    .addColumn('box_json', 'text', (c) => c.notNull())
    .addColumn('quality_json', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('template_sealed', blobType(dialect), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('archive_faces_pk', ['case_id', 'file_sha256', 'face_key'])
    .addForeignKeyConstraint(
      'archive_faces_file',
      ['case_id', 'file_sha256'],
      'archive_files',
      ['case_id', 'file_sha256'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('archive_faces_model').on('archive_faces').columns(['case_id', 'model_id']).execute();
}
