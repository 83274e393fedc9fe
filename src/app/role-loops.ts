/**
 * What each role runs once its process is up: the worker role takes jobs from the queue (archive
 * ingestion, gallery index snapshots, upkeep) and schedules the audit anchors and retention purges
 * (on timers in the embedded mode; as once-per-slot jobs, with the index builds, when roles run in
 * separate processes); the pipeline role starts the camera leases' heartbeat; the API and pipeline
 * roles resume deployments left live by a restart (R2: one whose end has passed is closed).
 * `stop()` is the graceful half: jobs in hand finish, cameras are handed back.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { VigilConfig } from './config.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { archiveHandlers, archiveLimits } from '../archive/archive-jobs.ts';
import { unfinishedArchiveJobs } from '../archive/archive-outbox.ts';
import { startOutboxRelay } from '../jobs/outbox.ts';
import { startAnchorSchedule } from '../governance/audit/anchor-schedule.ts';
import type { AuditSigningKey } from '../governance/audit/signing-key.ts';
import { startPurgeSchedule } from '../governance/retention/purge-schedule.ts';
import type { JobHandlers } from '../jobs/queue.ts';
import type { VigilMetrics } from '../ops/vigil-metrics.ts';
import { galleryIndexHandlers, startGalleryIndexBuildSchedule } from '../gallery/gallery-index-jobs.ts';
import { maintenanceHandlers, startMaintenanceSchedule } from './maintenance-jobs.ts';
import type { RolePlan } from './process-roles.ts';
import { startPeriodicJob } from '../shared/periodic-job.ts';
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
  const timers: { stop(): void | Promise<void> }[] = [];
  if (plan.worker) {
    const index = s.galleryIndex.index;
    const handlers = {
      ...archiveHandlers({
        db: s.database.db,
        cipher: s.cipher,
        engine: o.engine,
        queue: s.jobs,
        limits: archiveLimits(config),
      }),
      ...galleryIndexHandlers({
        db: s.database.db,
        cipher: s.cipher,
        dataDir: config.dataDir,
        modelId: index.modelId,
        dimensions: index.dimensions,
      }),
      ...maintenanceHandlers({ db: s.database.db, auditKey: o.auditKey, retention: s.retention }),
    };
    const concurrency = o.jobConcurrency ?? o.engine.workers * 2;
    s.jobs.process(timedHandlers(handlers, o.metrics), { concurrency });
    log.info({ queue: s.jobs.kind, concurrency }, 'taking jobs');
    // Issue 14: jobs recorded with their changes reach the queue, and work a dead process left is resumed.
    const relay = await startOutboxRelay({
      db: s.database.db,
      queue: s.jobs,
      resume: [unfinishedArchiveJobs],
      onRelay: (r) => log.info({ ...r }, 'relayed queued jobs'),
      onError: (err) => log.error({ err }, 'relaying queued jobs failed'),
    });
    if (relay.started.resumed > 0) log.info({ ...relay.started }, 'resumed unfinished jobs');
    timers.push(relay);
    const onError = (what: string) => (err: unknown) => log.error({ err }, `${what} failed`);
    const anchorMs = config.audit.anchorEveryMinutes * 60_000;
    const purgeMs = config.retention.purgeEveryMinutes * 60_000;
    if (plan.embedded) {
      if (anchorMs > 0) {
        timers.push(
          startAnchorSchedule({
            db: s.database.db,
            key: o.auditKey,
            everyMs: anchorMs,
            onError: onError('audit anchor'),
          }),
        );
      }
      if (purgeMs > 0) {
        timers.push(
          startPurgeSchedule({
            retention: s.retention,
            everyMs: purgeMs,
            immediately: true,
            onRun: (run) =>
              log.info({ run: run.id, status: run.status, counts: run.counts, held: run.held }, 'retention purge'),
            onError: onError('retention purge'),
          }),
        );
      }
    } else {
      const queue = s.jobs;
      if (anchorMs > 0)
        timers.push(
          startMaintenanceSchedule({
            queue,
            task: 'audit-anchor',
            everyMs: anchorMs,
            onError: onError('scheduling the audit anchor'),
          }),
        );
      if (purgeMs > 0)
        timers.push(
          startMaintenanceSchedule({
            queue,
            task: 'retention-purge',
            everyMs: purgeMs,
            onError: onError('scheduling the purge'),
          }),
        );
      // The API processes' read-only index replicas load these snapshots (gallery-index-replica.ts).
      const build = { queue, modelId: index.modelId, onError: onError('scheduling the gallery index build') };
      timers.push(
        startGalleryIndexBuildSchedule({ ...build, everyMs: config.galleryIndex.buildEveryMinutes * 60_000 }),
      );
      timers.push(
        startGalleryIndexBuildSchedule({
          ...build,
          everyMs: config.galleryIndex.fullBuildEveryHours * 3_600_000,
          full: true,
          immediately: false,
        }),
      );
    }
  }
  if (plan.api || plan.pipeline) {
    // Several processes may resume at once: a deployment another has just closed is not an error.
    const resumed = await s.deployments.resumeLive();
    if (resumed.resumed.length + resumed.closed.length > 0) log.info(resumed, 'live deployments after restart');
    // R2's backstop: a deployment past its end is closed even when no pipeline process runs it.
    timers.push(
      startPeriodicJob({
        name: 'close overdue deployments',
        everyMs: 30_000,
        run: async () => {
          const closed = await s.deployments.closeOverdue();
          if (closed.length > 0) log.info({ closed }, 'closed deployments past their authorised end');
        },
        onError: (err) => log.error({ err }, 'closing overdue deployments failed'),
      }),
    );
  }
  if (!plan.embedded) {
    // The event bus carries threshold changes at most once; this reload is the backstop (R14).
    timers.push(
      startPeriodicJob({
        name: 'reload the threshold policy',
        everyMs: 30_000,
        run: () => s.thresholdPolicy.load(),
        onError: (err) => log.error({ err }, 'reloading the threshold policy failed'),
      }),
    );
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
        await Promise.all(timers.map((t) => t.stop()));
        await s.cameraScheduler?.stop();
        // Graceful: the worker takes nothing new and finishes the jobs in hand.
        if (plan.worker) await s.jobs.close();
      })();
      return stopping;
    },
  };
}
