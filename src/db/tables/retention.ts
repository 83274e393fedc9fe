/**
 * Tables of the retention module (R19): legal holds, the record of purge runs, and the media a
 * committed purge still has to delete from disk. Merged into VigilSchema. Same conventions as the
 * rest (ISO text times, JSON text, text ids).
 */
import type { Selectable } from 'kysely';

export const holdTargetTypes = ['case', 'deployment', 'alert', 'subject'] as const;
export type HoldTargetType = (typeof holdTargetTypes)[number];

/**
 * A legal hold: while it is not released, nothing linked to its target is purged (a deployment's
 * alerts, a case's probes and case file, a subject's alerts and the cases that list them).
 */
export interface LegalHoldsTable {
  id: string;
  target_type: HoldTargetType;
  target_id: string;
  /** 'investigation', 'complaint', 'litigation' or other text. */
  reason: string;
  /** The investigation, complaint or claim number the hold is for. */
  reference: string;
  placed_by: string;
  placed_at: string;
  released_by: string | null;
  released_at: string | null;
  /** Why it was released (e.g. "complaint closed"); null while active. */
  release_note: string | null;
}

export type PurgeRunStatus = 'applied' | 'completed' | 'completed-with-errors' | 'failed';

/**
 * One purge run. 'applied': the database changes committed but the run never confirmed that the
 * media files were deleted (it was interrupted; a later run deletes them, see purge_pending_media).
 */
export interface PurgeRunsTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  /** Username of who ran it; null for the scheduler. */
  actor: string | null;
  trigger: 'schedule' | 'manual';
  status: PurgeRunStatus;
  /** Per data class `{ records, media }`, JSON. */
  counts_json: string;
  /** Per data class, how many items were due but kept by a hold, JSON. */
  held_json: string;
  /** The windows in force for this run, JSON. */
  windows_json: string;
  /** Media files queued for deletion by this run. */
  media_queued: number;
  /** Media files deleted by this run (its own and any left by interrupted runs). */
  media_deleted: number;
  /** What went wrong, as messages (never biometric data), JSON array. */
  errors_json: string;
  /** The `retention.purge` audit entry of the run; null for a failed run whose entry could not be written. */
  audit_seq: number | null;
}

/**
 * Media files that a committed purge no longer references and that are still to be deleted from
 * disk. Written in the purge's transaction, removed once the file is gone: a run interrupted
 * between the commit and the deletion leaves them here, and the next run deletes them.
 */
export interface PurgePendingMediaTable {
  media_id: string;
  run_id: string;
  data_class: string;
  queued_at: string;
}

export interface RetentionTables {
  legal_holds: LegalHoldsTable;
  purge_runs: PurgeRunsTable;
  purge_pending_media: PurgePendingMediaTable;
}

export type LegalHoldRow = Selectable<LegalHoldsTable>;
export type PurgeRunRow = Selectable<PurgeRunsTable>;
