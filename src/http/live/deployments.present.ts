/** Live rows as the API shows them (camelCase; never a template, never a media id). */
import type { z } from 'zod';
import type {
  AlertDecisionRow,
  AlertRow,
  CameraRow,
  DeploymentRow,
  WatchlistEntryRow,
} from '../../live/live.repository.ts';
import type { DraftInput } from '../../live/deployment.service.ts';
import type { DeploymentCounts } from '../../live/deployment-counts.ts';
import { redact } from '../../video/video-source.ts';
import type { alertSchema, cameraSchema, deploymentSchema, draftBody, entrySchema } from './deployments.dto.ts';

type Draft = z.infer<typeof draftBody>;

/** API fields to the service's draft input; `threshold` defaults to the one in force. */
export function toDraftInput(b: Partial<Draft>, defaultThreshold?: number): Partial<DraftInput> {
  const map: [keyof Draft, keyof DraftInput][] = [
    ['name', 'name'],
    ['type', 'deployment_type'],
    ['policingObjective', 'policing_objective'],
    ['intelligenceCase', 'intelligence_case'],
    ['locationName', 'location_name'],
    ['locationBoundary', 'location_boundary'],
    ['locationReason', 'location_reason'],
    ['plannedStart', 'planned_start'],
    ['plannedEnd', 'planned_end'],
    ['categories', 'categories'],
    ['cameraCount', 'camera_count'],
    ['plannedFootfall', 'planned_footfall'],
    ['threshold', 'threshold'],
    ['dpiaVersion', 'dpia_version'],
    ['eiaVersion', 'eia_version'],
    ['policyVersion', 'policy_version'],
    ['notice', 'notice'],
  ];
  const out: Record<string, unknown> = {};
  for (const [from, to] of map) if (b[from] !== undefined) out[to] = b[from];
  for (const t of ['planned_start', 'planned_end'] as const) {
    if (typeof out[t] === 'string') out[t] = new Date(out[t]).toISOString();
  }
  if (out['threshold'] === undefined && defaultThreshold !== undefined) out['threshold'] = defaultThreshold;
  return out as Partial<DraftInput>;
}

/** `counts`: what its pipelines counted (R18), read from its counters. */
export function presentDeployment(d: DeploymentRow, counts: DeploymentCounts): z.infer<typeof deploymentSchema> {
  const snapshot = d.authorised_json
    ? (JSON.parse(d.authorised_json) as { expectedFalseAlerts: number; watchlistSize: number })
    : null;
  return {
    id: d.id,
    name: d.name,
    status: d.status,
    type: d.deployment_type,
    policingObjective: d.policing_objective,
    intelligenceCase: d.intelligence_case,
    locationName: d.location_name,
    locationBoundary: d.location_boundary,
    locationReason: d.location_reason,
    plannedStart: d.planned_start,
    plannedEnd: d.planned_end,
    categories: JSON.parse(d.categories_json) as string[],
    cameraCount: d.camera_count,
    plannedFootfall: d.planned_footfall,
    threshold: d.threshold,
    modelId: d.model_id,
    dpiaVersion: d.dpia_version,
    eiaVersion: d.eia_version,
    policyVersion: d.policy_version,
    notice: JSON.parse(d.notice_json) as z.infer<typeof deploymentSchema>['notice'],
    createdBy: d.created_by,
    createdAt: d.created_at,
    authorisation:
      d.authorised_by && d.authorised_at && snapshot
        ? {
            by: d.authorised_by,
            at: d.authorised_at,
            note: d.authorisation_note,
            expectedFalseAlerts: snapshot.expectedFalseAlerts,
            watchlistSize: snapshot.watchlistSize,
          }
        : null,
    startedAt: d.started_at,
    closedAt: d.closed_at,
    closeReason: d.close_reason,
    reviewedBy: d.reviewed_by,
    counts,
    manifest: d.manifest_json ? (JSON.parse(d.manifest_json) as z.infer<typeof deploymentSchema>['manifest']) : null,
  };
}

export function presentEntry(e: WatchlistEntryRow): z.infer<typeof entrySchema> {
  return {
    id: e.id,
    subjectId: e.subject_id,
    subjectReference: e.subject_reference,
    category: e.category,
    reason: e.reason,
    addedBy: e.added_by,
    addedAt: e.added_at,
    source: e.source,
    legalBasis: e.legal_basis,
    imageDate: e.image_date,
    qualityPassed: (JSON.parse(e.quality_json) as { passed?: boolean }).passed === true,
    under18Override: e.under18_override,
    destroyed: e.template_sealed === null,
  };
}

