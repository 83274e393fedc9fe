/**
 * PostgreSQL column types (issue 16): the times the code writes become `timestamptz` and the JSON
 * documents it writes become `jsonb`, so PostgreSQL checks them and can index and compare them as
 * what they are. SQLite keeps text (nothing to do). The pool's type parsers (database.ts) give the
 * code back what it wrote: a `timestamptz` as the ISO string `Clock.nowIso()` makes, a `jsonb` as
 * compact JSON text, so nothing above the database layer sees a difference.
 *
 * Left as text on purpose:
 * - the audit log and its anchors (`audit_log.at`, `audit_log.details_json`, `audit_anchors.at`):
 *   the hash chain and the anchor signatures are over the stored values, which must come back
 *   byte for byte; the triggers keep these tables append-only as well.
 * - `bias_reports.report_json` and `bias_reports.measured_at`: the attested report as signed, and
 *   its measurement time as the signed report states it.
 * - `users.roles_json`: the administrator count matches it with LIKE, which jsonb has not.
 * - times given by a person and shown back as typed: `deployments.planned_start/planned_end`,
 *   `assessments.approved_at`, dates (`subjects.date_of_birth`, `reference_images.capture_date`,
 *   `watchlist_entries.image_date`); and `vigil_migrations.applied_at` (the migrator's own table).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Columns holding a time the code writes (Clock.nowIso() or Date#toISOString()). */
export const timestampColumns: Readonly<Record<string, readonly string[]>> = {
  subjects: ['created_at'],
  reference_images: ['created_at'],
  templates: ['created_at'],
  cases: ['created_at'],
  probes: ['created_at'],
  searches: ['created_at', 'supervisor_review_at'],
  search_candidates: ['examiner_at', 'officer_at'],
  users: ['locked_until', 'created_at'],
  sessions: ['created_at', 'last_seen_at', 'absolute_expires_at'],
  api_tokens: ['created_at', 'expires_at', 'last_used_at', 'revoked_at'],
  setup_tokens: ['created_at', 'expires_at', 'used_at'],
  oidc_logins: ['created_at', 'expires_at'],
  deployments: ['created_at', 'authorised_at', 'started_at', 'stopped_at', 'closed_at', 'reviewed_at'],
  watchlist_entries: ['added_at'],
  cameras: ['created_at'],
  alerts: ['captured_at', 'created_at', 'operator_at', 'engagement_at', 'last_seen_at', 'best_captured_at'],
  legal_holds: ['placed_at', 'released_at'],
  purge_runs: ['started_at', 'finished_at'],
  purge_pending_media: ['queued_at'],
  assessments: ['created_at'],
  bias_reports: ['stored_at'],
  threshold_policies: ['set_at'],
  case_members: ['added_at'],
  archive_batches: ['created_at', 'scanned_at'],
  archive_files: ['queued_at', 'finished_at'],
  archive_faces: ['created_at'],
  role_grants: ['requested_at', 'decided_at'],
  search_candidate_decisions: ['decided_at'],
  search_reviews: ['reviewed_at'],
  alert_decisions: ['decided_at'],
  job_outbox: ['created_at', 'relayed_at'],
};

/** Columns holding a JSON document the code writes with JSON.stringify and parses itself. */
export const jsonColumns: Readonly<Record<string, readonly string[]>> = {
  reference_images: ['quality_json'],
  probe_tracks: ['best_box_json', 'quality_json'],
  searches: ['enhancements_json', 'face_box_json'],
  deployments: ['categories_json', 'notice_json', 'authorised_json', 'review_json', 'manifest_json', 'counts_json'],
  watchlist_entries: ['quality_json'],
  cameras: ['source_json', 'gaps_json'],
  purge_runs: ['counts_json', 'held_json', 'windows_json', 'errors_json'],
  bias_reports: ['thresholds_json'],
  camera_leases: ['status_json'],
  archive_faces: ['box_json', 'quality_json'],
  role_grants: ['roles_json'],
  job_outbox: ['payload_json'],
};

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  // Only the columns still there and still text (a later table change may have dropped one).
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type = 'text'`.execute(db);
  const isText = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  const tables = new Set([...Object.keys(timestampColumns), ...Object.keys(jsonColumns)]);
  for (const table of [...tables].sort()) {
    const present = (columns: readonly string[] | undefined) =>
      (columns ?? []).filter((c) => isText.has(`${table}.${c}`));
    const changes = [
      ...present(timestampColumns[table]).map(
        (c) => sql`ALTER COLUMN ${sql.ref(c)} TYPE timestamptz USING ${sql.ref(c)}::timestamptz`,
      ),
      ...present(jsonColumns[table]).map((c) => sql`ALTER COLUMN ${sql.ref(c)} TYPE jsonb USING ${sql.ref(c)}::jsonb`),
    ];
    // One statement per table: PostgreSQL rewrites the table (and its indexes) once.
    if (changes.length > 0) await sql`ALTER TABLE ${sql.table(table)} ${sql.join(changes, sql`, `)}`.execute(db);
  }
}
