/**
 * Periodic upkeep as jobs on the shared queue (issue 7): with several worker processes each one
 * schedules the audit anchor (R29) and the retention purge (R19), and the job id carries the time
 * slot, so each runs once per period whichever worker takes it. The embedded mode runs them on
 * timers in its one process instead (role-loops.ts).
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { anchorIfChanged } from '../governance/audit/audit-anchors.ts';
import type { AuditSigningKey } from '../governance/audit/signing-key.ts';
import type { RetentionService } from '../governance/retention/retention.service.ts';
import type { JobPayload } from '../jobs/catalogue.ts';
import type { JobHandlers, JobQueue } from '../jobs/queue.ts';
import { startPeriodicJob, timeSlot, type PeriodicJob } from '../shared/periodic-job.ts';

type Task = JobPayload<'maintenance.run'>['task'];

export function maintenanceHandlers(deps: {
  readonly db: Kysely<VigilSchema>;
  readonly auditKey: AuditSigningKey;
  readonly retention: Pick<RetentionService, 'purge'>;
}): Pick<Required<JobHandlers>, 'maintenance.run'> {
  return {
    'maintenance.run': async ({ task }) => {
      if (task === 'audit-anchor') {
        const anchor = await anchorIfChanged(deps.db, deps.auditKey);
        return { status: anchor ? 'done' : 'skipped', detail: anchor ? `anchored at ${anchor.seq}` : 'no new entries' };
      }
      const run = await deps.retention.purge({ actor: null, trigger: 'schedule' });
      return { status: run.status === 'failed' ? 'failed' : 'done', detail: `purge run ${run.id}: ${run.status}` };
    },
  };
}

/** Every worker runs this: each tick enqueues the current slot's task (a no-op when already queued). */
export function startMaintenanceSchedule(o: {
  readonly queue: Pick<JobQueue, 'enqueue'>;
  readonly task: Task;
  readonly everyMs: number;
  readonly onError?: (err: unknown) => void;
}): PeriodicJob<string> {
  return startPeriodicJob({
    name: o.task,
    everyMs: o.everyMs,
    immediately: true,
    ...(o.onError ? { onError: o.onError } : {}),
    run: () => {
      const slot = timeSlot(new Date(), o.everyMs);
      return o.queue.enqueue('maintenance.run', { task: o.task, slot }, { jobId: `maintenance.${o.task}.${slot}` });
    },
  });
}