export function presentCamera(c: CameraRow): z.infer<typeof cameraSchema> {
  const source = JSON.parse(c.source_json) as z.infer<typeof cameraSchema>['source'];
  return {
    id: c.id,
    name: c.name,
    // A camera URL's password is not shown back.
    source: source.url === undefined ? source : { ...source, url: redact(source.url) },
    createdAt: c.created_at,
  };
}

const statusFields = [
  'cameraId',
  'state',
  'since',
  'fpsIn',
  'fpsOut',
  'framesReceived',
  'framesPulled',
  'framesDropped',
  'queued',
  'reconnects',
  'gapCount',
  'gapMs',
  'lastFrameAt',
  'output',
  'pipeline',
  'reportedAt',
] as const;

/**
 * A camera's live status as a client sees it (issue 12): counts, state and gaps, and failures as
 * reason codes only. What the source or ffmpeg said (an upstream's status line, a file's read
 * error) stays on the server, so a camera cannot be used to read what it points at.
 */
export function presentCameraStatus(s: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of statusFields) if (s[k] !== undefined) out[k] = s[k];
  if (Array.isArray(s['gaps'])) {
    out['gaps'] = (s['gaps'] as Record<string, unknown>[]).map((g) => ({
      from: g['from'],
      ...(g['to'] === undefined ? {} : { to: g['to'] }),
      reason: g['reason'],
      attempts: g['attempts'],
    }));
  }
  const reason = typeof s['lastReason'] === 'string' ? s['lastReason'] : s['lastError'] ? 'failed' : undefined;
  // `lastError` kept for the console: the code, not the text.
  if (reason) Object.assign(out, { lastReason: reason, lastError: reason });
  return out;
}

type AlertOut = z.infer<typeof alertSchema>;

/** The decision revisions of some alerts, with the deciders' display names. */
export interface AlertHistory {
  readonly decisions: readonly AlertDecisionRow[];
  readonly names: ReadonlyMap<string, string>;
}

const noAlertHistory: AlertHistory = { decisions: [], names: new Map() };

/** An alert with its decision history (issue 12: nothing is overwritten); `h` may hold other alerts' too. */
export function presentAlert(a: AlertRow, h: AlertHistory = noAlertHistory): AlertOut {
  return {
    id: a.id,
    deploymentId: a.deployment_id,
    cameraId: a.camera_id,
    capturedAt: a.captured_at,
    createdAt: a.created_at,
    score: a.score,
    threshold: a.threshold,
    trackFrames: a.track_frames,
    entryId: a.entry_id,
    subjectId: a.subject_id,
    subjectReference: a.subject_reference,
    subjectName: a.subject_name,
    cameraName: a.camera_name,
    category: a.category,
    seenCount: a.seen_count,
    lastSeenAt: a.last_seen_at ?? a.captured_at,
    bestCapturedAt: a.best_captured_at ?? a.captured_at,
    hasProbeImage: a.probe_media_id !== null,
    hasReferenceImage: a.reference_media_id !== null,
    operator:
      a.operator_decision && a.operator_by && a.operator_at
        ? {
            decision: a.operator_decision as NonNullable<AlertOut['operator']>['decision'],
            by: a.operator_by,
            at: a.operator_at,
            decisionMs: a.decision_ms ?? 0,
          }
        : null,
    engagement:
      a.engagement && a.engagement_by && a.engagement_at
        ? {
            engaged: a.engagement === 'engaged',
            outcome: a.outcome as NonNullable<AlertOut['engagement']>['outcome'],
            by: a.engagement_by,
            at: a.engagement_at,
            note: a.engagement_note,
          }
        : null,
    investigationRef: a.investigation_ref,
    seq: a.event_seq,
    history: h.decisions
      .filter((d) => d.alert_id === a.id)
      .map((d) => ({
        id: d.id,
        stage: d.stage,
        revision: d.revision,
        decision: d.decision,
        outcome: d.outcome as AlertOut['history'][number]['outcome'],
        note: d.note,
        reason: d.reason,
        decisionMs: d.decision_ms,
        by: d.decided_by,
        byName: h.names.get(d.decided_by) ?? null,
        at: d.decided_at,
        supersedes: d.supersedes,
      })),
  };
}
