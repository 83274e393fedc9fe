/**
 * A job run every `everyMs` by the server (audit anchors, retention purges): runs never overlap,
 * a failure is always reported (to `onError`, else as an error line on stderr: issue 14, never
 * silent and never an unhandled rejection) and the next tick tries again, `runNow` waits for a run
 * in progress, and the timer does not keep the process alive.
 */
import { stderrLog } from './log.ts';

export interface PeriodicJob<T> {
  /** Runs now (after a run already in progress); null once stopped. */
  runNow(): Promise<T | null>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface PeriodicJobOptions<T> {
  readonly name: string;
  readonly everyMs: number;
  readonly minEveryMs?: number;
  /** Also run once right away (default false). */
  readonly immediately?: boolean;
  readonly run: () => Promise<T>;
  /** Where a failed run is reported (the role loops pass the server's logger); default stderr. */
  readonly onError?: (err: unknown) => void;
}

export function startPeriodicJob<T>(o: PeriodicJobOptions<T>): PeriodicJob<T> {
  const min = o.minEveryMs ?? 1000;
  if (!(o.everyMs >= min)) throw new RangeError(`${o.name} interval must be at least ${min} ms`);
  let running: Promise<T | null> = Promise.resolve(null);
  let stopped = false;
  const run = (): Promise<T | null> => {
    running = running.catch(() => null).then(async () => (stopped ? null : o.run()));
    return running;
  };
  const report =
    o.onError ?? ((err: unknown) => stderrLog.error({ job: o.name, err: String(err) }, `${o.name} failed`));
  const tick = (): void => {
    run().catch((err: unknown) => {
      try {
        report(err);
      } catch {
        // A reporter that throws must not turn a failed run into an unhandled rejection.
      }
    });
  };
  const timer = setInterval(tick, o.everyMs);
  timer.unref();
  if (o.immediately) tick();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running.catch(() => null);
    },
  };
}

/** The slot of time `at` falls in, for work scheduled every `everyMs`: `20250101T121000Z`. */
export function timeSlot(at: Date, everyMs: number): string {
  if (!Number.isInteger(everyMs) || everyMs < 1000) throw new RangeError('everyMs must be at least 1000');
  const start = new Date(Math.floor(at.getTime() / everyMs) * everyMs);
  return start
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
