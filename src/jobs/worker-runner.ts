/**
 * A worker process's loop: take jobs from the queue with the given handlers until told to stop
 * (SIGTERM or SIGINT), then shut down gracefully: running jobs finish, nothing new is taken.
 */
import type { JobHandlers, JobQueue } from './queue.ts';

export interface RunningWorker {
  /** Resolves once the worker has stopped (after a signal or `stop()`). */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

export function runWorker(o: {
  readonly queue: JobQueue;
  readonly handlers: JobHandlers;
  readonly concurrency?: number;
  /** Signals that stop the worker (default SIGTERM and SIGINT); [] for none. */
  readonly signals?: readonly NodeJS.Signals[];
  readonly log?: (line: string) => void;
}): RunningWorker {
  const signals = o.signals ?? ['SIGTERM', 'SIGINT'];
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const s of signals) process.off(s, onSignal);
      o.log?.('worker stopping: finishing the jobs in hand');
      try {
        await o.queue.close();
      } finally {
        resolveStopped();
      }
    })();
    return stopping;
  };
  const onSignal = () => void stop();
  for (const s of signals) process.on(s, onSignal);
  o.queue.process(o.handlers, { concurrency: o.concurrency ?? 1 });
  o.log?.(`worker taking jobs from the ${o.queue.kind} queue (concurrency ${o.concurrency ?? 1})`);
  return { stopped, stop };
}
