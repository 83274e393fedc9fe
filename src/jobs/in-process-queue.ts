/**
 * The in-process queue: jobs run in this process, in order of arrival, `concurrency` at a time.
 * It keeps every job it has seen (so ids stay idempotent for the life of the process) and holds
 * nothing across a restart: the embedded mode's handlers are idempotent and a re-run resumes.
 */
import { randomUUID } from 'node:crypto';
import { parsePayload, type JobName, type JobPayload } from './catalogue.ts';
import {
  backoffDelay,
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

interface Entry {
  readonly id: string;
  readonly name: JobName;
  readonly payload: unknown;
  state: JobState;
  attempts: number;
  progress: number;
  result?: JobResult;
  error?: string;
  failedAt?: string;
}

export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  readonly #jobs = new Map<string, Entry>();
  readonly #waiting: Entry[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  readonly #retry: RetryPolicy;
  #handlers: JobHandlers | undefined;
  #concurrency = 1;
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: { retry?: Partial<RetryPolicy> } = {}) {
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<string> {
    if (this.#closed) throw new Error('the queue is closed');
    const checked = parsePayload(name, payload);
    const id = options.jobId !== undefined ? checkJobId(options.jobId) : randomUUID();
    if (this.#jobs.has(id)) return id;
    const entry: Entry = { id, name, payload: checked, state: 'waiting', attempts: 0, progress: 0 };
    this.#jobs.set(id, entry);
    this.#waiting.push(entry);
    this.#pump();
    return id;
  }

  process(handlers: JobHandlers, options: ProcessOptions = {}): void {
    if (this.#handlers) throw new Error('this queue is already processing');
    this.#handlers = handlers;
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
    this.#pump();
  }

  async job(id: string): Promise<JobInfo | undefined> {
    const e = this.#jobs.get(id);
    if (!e) return undefined;
    return {
      id: e.id,
      name: e.name,
      state: e.state,
      progress: e.progress,
      attempts: e.attempts,
      ...(e.result ? { result: e.result } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
    };
  }

  async counts(): Promise<QueueCounts> {
    const c = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    for (const e of this.#jobs.values()) c[e.state]++;
    return c;
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    return [...this.#jobs.values()]
      .filter((e) => e.state === 'failed')
      .reverse()
      .slice(0, limit)
      .map((e) => ({
        id: e.id,
        name: e.name,
        payload: e.payload,
        error: e.error ?? 'unknown',
        attempts: e.attempts,
        failedAt: e.failedAt ?? '',
      }));
  }

  whenIdle(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Jobs waiting for a retry are returned (dropped here: the embedded mode re-runs them on restart).
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
    this.#notifyIdle(true);
  }

  #idle(): boolean {
    return this.#waiting.length === 0 && this.#running.size === 0 && this.#timers.size === 0;
  }

  #notifyIdle(force = false): void {
    if (!force && !this.#idle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }

  #pump(): void {
    if (!this.#handlers || this.#closed) return;
    while (this.#running.size < this.#concurrency) {
      const entry = this.#waiting.shift();
      if (!entry) break;
      const run = this.#run(entry).finally(() => {
        this.#running.delete(run);
        this.#pump();
        this.#notifyIdle();
      });
      this.#running.add(run);
    }
  }

  async #run(entry: Entry): Promise<void> {
    entry.state = 'active';
    entry.attempts++;
    const handler = this.#handlers?.[entry.name] as JobHandler<JobName> | undefined;
    const finalAttempt = entry.attempts >= this.#retry.attempts;
    try {
      if (!handler) throw new Error(`no handler for ${entry.name} in this process`);
      entry.result = await handler(parsePayload(entry.name, entry.payload), {
        id: entry.id,
        name: entry.name,
        attempt: entry.attempts,
        finalAttempt,
        progress: async (p) => {
          entry.progress = p;
        },
      });
      entry.state = 'completed';
      entry.progress = 100;
    } catch (err) {
      entry.error = err instanceof Error ? err.message : String(err);
      if (finalAttempt || this.#closed) {
        entry.state = 'failed';
        entry.failedAt = new Date().toISOString();
        return;
      }
      entry.state = 'delayed';
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          entry.state = 'waiting';
          this.#waiting.push(entry);
          this.#pump();
        },
        backoffDelay(entry.attempts, this.#retry),
      );
      this.#timers.add(timer);
    }
  }
}
