/**
 * Tables of the case-scoped archive index (issue 7): ingestion batches, one row per file (keyed
 * by content hash within the case) and one per face. Merged into VigilSchema; same conventions
 * as the rest (ISO text times, JSON text, sealed template bytes).
 */
import type { Selectable } from 'kysely';

export type ArchiveFileKind = 'image' | 'video';
export type ArchiveFileStatus = 'queued' | 'done' | 'failed';

export interface ArchiveBatchesTable {
  id: string;
  case_id: string;
  folder: string;
  provenance: string;
  requested_by: string;
  created_at: string;
  /** Files the scan found; null until it has run. */
  files_total: number | null;
  scanned_at: string | null;
}

export interface ArchiveFilesTable {
  case_id: string;
  file_sha256: string;
  /** The batch that first queued the file. */
  batch_id: string;
  path: string;
  kind: ArchiveFileKind;
  size_bytes: number;
  provenance: string;
  status: ArchiveFileStatus;
  /** Why it failed (corrupt, unreadable...); null otherwise. */
  reason: string | null;
  faces: number;
  duration_ms: number | null;
  model_id: string | null;
  /** Times work started on the file (more than 1: retried, or redone after a worker died). */
  attempts: number;
  queued_at: string;
  finished_at: string | null;
}

export interface ArchiveFacesTable {
  case_id: string;
  file_sha256: string;
  /** `i<n>` for the n-th face of an image, `t<n>` for track n of a video: unique within the file. */
  face_key: string;
  kind: ArchiveFileKind;
  /** Video: the best frame's time from the start; null for images. */
  timestamp_ms: number | null;
  frame_index: number | null;
  track_no: number | null;
  first_ms: number | null;
  last_ms: number | null;
  box_json: string;
  quality_json: string;
  model_id: string;
  template_sealed: Uint8Array;
  created_at: string;
}

export interface ArchiveTables {
  archive_batches: ArchiveBatchesTable;
  archive_files: ArchiveFilesTable;
  archive_faces: ArchiveFacesTable;
}

export type ArchiveBatchRow = Selectable<ArchiveBatchesTable>;
export type ArchiveFileRow = Selectable<ArchiveFilesTable>;
export type ArchiveFaceRow = Selectable<ArchiveFacesTable>;
