/**
 * Where a camera's failing periods are written (issue 14): as a coverage gap of the camera with
 * reason `matching-failed` (the deployment record lists it with the other gaps) and as
 * `camera.failing` / `camera.recovered` in the audit log, each pair of writes in one transaction.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import type { CameraErrorReason } from './camera-supervisor.ts';
import { liveRepository } from './live.repository.ts';

/** The gap reason of a period in which the camera's frames arrived but none could be matched. */
export const failingGapReason = 'matching-failed';

export interface CameraHealthEvent {
  readonly deploymentId: string;
  readonly cameraId: string;
  /** When the camera went failing. */
  readonly from: number;
  /** When it recovered (for `recovered`). */
  readonly to?: number;
  /** The reason code of the failure that made it failing (for `failing`). */
  readonly reason?: CameraErrorReason;
  readonly consecutiveFailures?: number;
}

export interface CameraHealthRecorder {
  failing(e: CameraHealthEvent): Promise<void>;
  recovered(e: CameraHealthEvent & { readonly to: number }): Promise<void>;
}

export function cameraHealthRecorder(db: Kysely<VigilSchema>): CameraHealthRecorder {
  const write = (action: 'camera.failing' | 'camera.recovered', e: CameraHealthEvent) =>
    db.transaction().execute(async (trx) => {
      await liveRepository.recordCameraGap(trx, e.cameraId, {
        from: e.from,
        ...(e.to !== undefined ? { to: e.to } : {}),
        reason: failingGapReason,
      });
      await appendAudit(trx, {
        actor: null,
        action,
        target: { type: 'deployment', id: e.deploymentId },
        details: {
          camera: e.cameraId,
          since: new Date(e.from).toISOString(),
          ...(e.to !== undefined ? { until: new Date(e.to).toISOString(), failingMs: e.to - e.from } : {}),
          ...(e.reason ? { reason: e.reason } : {}),
          ...(e.consecutiveFailures !== undefined ? { consecutiveFailures: e.consecutiveFailures } : {}),
        },
      });
    });
  return { failing: (e) => write('camera.failing', e), recovered: (e) => write('camera.recovered', e) };
}
