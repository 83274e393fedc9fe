/**
 * Cameras across pipeline processes (issue 7): each pipeline process claims cameras of live
 * deployments with a lease, renews it with every heartbeat and runs the camera in its live
 * runner. A process that dies stops renewing; once its lease expires another process claims the
 * camera, and the time between the dead holder's last heartbeat and the takeover is recorded as a
 * gap in the camera's coverage (the deployment record shows it) and in the audit log. A process
 * shutting down hands its cameras back at once. A camera whose deployment is no longer live is
 * stopped at the next heartbeat; the runner's own check on every frame (R2) does not wait for it.
 *
 * Failover time is bounded by `leaseMs + heartbeatMs`: the dead holder's lease runs out, then the
 * next heartbeat of a live process claims it.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import type { VigilLog } from '../shared/log.ts';
import { cameraLeaseRepository } from './camera-lease.repository.ts';
import type { CameraRow, DeploymentRow } from './live.repository.ts';
import { LiveRepository } from './live.repository.ts';

/** What the scheduler needs of the live runner. */
export interface CameraRunner {
  startCameras(d: DeploymentRow, cameras: readonly CameraRow[]): Promise<void>;
  stopCamera(deploymentId: string, cameraId: string): Promise<void>;
  runsCamera(deploymentId: string, cameraId: string): boolean;
  status(deploymentId: string): { cameras: Record<string, Record<string, unknown>> } | undefined;
}

export interface CameraSchedulerOptions {
  readonly db: Kysely<VigilSchema>;
  /** The deployments' and cameras' rows (issue 16: injected; default the real ones). */
  readonly rows?: Pick<LiveRepository, 'findDeployment' | 'recordCameraGap'>;
  readonly runner: CameraRunner;
  /** How long a lease lasts without a heartbeat (default 10 s). */
  readonly leaseMs?: number;
  /** How often leases are renewed and free cameras claimed (default a third of the lease). */
  readonly heartbeatMs?: number;
  /** Most cameras this process runs at once (default unlimited). */
  readonly maxCameras?: number;
  /** Default: host, pid and a random part. */
  readonly holder?: string;
  readonly now?: () => number;
  /** Required (issue 14): a heartbeat step that fails is always reported. */
  readonly log: VigilLog;
}

export function pipelineHolderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

interface Held {
  readonly deploymentId: string;
  readonly camera: CameraRow;
}

export class CameraScheduler {
  readonly holder: string;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  private readonly held = new Map<string, Held>();
  private timer: NodeJS.Timeout | undefined;
  private serial: Promise<unknown> = Promise.resolve();
  private closed = false;
  private lastTickOk: number | undefined;
  private readonly rows: Pick<LiveRepository, 'findDeployment' | 'recordCameraGap'>;

