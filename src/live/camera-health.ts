/**
 * Where a camera's failing periods are written (issue 14): as a coverage gap of the camera with
 * reason `matching-failed` (the deployment record lists it with the other gaps) and as
 * `camera.failing` / `camera.recovered` in the audit log, each pair of writes in one transaction.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import type { CameraErrorReason } from './camera-supervisor.ts';
import { LiveRepository } from './live.repository.ts';

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

export function cameraHealthRecorder(
  db: Kysely<VigilSchema>,
  rows: Pick<LiveRepository, 'recordCameraGap'> = new LiveRepository(),
): CameraHealthRecorder {
  const write = (action: 'camera.failing' | 'camera.recovered', e: CameraHealthEvent) =>
    db.transaction().execute(async (trx) => {
      await rows.recordCameraGap(trx, e.cameraId, {
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

/** A failing or recovered transition waiting to be written. */
export type CameraHealthRecord =
  | { readonly kind: 'failing'; readonly event: CameraHealthEvent }
  | { readonly kind: 'recovered'; readonly event: CameraHealthEvent & { readonly to: number } };

/**
 * A camera's transitions not written yet (issue 14): a write that failed (the database locked) is
 * kept and tried again at the next flush, in order, so the audit log never lacks a failing period
 * and never shows a recovery before its failing. Like the deployment's counts, nothing is dropped.
 */
export class PendingHealthRecords {
  private readonly queue: CameraHealthRecord[] = [];

  constructor(private readonly recorder: CameraHealthRecorder) {}

  get size(): number {
    return this.queue.length;
  }

  add(record: CameraHealthRecord): void {
    this.queue.push(record);
  }

  /** Writes what waits, oldest first; at the first failure it stops (the rest wait) and throws. */
  async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (next.kind === 'failing') await this.recorder.failing(next.event);
      else await this.recorder.recovered(next.event);
      this.queue.shift();
    }
  }
}
