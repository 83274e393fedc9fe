/**
 * Where a pool worker runs (issue 14): a worker thread, or a child process of its own.
 *
 * - `thread` (worker_threads): cheapest to start and to talk to, but it shares the process. It is
 *   never terminated from outside (that aborts the process inside a native call, see
 *   worker-pool.ts), and every replaced thread leaves memory behind in the process (12-28 MB of RSS
 *   each with onnxruntime-node), so a long-running server that replaces workers grows.
 * - `process` (child_process.fork, messages by structured clone over IPC with
 *   `serialization: 'advanced'`, which carries typed arrays and Buffers): a process of its own, so
 *   a crash, a hang or a real `kill -9` touches nothing of the caller's, it can be killed at any
 *   moment (SIGKILL is safe for a process), and its exit gives all its memory back to the system.
 *
 * Both look the same to the pool: send a message, hear messages, an error and an exit. The worker
 * side (worker-pool-port.ts) hides the difference from the worker's code.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export type WorkerIsolation = 'thread' | 'process';

/** The first message of a child process asks for its data; the pool answers with this. */
export interface ChildHello {
  readonly hello: true;
}
export interface ChildInit {
  readonly workerData: unknown;
}

/**
 * One worker as the pool sees it. Events: `message` (msg), `error` (Error), `exit` (detail: how it
 * ended, e.g. `exited with code 3` or `killed by SIGKILL`).
 */
export interface PoolWorker extends EventEmitter {
  readonly isolation: WorkerIsolation;
  /** The child's process id (process isolation only). */
  readonly pid: number | undefined;
  send(message: unknown, transfer: ArrayBuffer[]): void;
  /** SIGKILL (process isolation only; a thread cannot be killed safely): false when not possible. */
  kill(): boolean;
  /** The worker no longer holds the caller's process open. */
  unref(): void;
}

export function startPoolWorker(isolation: WorkerIsolation, entry: URL, workerData: unknown): PoolWorker {
  return isolation === 'process' ? new ChildWorker(entry, workerData) : new ThreadWorker(entry, workerData);
}

class ThreadWorker extends EventEmitter implements PoolWorker {
  readonly isolation = 'thread';
  readonly pid = undefined;
  private readonly worker: Worker;

  constructor(entry: URL, workerData: unknown) {
    super();
    this.worker = new Worker(entry, { workerData });
    this.worker.on('message', (msg: unknown) => this.emit('message', msg));
    this.worker.on('error', (err: Error) => this.emit('error', err));
    this.worker.on('exit', (code: number) => this.emit('exit', `exited with code ${code}`));
  }

  send(message: unknown, transfer: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }

  kill(): boolean {
    return false;
  }

  unref(): void {
    this.worker.unref();
  }
}

class ChildWorker extends EventEmitter implements PoolWorker {
  readonly isolation = 'process';
  private readonly child: ChildProcess;
  private exited = false;

  constructor(entry: URL, workerData: unknown) {
    super();
    // execArgv is not inherited (a test runner's or an inspector's flags have no place in the
    // child): the entry itself decides how to load the worker (compiled, or the sources via tsx).
    this.child = fork(fileURLToPath(entry), [], {
      serialization: 'advanced',
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (msg: unknown) => {
      if (msg !== null && typeof msg === 'object' && 'hello' in msg) {
        this.send({ workerData } satisfies ChildInit);
        return;
      }
      this.emit('message', msg);
    });
    this.child.on('error', (err: Error) => this.emit('error', err));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.emit('exit', signal ? `killed by ${signal}` : `exited with code ${code}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: unknown): void {
    if (this.exited || !this.child.connected) return; // its exit is on the way and reported
    // A failed send (the channel closing under it) ends in the child's exit, which is reported.
    this.child.send(message as object, (err) => {
      if (err) this.kill();
    });
  }

  kill(): boolean {
    if (this.exited) return false;
    return this.child.kill('SIGKILL');
  }

  unref(): void {
    this.child.unref();
    this.child.channel?.unref();
  }
}
