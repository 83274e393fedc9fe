/**
 * Tables of live facial recognition (R1-R24): deployments with their authorisation, the bespoke
 * watchlist of each, cameras, alerts with their adjudication, and per-deployment counts. Merged
 * into VigilSchema. Same conventions as the rest (ISO text times, JSON text, sealed bytes).
 */
import type { Generated } from 'kysely';

export type DeploymentStatus = 'draft' | 'authorised' | 'live' | 'closed' | 'reviewed';

export interface DeploymentsTable {
  id: string;
  name: string;
  status: DeploymentStatus;
  /** Published "type" column of the deployment record, e.g. "overt LFR, van-mounted". */
  deployment_type: string;
  policing_objective: string;
  intelligence_case: string;
  location_name: string;
  location_boundary: string;
  /** Why people on the watchlist may be expected there (R1). */
  location_reason: string;
  planned_start: string;
  planned_end: string;
  /** JSON array of the authorised watchlist categories (R7). */
  categories_json: string;
  camera_count: number;
  planned_footfall: number;
  threshold: number;
  model_id: string;
  dpia_version: string;
  eia_version: string;
  policy_version: string;
  /** JSON: { publishedAt, signage } or { exception } (R4). */
  notice_json: string;
  created_by: string;
  created_at: string;
  authorised_by: string | null;
  authorised_at: string | null;
  authorisation_note: string | null;
  /** What was authorised, frozen (location, window, watchlist hash and size, expected false alerts), JSON. */
  authorised_json: string | null;
  started_at: string | null;
  stopped_at: string | null;
  closed_at: string | null;
  /** Why it closed: 'stopped', 'end-time'. */
  close_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_json: string | null;
  /** After close: the membership manifest, subject ids and categories only (R11), JSON. */
  manifest_json: string | null;
}

/**
 * The counts that survive (R18), one row per deployment and counter (migration 0017): `facesSeen`,
 * `facesCompared`, `tracks`, `alerts`, and `dropped:<reason>`. Added to with one atomic upsert
 * (`n = n + excluded.n`), so several pipeline processes lose none.
 */
export interface DeploymentCountersTable {
  deployment_id: string;
  name: string;
  /** bigint on PostgreSQL (read back as a string there); always read through `Number`. */
  n: number | string;
}

export interface WatchlistEntriesTable {
  id: string;
  deployment_id: string;
  subject_id: string;
  subject_reference: string;
  category: string;
  reason: string;
  added_by: string;
  added_at: string;
  /** Copied from the gallery at build time: the bespoke list's own data, destroyed at close (R10). */
  image_media_id: string | null;
  template_sealed: Uint8Array | null;
  model_id: string;
  source: string;
  legal_basis: string;
  image_date: string | null;
  quality_json: string;
  /** Recorded reason that lets an under-18 entry on (R13). */
  under18_override: string | null;
}

export interface CamerasTable {
  id: string;
  deployment_id: string;
  name: string;
  /** JSON of the camera source (kind, url or path). */
  source_json: string;
  created_at: string;
  /** JSON list of recorded gaps { from, to, reason }. */
  gaps_json: string;
}

/** Which pipeline process runs a camera, until when (wall-clock ms). See migration 0009. */
export interface CameraLeasesTable {
  camera_id: string;
  deployment_id: string;
  /** The pipeline process: host, pid and a random part. */
  holder: string;
  acquired_ms: number;
  heartbeat_ms: number;
  /** 0 once released: the next claimer takes it at once and records the gap. */
  expires_ms: number;
  /** The camera's last reported status, JSON (no images, no biometric data). */
  status_json: string | null;
}

export interface AlertsTable {
  id: string;
  deployment_id: string;
  camera_id: string;
  captured_at: string;
  created_at: string;
  score: number;
  threshold: number;
  /** Frames of the track that were compared (R16). */
  track_frames: number;
  entry_id: string;
  subject_id: string;
  subject_reference: string;
  category: string;
  probe_media_id: string | null;
  reference_media_id: string | null;
  operator_decision: string | null;
  operator_by: string | null;
  operator_at: string | null;
  decision_ms: number | null;
  engagement: string | null;
  outcome: string | null;
  engagement_by: string | null;
  engagement_at: string | null;
  engagement_note: string | null;
  /** A case this alert is linked to: its images are then kept beyond the alert window (R19). */
  investigation_ref: string | null;
  /** The deployment's sequence number of this alert's latest change: its stream event id (0013). */
  event_seq: Generated<number>;
  /** The deployment's sequence number of the alert's raising. */
  raised_seq: Generated<number>;
  /** Sightings grouped into this alert (R16, migration 0015): 1 when raised. */
  seen_count: Generated<number>;
  /** The latest sighting grouped into it; null: only the first (`captured_at`). */
  last_seen_at: string | null;
  /** When the kept (best-scoring) crop was captured; null: the first sighting's. */
  best_captured_at: string | null;
  /** The pipeline's id of the latest sighting grouped into it: a retry of it counts once. */
  last_sighting_id: string | null;
  /** The subject's and the camera's names when raised (null: not known then). */
  subject_name: string | null;
  camera_name: string | null;
}

/** Per deployment, the last number given to a change of its alerts (migration 0013). */
export interface AlertSequencesTable {
  deployment_id: string;
  last_seq: number;
}

/**
 * Every operator decision and engagement record of an alert, as its own row (R21-R23; issue 12):
 * never updated, never deleted. The decision columns of `alerts` are a cache of the latest row,
 * written in the same transaction. Added by migration 0012.
 */
export interface AlertDecisionsTable {
  id: string;
  alert_id: string;
  stage: 'operator' | 'engagement';
  /** 1 for the first record of the stage, then 2, 3...; unique per alert and stage. */
  revision: number;
  /** operator: confirm, reject, unable-to-determine; engagement: engaged, not-engaged. */
  decision: string;
  /** engagement: the outcome when engaged. */
  outcome: string | null;
  note: string | null;
  /** Why a revision was made; null for the first. */
  reason: string | null;
  /** operator: milliseconds from the alert to this decision. */
  decision_ms: number | null;
  decided_by: string;
  decided_at: string;
  /** The revision this one supersedes (same alert and stage); null for the first. */
  supersedes: string | null;
}

export interface LiveTables {
  deployments: DeploymentsTable;
  watchlist_entries: WatchlistEntriesTable;
  cameras: CamerasTable;
  camera_leases: CameraLeasesTable;
  alerts: AlertsTable;
  alert_decisions: AlertDecisionsTable;
  alert_sequences: AlertSequencesTable;
  deployment_counters: DeploymentCountersTable;
}
