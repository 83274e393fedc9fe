/**
 * What the operator view and the metrics show of a live deployment's cameras, wherever they run
 * (a camera's `state` is `failing` while its matching is, issue 14; camera-loop.ts):
 * the cameras this process runs (from its live runner, with the counts not yet written) and the
 * cameras other pipeline processes run (the status their last heartbeat stored in the lease).
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { cameraLeaseRepository } from './camera-lease.repository.ts';
import type { DeploymentCounts } from './deployment-counts.ts';
import type { LiveRunner } from './live-runner.ts';

export interface LiveStatus {
  /** By camera id: its status, with `pipeline` naming the process that runs it. */
  readonly cameras: Record<string, Record<string, unknown>>;
  /** Counts of this process not yet written to the deployment. */
  readonly pendingCounts: DeploymentCounts | undefined;
  /** Writes of those counts that failed in this process (kept and retried: issue 14). */
  readonly countsFlushErrors?: number;
}

export class LiveStatusService {
  constructor(
    private readonly deps: {
      readonly db: Kysely<VigilSchema>;
      readonly runner: Pick<LiveRunner, 'status'>;
      /** This process's pipeline id, when it runs cameras. */
      readonly holder?: string | undefined;
      readonly now?: () => number;
    },
  ) {}

  /** undefined when no process runs any camera of the deployment. */
  async status(deploymentId: string): Promise<LiveStatus | undefined> {
    const local = this.deps.runner.status(deploymentId);
    const now = this.deps.now?.() ?? Date.now();
    const cameras: Record<string, Record<string, unknown>> = {};
    for (const lease of await cameraLeaseRepository.leasesOf(this.deps.db, deploymentId)) {
      if (lease.expires_ms <= now || !lease.status_json || lease.holder === this.deps.holder) continue;
      cameras[lease.camera_id] = {
        ...(JSON.parse(lease.status_json) as Record<string, unknown>),
        pipeline: lease.holder,
        reportedAt: lease.heartbeat_ms,
      };
    }
    for (const [id, s] of Object.entries(local?.cameras ?? {})) {
      cameras[id] = { ...s, ...(this.deps.holder ? { pipeline: this.deps.holder } : {}) };
    }
    if (!local && Object.keys(cameras).length === 0) return undefined;
    return {
      cameras,
      pendingCounts: local?.pendingCounts,
      ...(local ? { countsFlushErrors: local.countsFlushErrors } : {}),
    };
  }
}
