/**
 * The queue on Redis through BullMQ, for several worker processes on any machine. One BullMQ queue
 * holds every job of the catalogue (the job's name selects the handler). Jobs are kept after they
 * complete or fail, so a job id stays idempotent (re-enqueueing it is a no-op) and failed jobs form
 * the dead-letter list. A worker killed mid-job loses its lock; after `lockDurationMs` another
 * worker's stalled-job check puts the job back in the queue, and it runs again (at least once).
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { isJobName, parsePayload, type JobName, type JobPayload } from './catalogue.ts';
import {
  checkJobId,
  defaultRetryPolicy,
  type EnqueueOptions,
  type FailedJob,
  type JobHandler,
  type JobHandlers,
  type JobInfo,
  type JobQueue,
  type JobResult,
  type JobState,
  type ProcessOptions,
  type QueueCounts,
  type RetryPolicy,
} from './queue.ts';

export interface BullQueueOptions {
  /** `redis://host:port[/db]`. */
  readonly url: string;
  /** Key prefix in Redis (default `vigil`): installations or tests sharing a server use their own. */
  readonly prefix?: string;
  /** Queue name (default `jobs`). */
  readonly name?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** How long a running job's lock lasts without renewal (default 30 s): a dead worker's job waits this long. */
  readonly lockDurationMs?: number;
  /** How often workers look for stalled jobs (default: half the lock duration). */
  readonly stalledIntervalMs?: number;
}

const connect = (url: string) => new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });

function stateOf(s: string): JobState {
  if (s === 'completed' || s === 'failed' || s === 'active' || s === 'delayed') return s;
  return 'waiting';
}

export class BullJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly #queue: Queue;
  readonly #connections: Redis[] = [];
  readonly #retry: RetryPolicy;
  #worker: Worker | undefined;

  constructor(private readonly options: BullQueueOptions) {
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
    const connection = connect(options.url);
    this.#connections.push(connection);
    this.#queue = new Queue(options.name ?? 'jobs', {
      connection,
      prefix: options.prefix ?? 'vigil',
      defaultJobOptions: {
        attempts: this.#retry.attempts,
        backoff: { type: 'exponential', delay: this.#retry.backoffMs },
        removeOnComplete: false,
        removeOnFail: false,
      },
    });
    this.#queue.on('error', () => undefined);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<string> {
    const checked = parsePayload(name, payload);
    const job = await this.#queue.add(
      name,
      checked,
      options.jobId !== undefined ? { jobId: checkJobId(options.jobId) } : {},
    );
    if (job.id === undefined) throw new Error('BullMQ gave the job no id');
    return job.id;
  }

  process(handlers: JobHandlers, options: ProcessOptions = {}): void {
    if (this.#worker) throw new Error('this queue is already processing');
    const connection = connect(this.options.url);
    this.#connections.push(connection);
    const lockDuration = this.options.lockDurationMs ?? 30_000;
    this.#worker = new Worker(this.options.name ?? 'jobs', (job: Job) => this.#run(job, handlers), {
      connection,
      prefix: this.options.prefix ?? 'vigil',
      concurrency: Math.max(1, options.concurrency ?? 1),
      lockDuration,
      stalledInterval: this.options.stalledIntervalMs ?? Math.max(1000, Math.floor(lockDuration / 2)),
      // A job whose worker died is re-run; one that keeps killing its workers ends in the dead-letter list.
      maxStalledCount: 2,
    });
    this.#worker.on('error', () => undefined);
  }

  async #run(job: Job, handlers: JobHandlers): Promise<JobResult> {
    const name = job.name;
    if (!isJobName(name)) throw new UnrecoverableError(`unknown job ${name}`);
    let payload: JobPayload<typeof name>;
    try {
      payload = parsePayload(name, job.data);
    } catch (err) {
      throw new UnrecoverableError(`bad payload for ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const handler = handlers[name] as JobHandler<JobName> | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for ${name} in this worker`);
    const attempts = job.opts.attempts ?? this.#retry.attempts;
    return handler(payload, {
      id: job.id ?? '',
      name,
      attempt: job.attemptsMade + 1,
      finalAttempt: job.attemptsMade + 1 >= attempts,
      progress: (p) => job.updateProgress(p),
    });
  }

  async job(id: string): Promise<JobInfo | undefined> {
    const job = await this.#queue.getJob(id);
    if (!job) return undefined;
    const state = stateOf(await job.getState());
    const rv = job.returnvalue as JobResult | null | undefined;
    return {
      id,
      name: job.name,
      state,
      progress: typeof job.progress === 'number' ? job.progress : 0,
      attempts: job.attemptsMade,
      ...(rv ? { result: rv } : {}),
      ...(job.failedReason ? { error: job.failedReason } : {}),
    };
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.#queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    return {
      waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0),
      delayed: c['delayed'] ?? 0,
      active: c['active'] ?? 0,
      completed: c['completed'] ?? 0,
      failed: c['failed'] ?? 0,
    };
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    const jobs = await this.#queue.getFailed(0, Math.max(0, limit - 1));
    return jobs.map((j) => ({
      id: j.id ?? '',
      name: j.name,
      payload: j.data as unknown,
      error: j.failedReason,
      attempts: j.attemptsMade,
      failedAt: new Date(j.finishedOn ?? j.timestamp).toISOString(),
    }));
  }

  async whenIdle(pollMs = 250): Promise<void> {
    for (;;) {
      const c = await this.counts();
      if (c.waiting + c.delayed + c.active === 0) return;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async close(): Promise<void> {
    try {
      // Worker.close() waits for the jobs it is running to finish before it returns.
      await this.#worker?.close();
      await this.#queue.close();
    } finally {
      await Promise.allSettled(this.#connections.map((c) => c.quit()));
    }
  }

  /** Removes every key of this queue (tests and benchmarks with a throwaway prefix). */
  async obliterate(): Promise<void> {
    await this.#queue.obliterate({ force: true });
  }
}
