/** Reference gallery (subjects, images, templates) and the RFR case workspace (R31-R38). */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { blobType, serialKey } from './column-types.ts';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('date_of_birth', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reference_images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('capture_date', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('quality_json', 'text', (c) => c.notNull())
    .addColumn('import_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reference_images_subject').on('reference_images').column('subject_id').execute();

  await serialKey(db.schema.createTable('templates'), 'key', dialect)
    .addColumn('image_id', 'text', (c) => c.notNull().references('reference_images.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('vector_sealed', blobType(dialect), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('templates_model').on('templates').columns(['model_id', 'key']).execute();
  await db.schema.createIndex('templates_subject').on('templates').column('subject_id').execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('offence_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('authorisation_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('probes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('filename', 'text')
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer')
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('probes_case').on('probes').column('case_id').execute();

  await db.schema
    .createTable('probe_tracks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('probe_id', 'text', (c) => c.notNull().references('probes.id').onDelete('cascade'))
    .addColumn('track_no', 'integer', (c) => c.notNull())
    .addColumn('first_ms', 'integer', (c) => c.notNull())
    .addColumn('last_ms', 'integer', (c) => c.notNull())
    .addColumn('frame_count', 'integer', (c) => c.notNull())
    .addColumn('best_frame_ms', 'integer', (c) => c.notNull())
    .addColumn('best_box_json', 'text', (c) => c.notNull())
    .addColumn('quality_json', 'text', (c) => c.notNull())
    .addColumn('frame_media_id', 'text', (c) => c.notNull())
    .addColumn('crop_media_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('probe_tracks_probe').on('probe_tracks').column('probe_id').execute();

  await db.schema
    .createTable('searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('probe_id', 'text', (c) => c.notNull().references('probes.id').onDelete('cascade'))
    .addColumn('track_id', 'text')
    .addColumn('face_index', 'integer', (c) => c.notNull())
    .addColumn('enhancements_json', 'text', (c) => c.notNull())
    .addColumn('offence_type', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('max_candidates', 'integer', (c) => c.notNull())
    .addColumn('policy_min_score', 'double precision')
    .addColumn('threshold_in_force', 'double precision', (c) => c.notNull())
    .addColumn('candidate_count', 'integer', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('supervisor_review_by', 'text')
    .addColumn('supervisor_review_at', 'text')
    .addColumn('supervisor_review_note', 'text')
    .execute();
  await db.schema.createIndex('searches_case').on('searches').column('case_id').execute();
  await db.schema.createIndex('searches_user').on('searches').column('requested_by').execute();

  await db.schema
    .createTable('search_candidates')
    .addColumn('search_id', 'text', (c) => c.notNull().references('searches.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('subject_reference', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('examiner_decision', 'text')
    .addColumn('examiner_by', 'text')
    .addColumn('examiner_at', 'text')
    .addColumn('examiner_note', 'text')
    .addColumn('officer_decision', 'text')
    .addColumn('officer_by', 'text')
    .addColumn('officer_at', 'text')
    .addColumn('officer_note', 'text')
    .addPrimaryKeyConstraint('search_candidates_pk', ['search_id', 'rank'])
    .execute();
}
