/**
 * The purge runner (R19): loads the facts, plans, and applies the plan in one transaction that
 * also queues the media files to delete, records the run and appends one `retention.purge` audit
 * entry (counts per class and the windows, never biometric data). The files are deleted after
 * the commit, so a file is only ever removed once nothing refers to it.
 *
 * Safe to run again after a crash at any point: before the commit nothing happened; after it, the
 * queued files are still listed in purge_pending_media and the next run deletes them (a file
 * already gone is fine). The transaction takes the audit chain lock first, so a hold placed or an
 * alert linked concurrently (both audited) is either seen by the plan or lands after the purge.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import { appendAudit, lockAuditChain } from '../audit/audit-log.ts';
import { emptyCounts, planPurge, plannedMedia, type ClassCount, type PurgePlan } from './purge-planner.ts';
import { windowSettings, windowsMs, type PurgeClass, type RetentionSettings } from './retention-policy.ts';
import type { RetentionRepository } from './retention.repository.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PurgeRunRow, PurgeRunStatus } from '../../db/tables/retention.ts';

/** What deletes a media file; deleting one that is already gone must not be an error (MediaStore.delete). */
export interface MediaDeleter {
  delete(id: string): Promise<void>;
}

export interface PurgeRunnerDeps {
  readonly db: Kysely<VigilSchema>;
  readonly media: MediaDeleter;
  readonly settings: RetentionSettings;
  /** The time a purge plans against and stamps its run with. */
  readonly clock: Clock;
  readonly repository: Pick<RetentionRepository, keyof RetentionRepository>;
  /**
   * Test seam for crash safety: called inside the transaction once the changes are applied
   * ('applied') and after the commit, before any file is deleted ('committed'). Throwing there
   * stands for the process dying at that point.
   */
  readonly onStage?: (stage: 'applied' | 'committed') => void | Promise<void>;
  /**
   * Removes leftover plaintext probe uploads (a process that died mid-probe) and returns how many;
   * called after each run (src/video/temp-sweep.ts). Absent: nothing to sweep.
   */
  readonly sweepTemp?: (now: Date) => Promise<number>;
}

export interface PurgeRunOptions {
  /** Who ran it; null for the scheduler. */
  readonly actor: string | null;
  readonly trigger?: 'schedule' | 'manual';
}

/** A run as stored (purge_runs), with its JSON parsed. */
export interface PurgeRun {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly actor: string | null;
  readonly trigger: 'schedule' | 'manual';
  readonly status: PurgeRunStatus;
  readonly counts: Record<PurgeClass, ClassCount>;
  readonly held: Record<PurgeClass, number>;
  readonly windows: Record<string, number>;
  readonly mediaQueued: number;
  readonly mediaDeleted: number;
  readonly errors: string[];
  readonly auditSeq: number | null;
}

export interface PurgeRunResult extends PurgeRun {
  /** Alerts past 24 hours whose images are kept because they are linked to an investigation. */
  readonly linkedAlertsKept: number;
  /** Files left by earlier, interrupted runs that this run deleted (included in mediaDeleted). */
  readonly leftoverMediaDeleted: number;
  /** Stale temporary probe uploads removed (issue 12). */
  readonly tempFilesRemoved: number;
}

export interface PurgePreview {
  readonly dryRun: true;
  readonly at: string;
  readonly counts: Record<PurgeClass, ClassCount>;
  readonly held: Record<PurgeClass, number>;
  readonly linkedAlertsKept: number;
  readonly windows: Record<string, number>;
  /** Ids of what would go, per class (alerts, video probes, probes, cases), at most `itemsLimit` each. */
  readonly items: Record<PurgeClass, string[]>;
  /** Media files still queued by earlier runs, which the next run deletes. */
  readonly pendingMedia: number;
}

const MEDIA_PAGE = 500;
const MEDIA_CONCURRENCY = 16;
const MAX_ERRORS = 20;

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

export function toPurgeRun(row: PurgeRunRow): PurgeRun {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    actor: row.actor,
    trigger: row.trigger,
    status: row.status,
    counts: { ...emptyCounts(() => ({ records: 0, media: 0 })), ...(JSON.parse(row.counts_json) as object) },
    held: { ...emptyCounts(() => 0), ...(JSON.parse(row.held_json) as object) },
    windows: JSON.parse(row.windows_json) as Record<string, number>,
    mediaQueued: Number(row.media_queued),
    mediaDeleted: Number(row.media_deleted),
    errors: JSON.parse(row.errors_json) as string[],
    auditSeq: row.audit_seq === null ? null : Number(row.audit_seq),
  };
}

/** The ids a plan acts on, per class. */
export function planItems(plan: PurgePlan, limit = Infinity): Record<PurgeClass, string[]> {
  const probes = new Set(
    plan.probes.flatMap((c) => [...c.probeFiles.map((p) => p.probeId), ...c.tracks.map((t) => t.probeId)]),
  );
  const cap = (ids: string[]) => ids.slice(0, limit);
  return {
    alertImages: cap(plan.alertImages.map((a) => a.alertId)),
    alertRecords: cap([...plan.alertRecords]),
    footage: cap(plan.footage.map((f) => f.probeId)),
    probes: cap([...probes]),
    caseFiles: cap(plan.caseFiles.map((c) => c.caseId)),
  };
}

/** What a purge would do now, changing nothing. */
export async function previewPurge(deps: PurgeRunnerDeps, o: { itemsLimit?: number } = {}): Promise<PurgePreview> {
  const now = deps.clock.now();
  const plan = planPurge(await deps.repository.loadFacts(deps.db), now, windowsMs(deps.settings));
  return {
    dryRun: true,
    at: now.toISOString(),
    counts: plan.counts,
    held: plan.held,
    linkedAlertsKept: plan.linkedAlertsKept,
    windows: windowSettings(deps.settings),
    items: planItems(plan, o.itemsLimit ?? 1000),
    pendingMedia: await deps.repository.countPendingMedia(deps.db),
  };
}

