/**
 * Alert grouping (R16, issue 13): one alert per person per camera per window, never a new row per
 * track of the same person (a looped clip, a person who steps out of view and back). A sighting of
 * a watchlist entry on a camera within `live.alertGroupSeconds` of that alert's last sighting
 * updates the alert: `seen_count` and `last_seen_at` grow, and while the operator has not yet
 * decided, a better score replaces the crop (kept with its capture time). Once decided, the
 * evidence the decision was made on stays as it was: later sightings only count and time-stamp.
 * Pure rules; the alert service applies them in the transaction that stores the sighting.
 */
import type { Updateable } from 'kysely';
import type { AlertsTable } from '../db/tables/live.ts';
import type { RaisedAlert } from './raised-alert.ts';
import type { AlertRow } from './live.repository.ts';

export interface Sighting {
  /** The pipeline's id for this sighting (its idempotency key). */
  readonly id: string;
  readonly capturedAt: number;
  readonly score: number;
  readonly trackFrames: number;
}

/** The earliest last-seen time an alert may have to take in a sighting captured at `capturedAt`. */
export function groupingSince(capturedAt: number, windowMs: number): string {
  return new Date(capturedAt - windowMs).toISOString();
}

export interface SeenAgain {
  readonly set: Updateable<AlertsTable>;
  /** The sighting's crop becomes the alert's (a better score, not yet decided). */
  readonly keepsCrop: boolean;
  readonly seenCount: number;
}

/** How a grouped sighting changes its alert; `probeMediaId` is the sighting's stored crop. */
export function planSeenAgain(a: AlertRow, s: Sighting, probeMediaId: string): SeenAgain {
  const seenAt = new Date(s.capturedAt).toISOString();
  const last = a.last_seen_at ?? a.captured_at;
  const keepsCrop = a.operator_decision === null && s.score > a.score;
  const seenCount = a.seen_count + 1;
  return {
    keepsCrop,
    seenCount,
    set: {
      seen_count: seenCount,
      last_seen_at: seenAt > last ? seenAt : last,
      last_sighting_id: s.id,
      ...(keepsCrop
        ? { score: s.score, track_frames: s.trackFrames, probe_media_id: probeMediaId, best_captured_at: seenAt }
        : {}),
    },
  };
}

/** A new alert's row: seen once, with the camera's and the subject's names as they are now. */
export function newAlertRow(
  a: RaisedAlert,
  id: string,
  probe: string,
  reference: string | null,
  seq: number,
  createdAt: string,
  names: { camera_name: string | null; subject_name: string | null },
): AlertRow {
  return {
    id,
    deployment_id: a.deploymentId,
    camera_id: a.cameraId,
    captured_at: new Date(a.capturedAt).toISOString(),
    created_at: createdAt,
    score: a.score,
    threshold: a.threshold,
    track_frames: a.trackFrames,
    entry_id: a.entry.id,
    subject_id: a.entry.subject_id,
    subject_reference: a.entry.subject_reference,
    category: a.entry.category,
    probe_media_id: probe,
    reference_media_id: reference,
    operator_decision: null,
    operator_by: null,
    operator_at: null,
    decision_ms: null,
    engagement: null,
    outcome: null,
    engagement_by: null,
    engagement_at: null,
    engagement_note: null,
    investigation_ref: null,
    event_seq: seq,
    raised_seq: seq,
    seen_count: 1,
    last_seen_at: null,
    best_captured_at: null,
    last_sighting_id: null,
    ...names,
  };
}
