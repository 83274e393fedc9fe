/**
 * The transactional outbox of jobs (issue 14). A change that calls for work records the job in
 * the same transaction (`Outbox#add`), so the job exists exactly when the change does; the relay
 * then moves waiting rows to the queue, under the row's id as the job id (the queue's idempotency
 * key: relaying a row twice queues it once), and marks them relayed. A failed enqueue (the queue
 * unreachable, the process killed between the commit and the enqueue) leaves the row waiting, and
 * the next relay sends it.
 *
 * The in-process queue forgets every job with its process, and BullMQ may have lost a job whose
 * enqueue never happened; so at start-up `startOutboxRelay` first asks each resumer for the jobs
 * whose work is not done (an archive batch not scanned, its files still queued), records them as
 * waiting again and relays them: handlers are idempotent, so work already done is skipped and the
 * rest runs once more. Then it relays every `everyMs` (default 5 s) and forgets rows relayed more
 * than `keepRelayedDays` ago.
 */
import type { Kysely } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { VigilSchema } from '../db/schema.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { startPeriodicJob } from '../shared/periodic-job.ts';
import { isJobName, type JobName, type JobPayload } from './catalogue.ts';
import { OutboxRepository, type OutboxStore } from './outbox.repository.ts';
import type { JobQueue } from './queue.ts';

/** A job to queue: its name, payload and the job id that makes it idempotent. */
export type OutboxJob = {
  [N in JobName]: { readonly name: N; readonly payload: JobPayload<N>; readonly jobId: string };
}[JobName];

/** Where a resumer's jobs come from: pages of jobs whose work is not done. */
export type OutboxResumer = (db: Kysely<VigilSchema>) => AsyncIterable<readonly OutboxJob[]>;

export interface RelayResult {
  readonly relayed: number;
  readonly failed: number;
  /** The last failure's message, when any. */
  readonly lastError?: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface OutboxDeps {
  readonly store?: OutboxStore;
  /** The time rows are recorded and relayed at; default the system clock. */
  readonly clock?: Clock;
}

/** The outbox's rules over its table; the functions below use one on the system clock. */
export class Outbox {
  private readonly store: OutboxStore;
  private readonly clock: Clock;

  constructor(deps: OutboxDeps = {}) {
    this.store = deps.store ?? new OutboxRepository();
    this.clock = deps.clock ?? systemClock;
  }

  /**
   * Records jobs in the outbox with the caller's transaction. `again`: a job id already recorded
   * (and perhaps relayed to a queue that has since forgotten it) waits to be relayed again; without
   * it, a recorded job is left as it is.
   */
  async add(q: Queryable, jobs: readonly OutboxJob[], options: { again?: boolean } = {}): Promise<void> {
    if (jobs.length === 0) return;
    const at = this.clock.nowIso();
    const rows = jobs.map((j) => ({
      id: j.jobId,
      name: j.name,
      payload_json: JSON.stringify(j.payload),
      created_at: at,
      attempts: 0,
    }));
    await this.store.insert(q, rows, options.again === true);
  }

  /**
   * Relays waiting rows (all of them, or only `ids`) to the queue, fewest failed attempts and
   * oldest first, `pageSize` at a time until a page fails or none is left. A row the queue refuses
   * keeps waiting with its error; this never throws for one.
   */
  async relay(
    q: Queryable,
    queue: Pick<JobQueue, 'enqueue'>,
    options: { ids?: readonly string[]; pageSize?: number } = {},
  ): Promise<RelayResult> {
    const pageSize = options.pageSize ?? 500;
    let relayed = 0;
    let failed = 0;
    let lastError: string | undefined;
    if (options.ids?.length === 0) return { relayed, failed };
    for (;;) {
      const page = await this.store.waiting(q, { ids: options.ids, limit: pageSize });
      let pageFailed = 0;
      for (const row of page) {
        try {
          if (!isJobName(row.name)) throw new Error(`unknown job ${row.name}`);
          const name: JobName = row.name;
          await queue.enqueue(name, JSON.parse(row.payload_json) as JobPayload<typeof name>, { jobId: row.id });
          await this.store.markRelayed(q, row.id, this.clock.nowIso());
          relayed++;
        } catch (err) {
          pageFailed++;
          lastError = message(err);
          await this.store.markFailed(q, row.id, lastError.slice(0, 500));
        }
      }
      failed += pageFailed;
      if (pageFailed > 0 || page.length < pageSize || options.ids) break;
    }
    return { relayed, failed, ...(lastError !== undefined ? { lastError } : {}) };
  }

  /** Rows waiting to be relayed (for health checks and tests). */
  pending(q: Queryable): Promise<number> {
    return this.store.countWaiting(q);
  }

  /** Forgets rows relayed more than `keepMs` ago. */
  forgetRelayed(q: Queryable, keepMs: number): Promise<void> {
    return this.store.deleteRelayedBefore(q, new Date(this.clock.now().getTime() - keepMs).toISOString());
  }
}

const systemOutbox = new Outbox();

/** Rows waiting to be relayed (for health checks and tests). */
export function pendingOutbox(db: Queryable): Promise<number> {
  return systemOutbox.pending(db);
}

export interface OutboxRelayOptions {
  readonly db: Kysely<VigilSchema>;
  readonly queue: Pick<JobQueue, 'enqueue'>;
  /** Work to resume at start-up. */
  readonly resume?: readonly OutboxResumer[];
  /** Relay this often (ms); default 5 s. */
  readonly everyMs?: number;
  /** Forget rows relayed longer ago than this; default 7 days. */
  readonly keepRelayedDays?: number;
  /** A relay that sent or failed to send something. */
  readonly onRelay?: (r: RelayResult) => void;
  readonly onError?: (err: unknown) => void;
  /** The outbox's rules and clock; default one on the system clock. */
  readonly outbox?: Outbox;
}

export interface OutboxRelay {
  /** What the start-up pass resumed and relayed. */
  readonly started: RelayResult & { readonly resumed: number };
  /** Relays now (after a relay in progress); null once stopped. */
  runNow(): Promise<RelayResult | null>;
  stop(): Promise<void>;
}

/** Resumes unfinished work, relays what waits, and keeps relaying every `everyMs`. */
export async function startOutboxRelay(o: OutboxRelayOptions): Promise<OutboxRelay> {
  const outbox = o.outbox ?? systemOutbox;
  let resumed: number | null = null;
  const resume = async (): Promise<number> => {
    let n = 0;
    for (const resumer of o.resume ?? []) {
      for await (const jobs of resumer(o.db)) {
        await outbox.add(o.db, jobs, { again: true });
        n += jobs.length;
      }
    }
    return n;
  };
  const keepMs = (o.keepRelayedDays ?? 7) * 86_400_000;
  const run = async (): Promise<RelayResult> => {
    // The resumption runs once, at the first pass that reaches the database.
    resumed ??= await resume();
    const r = await outbox.relay(o.db, o.queue);
    if (r.relayed + r.failed > 0) o.onRelay?.(r);
    await outbox.forgetRelayed(o.db, keepMs);
    return r;
  };
  const started = await run().catch((err: unknown): RelayResult => {
    o.onError?.(err);
    return { relayed: 0, failed: 0, lastError: message(err) };
  });
  const job = startPeriodicJob({
    name: 'relay the job outbox',
    everyMs: o.everyMs ?? 5000,
    minEveryMs: 10,
    run,
    ...(o.onError ? { onError: o.onError } : {}),
  });
  return { started: { ...started, resumed: resumed ?? 0 }, runNow: job.runNow, stop: job.stop };
}