/** Deletes every queued file (this run's and any an interrupted run left); a failed one stays queued. */
async function deleteQueuedMedia(
  deps: PurgeRunnerDeps,
  runId: string,
): Promise<{ deleted: number; leftover: number; errors: string[]; failed: number }> {
  let deleted = 0;
  let leftover = 0;
  let failed = 0;
  const errors: string[] = [];
  let after = '';
  for (;;) {
    const page = await deps.repository.pendingMedia(deps.db, MEDIA_PAGE, after);
    if (page.length === 0) break;
    after = page[page.length - 1]!.mediaId;
    const done: string[] = [];
    for (let i = 0; i < page.length; i += MEDIA_CONCURRENCY) {
      await Promise.all(
        page.slice(i, i + MEDIA_CONCURRENCY).map(async (m) => {
          try {
            await deps.media.delete(m.mediaId);
            done.push(m.mediaId);
            if (m.runId !== runId) leftover++;
          } catch (err) {
            failed++;
            if (errors.length < MAX_ERRORS) errors.push(`media ${m.mediaId}: ${message(err)}`);
          }
        }),
      );
    }
    await deps.repository.removePending(deps.db, done);
    deleted += done.length;
  }
  if (failed > errors.length) errors.push(`and ${failed - errors.length} more media deletion(s) failed`);
  return { deleted, leftover, errors, failed };
}

/** A run that failed before its commit: recorded (run row and audit entry) in a transaction of its own. */
async function recordFailure(deps: PurgeRunnerDeps, base: PurgeRunRow, err: unknown): Promise<void> {
  try {
    await deps.db.transaction().execute(async (trx) => {
      const row: PurgeRunRow = {
        ...base,
        status: 'failed',
        finished_at: deps.clock.now().toISOString(),
        errors_json: JSON.stringify([message(err)]),
      };
      await deps.repository.insertRun(trx, row);
      const entry = await appendAudit(trx, {
        actor: base.actor,
        action: 'retention.purge',
        outcome: 'failed',
        target: { type: 'purge-run', id: base.id },
        details: { trigger: base.trigger, error: message(err), windows: JSON.parse(base.windows_json) as object },
      });
      await deps.repository.updateRun(trx, base.id, { audit_seq: entry.seq });
    });
  } catch {
    // The database itself is failing; the caller reports the original error.
  }
}

/** One purge: plan, apply, record and audit in one transaction, then delete the files. */
export async function runPurge(deps: PurgeRunnerDeps, o: PurgeRunOptions): Promise<PurgeRunResult> {
  const now = deps.clock.now();
  const windows = windowSettings(deps.settings);
  const base: PurgeRunRow = {
    id: randomUUID(),
    started_at: now.toISOString(),
    finished_at: null,
    actor: o.actor,
    trigger: o.trigger ?? 'manual',
    status: 'applied',
    counts_json: JSON.stringify(emptyCounts(() => ({ records: 0, media: 0 }))),
    held_json: JSON.stringify(emptyCounts(() => 0)),
    windows_json: JSON.stringify(windows),
    media_queued: 0,
    media_deleted: 0,
    errors_json: '[]',
    audit_seq: null,
  };
  let plan: PurgePlan | undefined;
  let row = base;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await lockAuditChain(trx);
      plan = planPurge(await deps.repository.loadFacts(trx), now, windowsMs(deps.settings));
      await deps.repository.applyPlan(trx, plan);
      const media = plannedMedia(plan);
      await deps.repository.queueMedia(trx, base.id, base.started_at, media);
      row = {
        ...base,
        counts_json: JSON.stringify(plan.counts),
        held_json: JSON.stringify(plan.held),
        media_queued: media.length,
      };
      await deps.repository.insertRun(trx, row);
      await deps.onStage?.('applied');
      const entry = await appendAudit(trx, {
        actor: o.actor,
        action: 'retention.purge',
        target: { type: 'purge-run', id: base.id },
        details: {
          trigger: row.trigger,
          counts: plan.counts,
          held: plan.held,
          linkedAlertsKept: plan.linkedAlertsKept,
          windows,
          mediaQueued: media.length,
        },
      });
      row = { ...row, audit_seq: entry.seq };
      await deps.repository.updateRun(trx, base.id, { audit_seq: entry.seq });
    });
  } catch (err) {
    await recordFailure(deps, base, err);
    throw err;
  }
  await deps.onStage?.('committed');
  const files = await deleteQueuedMedia(deps, base.id);
  const finished: PurgeRunRow = {
    ...row,
    status: files.failed > 0 ? 'completed-with-errors' : 'completed',
    finished_at: deps.clock.now().toISOString(),
    media_deleted: files.deleted,
    errors_json: JSON.stringify(files.errors),
  };
  await deps.repository.updateRun(deps.db, base.id, {
    status: finished.status,
    finished_at: finished.finished_at,
    media_deleted: finished.media_deleted,
    errors_json: finished.errors_json,
  });
  // Plaintext uploads left by a crashed probe are outside every record, so no window covers them.
  const tempFilesRemoved = (await deps.sweepTemp?.(deps.clock.now())) ?? 0;
  return {
    ...toPurgeRun(finished),
    linkedAlertsKept: plan?.linkedAlertsKept ?? 0,
    leftoverMediaDeleted: files.leftover,
    tempFilesRemoved,
  };
}
