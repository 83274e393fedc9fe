/**
 * The work queue as the rest of Vigil sees it, whatever runs it: an in-process queue (the embedded
 * single-process mode and tests) or BullMQ on Redis (several worker processes on any machine).
 *
 * Semantics both adapters keep:
 * - `enqueue` is idempotent by `jobId`: a job id already known (waiting, running, done or failed)
 *   is not queued again, so a re-run of a fan-out or a retried producer never duplicates work.
 * - A handler returns a status: `done`, `skipped` (already done, nothing to do) or `failed` (a
 *   permanent failure it has recorded itself, e.g. a corrupt file: not retried). A handler that
 *   throws is retried with exponential backoff; after the last attempt the job is in `failed()`,
 *   the dead-letter list administrators see.
 * - Delivery is at least once (a worker killed mid-job has its job run again), so handlers must be
 *   idempotent; they are told whether an attempt is the last.
 * - `close()` is graceful: it stops taking jobs and waits for those running to finish.
 */
import type { JobName, JobPayload } from './catalogue.ts';

export type JobOutcome = 'done' | 'skipped' | 'failed';

export interface JobResult {
  readonly status: JobOutcome;
  /** A short human-readable note (counts, the reason of a failure); never biometric data. */
  readonly detail?: string;
}

export interface JobContext {
  readonly id: string;
  readonly name: JobName;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** True when a throw now puts the job in the dead-letter list instead of retrying it. */
  readonly finalAttempt: boolean;
  /** Reports progress, 0-100. */
  progress(percent: number): Promise<void>;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<JobResult>;
export type JobHandlers = { readonly [N in JobName]?: JobHandler<N> };

export interface RetryPolicy {
  /** Attempts in all, the first included (default 3). */
  readonly attempts: number;
  /** Delay before the second attempt; doubled for each one after (default 1000 ms). */
  readonly backoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 3, backoffMs: 1000 };

/** Delay before attempt `attempt + 1` after attempt `attempt` failed (exponential backoff). */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  return policy.backoffMs * 2 ** Math.max(0, attempt - 1);
}

export interface EnqueueOptions {
  /** Idempotency key: a job with this id already known is not queued again. Must not contain ':'. */
  readonly jobId?: string;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface JobInfo {
  readonly id: string;
  readonly name: string;
  readonly state: JobState;
  readonly progress: number;
  /** Attempts made so far. */
  readonly attempts: number;
  readonly result?: JobResult;
  readonly error?: string;
}

export interface FailedJob {
  readonly id: string;
  readonly name: string;
  readonly payload: unknown;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
}

export interface QueueCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
}

export interface ProcessOptions {
  /** Jobs run at once by this process (default 1). */
  readonly concurrency?: number;
}

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  /** Queues a job (payload checked against the catalogue); returns its id. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<string>;
  /** Starts taking jobs in this process with these handlers (once per queue object). */
  process(handlers: JobHandlers, options?: ProcessOptions): void;
  job(id: string): Promise<JobInfo | undefined>;
  counts(): Promise<QueueCounts>;
  /** The dead-letter list: jobs that threw on every attempt, newest first (at most `limit`). */
  failed(limit?: number): Promise<FailedJob[]>;
  /** Resolves when nothing is waiting, delayed or running (in any process sharing the queue). */
  whenIdle(pollMs?: number): Promise<void>;
  /** Stops taking jobs, waits for running ones to finish, and releases connections. */
  close(): Promise<void>;
}

/** Checks a caller-chosen job id (BullMQ reserves ':' and plain integers). */
export function checkJobId(id: string): string {
  if (id === '' || id.includes(':') || /^\d+$/.test(id)) throw new Error(`invalid job id ${JSON.stringify(id)}`);
  return id;
}
