/**
 * A fixed pool of workers that each run one task at a time, fed from one queue. A worker is a
 * thread or a child process (`isolation`, worker-pool-hosts.ts). A worker that dies fails only its
 * own task and is replaced; the caller's process goes on.
 *
 * Process isolation (issue 14): a child that crashes, exits or is killed (`kill -9`) fails only its
 * task in flight (`worker-crashed`) and is replaced; one past `taskTimeoutMs` is killed with
 * SIGKILL and replaced; `crashWorker()` is a real SIGKILL. Its exit gives back all its memory.
 *
 * Thread isolation: the pool never calls `Worker.terminate()` (issue 14): terminating a thread
 * inside a synchronous native call (onnxruntime-node's `session.run`) aborts the whole process
 * (`Napi::Error`, exit 134). So a worker is told to leave with `{ control: 'exit' }` and calls
 * `process.exit()` itself between native calls; `{ control: 'crash' }` (the test fault) makes it
 * throw an uncaught exception, as a real crash would; a task past `taskTimeoutMs` fails with
 * `worker-hung` and its worker is retired (it exits when its native call returns) and replaced at
 * once; `close()` lets tasks in flight finish, then asks every worker to exit and waits.
 *
 * Every worker that died or was retired and replaced counts in `restarts` (and `onRestart`).
 */
import { startPoolWorker, type PoolWorker, type WorkerIsolation } from './worker-pool-hosts.ts';

export type { WorkerIsolation } from './worker-pool-hosts.ts';

interface Pending<R> {
  readonly id: number;
  readonly message: unknown;
  readonly transfer: ArrayBuffer[];
  /** Resolves once the task has settled, whichever way. */
  readonly settled: Promise<void>;
  resolve(value: R): void;
  reject(err: Error): void;
}

interface Slot<R> {
  readonly worker: PoolWorker;
  busy?: Pending<R>;
  timer?: NodeJS.Timeout;
  loaded: boolean;
  /** Lost (crashed, exited, hung or retired): its place is, or is being, taken by another. */
  lost: boolean;
  gone: boolean;
  ready: Promise<void>;
  readonly exited: Promise<void>;
}

/** A worker replies `{ id, ok: true, result }` or `{ id, ok: false, error: { name, code?, message } }`. */
export type WorkerReply<R> =
  | { readonly id: number; readonly ok: true; readonly result: R }
  | { readonly id: number; readonly ok: false; readonly error: { name: string; code?: string; message: string } };

/** What the pool posts to a worker besides tasks; a worker must obey both (see the module comment). */
export type WorkerControl = { readonly control: 'exit' } | { readonly control: 'crash' };

/** Error raised on the caller's side for a task the worker reported as failed. */
export class WorkerTaskError extends Error {
  constructor(
    name: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = name;
  }
}

/** Why a worker was replaced. */
export type WorkerRestartReason = 'crashed' | 'hung';

/** A task lost with its worker: the worker crashed or exited under it, or took too long. */
export class WorkerLostError extends Error {
  override readonly name = 'WorkerLostError';
  constructor(
    readonly code: 'worker-crashed' | 'worker-hung' | 'pool-closed',
    message: string,
  ) {
    super(message);
  }
}

export interface WorkerPoolOptions {
  /**
   * Module the workers run (a file URL). It posts `{ ready: true }` once loaded, or `{ fatal }`;
   * it takes its data and its messages from `workerHostPort()` (worker-pool-port.ts).
   */
  readonly entry: URL;
  /** Each worker a thread (default) or a child process of its own. */
  readonly isolation?: WorkerIsolation;
  readonly size: number;
  /** Passed to every worker as `workerData`. */
  readonly workerData: unknown;
  /** A task running longer fails (`worker-hung`) and its worker is replaced (default: no limit). */
  readonly taskTimeoutMs?: number;
  /** Longest `close()` waits for tasks in flight and for workers to exit (default 30 s). */
  readonly closeTimeoutMs?: number;
  /** Called whenever a worker is replaced. */
  readonly onRestart?: (reason: WorkerRestartReason, detail: string) => void;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref());
const MAX_RESPAWN_DELAY_MS = 30_000;

export class WorkerPool<R> {
  private readonly slots: Slot<R>[] = [];
  private readonly queue: Pending<R>[] = [];
  /** Workers asked to leave that have not exited yet (a hung one exits when its call returns). */
  private readonly leaving = new Set<Slot<R>>();
  private nextId = 1;
  private closed = false;
  private restartCount = 0;
  /** Replacements in a row that failed to load: the next waits longer. */
  private loadFailures = 0;

  private constructor(private readonly options: WorkerPoolOptions) {}