  constructor(private readonly o: CameraSchedulerOptions) {
    this.rows = o.rows ?? new LiveRepository();
    this.holder = o.holder ?? pipelineHolderId();
    this.leaseMs = o.leaseMs ?? 10_000;
    this.heartbeatMs = o.heartbeatMs ?? Math.max(100, Math.floor(this.leaseMs / 3));
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** Cameras held by this process now. */
  heldCameras(): string[] {
    return [...this.held.keys()];
  }

  /** Starts the heartbeat (renew, stop what is over or lost, claim what is free); resolves after the first round. */
  start(): Promise<void> {
    if (this.timer || this.closed) return Promise.resolve();
    this.timer = setInterval(() => void this.tick(), this.heartbeatMs);
    return this.tick();
  }

  /** One heartbeat (serialised: never two at once). */
  tick(): Promise<void> {
    return this.run(async () => {
      await this.renew();
      await this.claimFree();
      this.lastTickOk = this.now();
    });
  }

  /** Readiness: the heartbeat is running and its last round reached the database in time. */
  healthy(): boolean {
    return !this.closed && this.lastTickOk !== undefined && this.now() - this.lastTickOk <= 3 * this.heartbeatMs + 1000;
  }

  /** A deployment went live in this process: claim its cameras now instead of at the next heartbeat. */
  claimDeployment(d: DeploymentRow): Promise<void> {
    return this.run(() => this.claimFree(d.id));
  }

  /** A deployment closed in this process: stop its cameras here and drop their leases. */
  releaseDeployment(deploymentId: string): Promise<void> {
    return this.run(async () => {
      for (const [cameraId, h] of [...this.held]) {
        if (h.deploymentId !== deploymentId) continue;
        await this.drop(cameraId, h, 'remove');
      }
    });
  }

  /** Stops the heartbeat and hands every camera back for another process to claim at once. */
  async stop(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.run(async () => {
      for (const [cameraId, h] of [...this.held]) await this.drop(cameraId, h, 'release');
    }, true);
  }

  private run(fn: () => Promise<void>, evenIfClosed = false): Promise<void> {
    const next = this.serial.then(async () => {
      if (this.closed && !evenIfClosed) return;
      try {
        await fn();
      } catch (err) {
        this.o.log.error({ holder: this.holder, err: String(err) }, 'camera scheduler step failed');
      }
    });
    this.serial = next;
    return next;
  }

  private async drop(cameraId: string, h: Held, lease: 'release' | 'remove' | 'lost'): Promise<void> {
    this.held.delete(cameraId);
    await this.o.runner.stopCamera(h.deploymentId, cameraId);
    const q = this.o.db;
    if (lease === 'release') await cameraLeaseRepository.release(q, { cameraId, holder: this.holder, now: this.now() });
    if (lease === 'remove') await cameraLeaseRepository.remove(q, { cameraId, holder: this.holder });
  }

  private async renew(): Promise<void> {
    // Each held deployment is read (and its runner asked for statuses) once per round, not per camera.
    const deployments = new Map<string, { live: boolean; cameras?: Record<string, Record<string, unknown>> }>();
    for (const [cameraId, h] of [...this.held]) {
      let d = deployments.get(h.deploymentId);
      if (!d) {
        const row = await this.rows.findDeployment(this.o.db, h.deploymentId);
        const cameras = this.o.runner.status(h.deploymentId)?.cameras;
        d = { live: row?.status === 'live', ...(cameras ? { cameras } : {}) };
        deployments.set(h.deploymentId, d);
      }
      if (!d.live) {
        await this.drop(cameraId, h, 'remove');
        continue;
      }
      const status = d.cameras?.[cameraId];
      const kept = await cameraLeaseRepository.renew(this.o.db, {
        cameraId,
        holder: this.holder,
        now: this.now(),
        leaseMs: this.leaseMs,
        statusJson: status ? JSON.stringify(status) : null,
      });
      if (!kept) {
        // Another process holds it now (this one stalled past its lease): stop so only one runs it.
        this.o.log.warn({ cameraId, holder: this.holder }, 'camera lease lost: stopping the camera here');
        await this.drop(cameraId, h, 'lost');
      }
    }
  }

  private async claimFree(onlyDeployment?: string): Promise<void> {
    const room = (this.o.maxCameras ?? Number.POSITIVE_INFINITY) - this.held.size;
    if (room <= 0) return;
    const now = this.now();
    const free = await cameraLeaseRepository.claimable(this.o.db, now, Math.min(room, 1000));
    const won = new Map<string, CameraRow[]>();
    for (const { camera, previous } of free) {
      if (onlyDeployment && camera.deployment_id !== onlyDeployment) continue;
      const claimed = await this.o.db.transaction().execute(async (trx) => {
        const ok = await cameraLeaseRepository.claim(trx, {
          cameraId: camera.id,
          deploymentId: camera.deployment_id,
          holder: this.holder,
          now,
          leaseMs: this.leaseMs,
        });
        if (!ok || !previous) return ok;
        // A takeover: the time since the previous holder's last heartbeat had no coverage.
        await this.rows.recordCameraGap(trx, camera.id, {
          from: previous.heartbeat_ms,
          to: now,
          reason: 'pipeline-failover',
        });
        await appendAudit(trx, {
          actor: null,
          action: 'camera.taken-over',
          target: { type: 'deployment', id: camera.deployment_id },
          details: {
            camera: camera.id,
            previousHolder: previous.holder,
            holder: this.holder,
            gapMs: now - previous.heartbeat_ms,
          },
        });
        return true;
      });
      if (!claimed) continue;
      this.held.set(camera.id, { deploymentId: camera.deployment_id, camera });
      won.set(camera.deployment_id, [...(won.get(camera.deployment_id) ?? []), camera]);
    }
    for (const [deploymentId, cameras] of won) {
      const d = await this.rows.findDeployment(this.o.db, deploymentId);
      if (!d) continue;
      try {
        await this.o.runner.startCameras(d, cameras);
        this.o.log.info({ deploymentId, cameras: cameras.map((c) => c.id), holder: this.holder }, 'cameras claimed');
      } catch (err) {
        // Could not run them here (e.g. the watchlist could not be opened): hand them back.
        this.o.log.error({ deploymentId, err: String(err) }, 'starting claimed cameras failed');
        for (const c of cameras) {
          const h = this.held.get(c.id);
          if (h) await this.drop(c.id, h, 'release');
        }
      }
    }
  }
}
