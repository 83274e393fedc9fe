/**
 * What each role runs once its process is up: the worker role takes jobs from the queue (archive
 * ingestion) and runs the audit anchors and retention purges; the pipeline role starts the camera
 * leases' heartbeat; the API and pipeline roles resume deployments left live by a restart (R2:
 * one whose end has passed is closed). `stop()` is the graceful half: jobs in hand finish, cameras
 * are handed back.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { VigilConfig } from '../config/config.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { archiveHandlers } from '../archive/archive-jobs.ts';
import { archiveLimits } from '../archive/archive-runtime.ts';
import { startAnchorSchedule } from '../governance/audit/anchor-schedule.ts';
import type { AuditSigningKey } from '../governance/audit/signing-key.ts';
import { startPurgeSchedule, type PurgeSchedule } from '../governance/retention/purge-schedule.ts';
import type { JobHandlers } from '../jobs/queue.ts';
import type { VigilMetrics } from '../ops/vigil-metrics.ts';
import type { RolePlan } from './process-roles.ts';
import type { VigilServices } from './services.ts';

export interface RoleLoops {
  stop(): Promise<void>;
}

/** Each handler timed into the job metrics (duration by outcome, failures). */
export function timedHandlers(handlers: JobHandlers, metrics: Pick<VigilMetrics, 'observeJob'>): JobHandlers {
  const out: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (p: unknown, c: never) => Promise<unknown>][]) {
    out[name] = async (payload: unknown, ctx: { finalAttempt: boolean }) => {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = (await handler(payload, ctx as never)) as { status: string };
        metrics.observeJob(name, seconds(), result.status === 'failed' ? 'failed' : 'done');
        return result;
      } catch (err) {
        metrics.observeJob(name, seconds(), ctx.finalAttempt ? 'failed' : 'retried');
        throw err;
      }
    };
  }
  return out as JobHandlers;
}

export async function startRoleLoops(o: {
  readonly plan: RolePlan;
  readonly config: VigilConfig;
  readonly services: VigilServices;
  readonly engine: FaceEngine;
  readonly auditKey: AuditSigningKey;
  readonly metrics: Pick<VigilMetrics, 'observeJob'>;
  readonly log: FastifyBaseLogger;
  readonly jobConcurrency?: number;
}): Promise<RoleLoops> {
  const { plan, config, services: s, log } = o;
  let anchors: { stop(): void } | undefined;
  let purges: PurgeSchedule | undefined;
  if (plan.worker) {
    const handlers = archiveHandlers({
      db: s.database.db,
      cipher: s.cipher,
      engine: o.engine,
      queue: s.jobs,
      limits: archiveLimits(config),
    });
    const concurrency = o.jobConcurrency ?? o.engine.workers * 2;
    s.jobs.process(timedHandlers(handlers, o.metrics), { concurrency });
    log.info({ queue: s.jobs.kind, concurrency }, 'taking jobs');
    if (config.audit.anchorEveryMinutes > 0) {
      anchors = startAnchorSchedule({
        db: s.database.db,
        key: o.auditKey,
        everyMs: config.audit.anchorEveryMinutes * 60_000,
        onError: (err) => log.error({ err }, 'audit anchor failed'),
      });
    }
    if (config.retention.purgeEveryMinutes > 0) {
      purges = startPurgeSchedule({
        retention: s.retention,
        everyMs: config.retention.purgeEveryMinutes * 60_000,
        immediately: true,
        onRun: (run) =>
          log.info({ run: run.id, status: run.status, counts: run.counts, held: run.held }, 'retention purge'),
        onError: (err) => log.error({ err }, 'retention purge failed'),
      });
    }
  }
  if (plan.api || plan.pipeline) {
    // Several processes may resume at once: a deployment another has just closed is not an error.
    const resumed = await s.deployments.resumeLive();
    if (resumed.resumed.length + resumed.closed.length > 0) log.info(resumed, 'live deployments after restart');
  }
  if (plan.pipeline) {
    await s.cameraScheduler?.start();
    log.info(
      { pipeline: s.cameraScheduler?.holder, leaseMs: s.cameraScheduler?.leaseMs },
      'running cameras under leases',
    );
  }
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        anchors?.stop();
        await purges?.stop();
        await s.cameraScheduler?.stop();
        // Graceful: the worker takes nothing new and finishes the jobs in hand.
        if (plan.worker) await s.jobs.close();
      })();
      return stopping;
    },
  };
}
