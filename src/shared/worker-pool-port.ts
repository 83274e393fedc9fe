/**
 * The worker's side of a pool worker (worker-pool.ts), the same in a thread and in a child process
 * (worker-pool-hosts.ts): its data, a way to post replies and to hear requests.
 *
 * In a child process the data comes over IPC: the child says hello once it listens and the pool
 * answers with the data (a message sent before a listener is there would be lost). A child whose
 * parent is gone (the IPC channel closed) exits: no orphan keeps the nets loaded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChildHello, ChildInit } from './worker-pool-hosts.ts';

export interface WorkerHostPort {
  readonly workerData: unknown;
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

export async function workerHostPort(): Promise<WorkerHostPort> {
  const thread = parentPort;
  if (thread) {
    return {
      workerData,
      post: (m) => thread.postMessage(m),
      onMessage: (listener) => void thread.on('message', listener),
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('a pool worker runs in a worker thread or in a child process forked with IPC');
  process.once('disconnect', () => process.exit(0));
  // One listener from the start: what arrives before the worker listens waits for it.
  let listener: ((message: unknown) => void) | undefined;
  const early: unknown[] = [];
  let init: ((data: unknown) => void) | undefined;
  process.on('message', (m: unknown) => {
    if (init && m !== null && typeof m === 'object' && 'workerData' in m) {
      init((m as ChildInit).workerData);
      init = undefined;
    } else if (listener) listener(m);
    else early.push(m);
  });
  const data = await new Promise<unknown>((resolve) => {
    init = resolve;
    send({ hello: true } satisfies ChildHello);
  });
  return {
    workerData: data,
    post: (m) => void send(m as object),
    onMessage: (l) => {
      listener = l;
      for (const m of early.splice(0)) l(m);
    },
  };
}
