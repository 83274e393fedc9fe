/**
 * A fixed pool of worker threads that each run one task at a time, fed from one queue.
 * A worker that dies fails only its own task and is replaced; the caller's process goes on.
 */
import { Worker } from 'node:worker_threads';

interface Pending<R> {
  readonly id: number;
  readonly message: unknown;
  readonly transfer: ArrayBuffer[];
  resolve(value: R): void;
  reject(err: Error): void;
}

interface Slot<R> {
  worker: Worker;
  busy?: Pending<R>;
  ready: Promise<void>;
}

/** A worker replies `{ id, ok: true, result }` or `{ id, ok: false, error: { name, code?, message } }`. */
export type WorkerReply<R> =
  | { readonly id: number; readonly ok: true; readonly result: R }
  | { readonly id: number; readonly ok: false; readonly error: { name: string; code?: string; message: string } };

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

export interface WorkerPoolOptions {
  /** Module the workers run (a file URL). It posts `{ ready: true }` once loaded, or `{ fatal }`. */
  readonly entry: URL;
  readonly size: number;
  /** Passed to every worker as `workerData`. */
  readonly workerData: unknown;
}

export class WorkerPool<R> {
  private readonly slots: Slot<R>[] = [];
  private readonly queue: Pending<R>[] = [];
  private nextId = 1;
  private closed = false;

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

  run(message: object, transfer: ArrayBuffer[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, transfer, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the worker pool closed before the task ran'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot<R> {
    const worker = new Worker(this.options.entry, { workerData: this.options.workerData });
    const slot: Slot<R> = { worker, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onFirst = (msg: unknown) => {
        const m = msg as { ready?: boolean; fatal?: string };
        if (m.ready) resolve();
        else reject(new Error(m.fatal ?? 'worker failed to start'));
      };
      worker.once('message', onFirst);
      worker.once('error', reject);
    }).then(() => {
      worker.on('message', (msg: WorkerReply<R>) => this.onReply(slot, msg));
      this.dispatch();
    });
    worker.on('error', (err) => this.onExit(slot, err));
    worker.on('exit', (code) => this.onExit(slot, new Error(`worker exited with code ${code}`)));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const task = this.queue.shift()!;
      slot.busy = task;
      slot.worker.postMessage({ id: task.id, ...(task.message as object) }, task.transfer);
    }
  }

  private onReply(slot: Slot<R>, msg: WorkerReply<R>): void {
    const task = slot.busy;
    if (!task || task.id !== msg.id) return;
    slot.busy = undefined;
    if (msg.ok) task.resolve(msg.result);
    else task.reject(new WorkerTaskError(msg.error.name, msg.error.code, msg.error.message));
    this.dispatch();
  }

  private onExit(slot: Slot<R>, err: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const task = slot.busy;
    slot.busy = undefined;
    task?.reject(new Error(`the face-engine worker stopped while working on this task: ${err.message}`));
    if (this.closed) return;
    const replacement = this.spawn();
    this.slots[index] = replacement;
    replacement.ready.catch(() => undefined);
  }
}