  /** Starts the workers and waits until each has loaded (or throws the first load failure). */
  static async start<R>(options: WorkerPoolOptions): Promise<WorkerPool<R>> {
    const pool = new WorkerPool<R>(options);
    for (let i = 0; i < Math.max(1, options.size); i++) pool.slots.push(pool.spawn());
    try {
      await Promise.all(pool.slots.map((s) => s.ready));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Workers replaced since the start (crashed, exited or hung). */
  get restarts(): number {
    return this.restartCount;
  }

  get isolation(): WorkerIsolation {
    return this.options.isolation ?? 'thread';
  }

  /** The process ids of the workers in place (process isolation; empty for threads). */
  get pids(): number[] {
    return this.slots.flatMap((s) => (s.worker.pid !== undefined && !s.gone ? [s.worker.pid] : []));
  }

  /** Retired workers still running (a thread hung in a call that has not returned). */
  get retiring(): number {
    return this.leaving.size;
  }

  run(message: object, transfer: ArrayBuffer[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new WorkerLostError('pool-closed', 'the worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      let done!: () => void;
      const settled = new Promise<void>((d) => (done = d));
      this.queue.push({
        id: this.nextId++,
        message,
        transfer,
        settled,
        resolve: (v) => (resolve(v), done()),
        reject: (e) => (reject(e), done()),
      });
      this.dispatch();
    });
  }

  /**
   * Fault injection (tests, the soak): makes one worker crash; a busy worker is chosen first, so its
   * task is the one that fails. `kill` (the default for a child process) is a real SIGKILL;
   * `exception` (the only way for a thread) makes it throw an uncaught exception, as a bug in its
   * code would. Returns false when no loaded worker was there to crash.
   */
  crashWorker(how: 'kill' | 'exception' = this.isolation === 'process' ? 'kill' : 'exception'): boolean {
    const loaded = this.slots.filter((s) => s.loaded && !s.lost);
    const slot = loaded.find((s) => s.busy) ?? loaded[0];
    if (!slot) return false;
    if (how === 'kill' && slot.worker.kill()) return true;
    slot.worker.send({ control: 'crash' } satisfies WorkerControl, []);
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.queue.splice(0))
      p.reject(new WorkerLostError('pool-closed', 'the worker pool closed before the task ran'));
    const limit = this.options.closeTimeoutMs ?? 30_000;
    const inFlight = this.slots.flatMap((s) => (s.busy ? [s.busy.settled] : []));
    await Promise.race([Promise.all(inFlight), sleep(limit)]);
    for (const slot of this.slots.splice(0)) this.retire(slot);
    await Promise.race([Promise.all([...this.leaving].map((s) => s.exited)), sleep(limit)]);
    // A child still there is killed; a thread still inside a native call is left to finish, and
    // must not hold the process open.
    for (const slot of this.leaving) if (!slot.worker.kill()) slot.worker.unref();
  }

  private spawn(): Slot<R> {
    const worker = startPoolWorker(this.isolation, this.options.entry, this.options.workerData);
    let exited!: () => void;
    const slot: Slot<R> = {
      worker,
      loaded: false,
      lost: false,
      gone: false,
      ready: Promise.resolve(),
      exited: new Promise<void>((done) => (exited = done)),
    };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onFirst = (msg: unknown) => {
        const m = msg as { ready?: boolean; fatal?: string };
        if (m.ready) resolve();
        else reject(new Error(m.fatal ?? 'worker failed to start'));
      };
      worker.once('message', onFirst);
      worker.once('error', reject);
      worker.once('exit', (detail: string) => reject(new Error(`worker ${detail} while loading`)));
    }).then(() => {
      slot.loaded = true;
      this.loadFailures = 0;
      worker.on('message', (msg: WorkerReply<R>) => this.onReply(slot, msg));
      this.dispatch();
    });
    // start() reports a failure to load; a replacement's is retried. A child that failed to load
    // may still be there (it listens for messages): it is killed, and its exit tells the pool.
    slot.ready.catch(() => void (slot.gone || worker.kill()));
    worker.on('error', (err: Error) => this.onLost(slot, 'crashed', err.message));
    worker.on('exit', (detail: string) => {
      slot.gone = true;
      exited();
      this.leaving.delete(slot);
      this.onLost(slot, 'crashed', detail);
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.loaded || slot.busy || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      slot.busy = task;
      const limit = this.options.taskTimeoutMs;
      if (limit !== undefined && limit > 0) {
        slot.timer = setTimeout(() => this.onLost(slot, 'hung', `no answer within ${limit} ms`), limit);
      }
      slot.worker.send({ id: task.id, ...(task.message as object) }, task.transfer);
    }
  }

  private onReply(slot: Slot<R>, msg: WorkerReply<R>): void {
    const task = slot.busy;
    if (!task || task.id !== msg.id) return;
    clearTimeout(slot.timer);
    slot.busy = undefined;
    if (msg.ok) task.resolve(msg.result);
    else task.reject(new WorkerTaskError(msg.error.name, msg.error.code, msg.error.message));
    this.dispatch();
  }

  /**
   * Asks a worker to leave; a thread is never terminated from outside (see the module comment).
   * A child that is hung, or has not loaded yet, is killed at once.
   */
  private retire(slot: Slot<R>, hung = false): void {
    slot.lost = true;
    if (slot.gone) return;
    this.leaving.add(slot);
    if ((hung || !slot.loaded) && slot.worker.kill()) return;
    slot.worker.send({ control: 'exit' } satisfies WorkerControl, []);
  }

  /** A worker crashed, exited or hung: fail its task, replace it, count it. */
  private onLost(slot: Slot<R>, reason: WorkerRestartReason, detail: string): void {
    if (slot.lost) return;
    slot.lost = true;
    clearTimeout(slot.timer);
    const task = slot.busy;
    slot.busy = undefined;
    const code = reason === 'hung' ? 'worker-hung' : 'worker-crashed';
    task?.reject(new WorkerLostError(code, `the worker stopped while working on this task (${reason}: ${detail})`));
    if (reason === 'hung') this.retire(slot, true);
    // A child that reported an error but is still there is not left running beside its replacement.
    else if (!slot.gone) slot.worker.kill();
    if (this.closed) return;
    if (slot.loaded) {
      this.restartCount++;
      this.options.onRestart?.(reason, detail);
    }
    // A replacement that failed to load is tried again after a growing delay, not in a hot loop.
    const delay = slot.loaded ? 0 : Math.min(MAX_RESPAWN_DELAY_MS, 500 * 2 ** this.loadFailures++);
    const swap = () => {
      const index = this.slots.indexOf(slot);
      if (index >= 0 && !this.closed) this.slots[index] = this.spawn();
    };
    if (delay === 0) swap();
    else setTimeout(swap, delay).unref();
  }
}
