/**
 * The database's tables as TypeScript types: the one description both dialects are queried
 * through. Conventions that keep SQLite and PostgreSQL alike: ids are text (UUIDs) except the
 * template key (an integer, because the vector index keys by it); times are ISO-8601 UTC text;
 * JSON is text; booleans are integers; biometric payloads are sealed bytes (see storage/cipher.ts).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AuditTables } from './tables/audit.ts';
import type { IdentityTables } from './tables/identity.ts';
import type { LiveTables } from './tables/live.ts';
import type { RetentionTables } from './tables/retention.ts';
import type { AssessmentTables } from './tables/assessments.ts';
import type { ArchiveTables } from './tables/archive.ts';
import type { ReviewTables } from './tables/review.ts';
import type { OutboxTables } from './tables/outbox.ts';

export interface SubjectsTable {
  id: string;
  /** The force's own reference (custody number or similar); unique. */
  reference: string;
  display_name: string;
  /** Watchlist category (a configured closed list, R7); null until categorised. */
  category: string | null;
  /** ISO date; used to block under-18 watchlist entries (R13). */
  date_of_birth: string | null;
  created_at: string;
  created_by: string;
}

export interface ReferenceImagesTable {
  id: string;
  subject_id: string;
  /** Sealed image bytes in the media store. */
  media_id: string;
  sha256: string;
  width: number;
  height: number;
  format: string;
  source: string;
  legal_basis: string;
  capture_date: string | null;
  added_by: string;
  reason: string;
  /** The quality result of the enrolled face, JSON. */
  quality_json: string;
  /** Bulk import's idempotency key (manifest row); null for single enrolments. */
  import_key: string | null;
  created_at: string;
}

export interface TemplatesTable {
  key: Generated<number>;
  image_id: string;
  subject_id: string;
  model_id: string;
  /** Sealed little-endian float32 vector. */
  vector_sealed: Uint8Array;
  created_at: string;
}

export interface CasesTable {
  id: string;
  reference: string;
  offence_type: string;
  title: string;
  /** External authorisation reference (R32 [EU]); may follow within 48 hours. */
  authorisation_ref: string | null;
  status: 'open' | 'closed';
  created_by: string;
  created_at: string;
}

export interface CaseMembersTable {
  case_id: string;
  username: string;
  added_by: string;
  added_at: string;
}

export interface ProbesTable {
  id: string;
  case_id: string;
  kind: 'image' | 'video';
  media_id: string;
  sha256: string;
  filename: string | null;
  provenance: string;
  description: string | null;
  width: number;
  height: number;
  duration_ms: number | null;
  uploaded_by: string;
  created_at: string;
}

/** A face track found in a video probe (R37): the best frame is kept sealed in the case workspace. */
export interface ProbeTracksTable {
  id: string;
  probe_id: string;
  track_no: number;
  first_ms: number;
  last_ms: number;
  frame_count: number;
  best_frame_ms: number;
  best_box_json: string;
  quality_json: string;
  frame_media_id: string;
  crop_media_id: string;
}

export interface SearchesTable {
  id: string;
  case_id: string;
  probe_id: string;
  track_id: string | null;
  face_index: number;
  /** The enhancement chain applied to the probe before searching (R36), JSON. */
  enhancements_json: string;
  offence_type: string;
  justification: string;
  provenance: string;
  legal_basis: string;
  model_id: string;
  max_candidates: number;
  policy_min_score: number | null;
  /** The calibrated threshold in force at the time of the search (R14), for reference. */
  threshold_in_force: number;
  candidate_count: number;
  requested_by: string;
  created_at: string;
  supervisor_review_by: string | null;
  supervisor_review_at: string | null;
  supervisor_review_note: string | null;
  /** The searched face (issue 13): `{ x, y, width, height, imageWidth, imageHeight }` in the enhanced image, JSON. */
  face_box_json: string | null;
}

export interface SearchCandidatesTable {
  search_id: string;
  rank: number;
  subject_id: string;
  subject_reference: string;
  image_id: string;
  score: number;
  examiner_decision: string | null;
  examiner_by: string | null;
  examiner_at: string | null;
  examiner_note: string | null;
  officer_decision: string | null;
  officer_by: string | null;
  officer_at: string | null;
  officer_note: string | null;
}

export interface VigilSchema
  extends
    IdentityTables,
    AuditTables,
    LiveTables,
    RetentionTables,
    AssessmentTables,
    ArchiveTables,
    ReviewTables,
    OutboxTables {
  subjects: SubjectsTable;
  reference_images: ReferenceImagesTable;
  templates: TemplatesTable;
  cases: CasesTable;
  case_members: CaseMembersTable;
  probes: ProbesTable;
  probe_tracks: ProbeTracksTable;
  searches: SearchesTable;
  search_candidates: SearchCandidatesTable;
}

export type SubjectRow = Selectable<SubjectsTable>;
export type ReferenceImageRow = Selectable<ReferenceImagesTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type NewTemplate = Insertable<TemplatesTable>;
export type CaseRow = Selectable<CasesTable>;
export type ProbeRow = Selectable<ProbesTable>;
export type ProbeTrackRow = Selectable<ProbeTracksTable>;
export type SearchRow = Selectable<SearchesTable>;
export type SearchCandidateRow = Selectable<SearchCandidatesTable>;
export type SearchCandidateUpdate = Updateable<SearchCandidatesTable>;
