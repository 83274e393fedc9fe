/**
 * The scheduled purge for the server (R19): every `everyMs`, one purge run as the system (actor
 * null, trigger 'schedule'). Runs never overlap; a failure is reported (the run itself records it)
 * and the next tick tries again. The timer does not keep the process alive.
 */
import type { PurgeRunResult } from './purge-runner.ts';
import { startPeriodicJob } from '../../shared/periodic-job.ts';

export interface PurgeScheduleOptions {
  readonly retention: {
    purge(o: { actor: string | null; trigger: 'schedule' | 'manual' }): Promise<PurgeRunResult>;
  };
  readonly everyMs: number;
  /** Also run once right away (default false). */
  readonly immediately?: boolean;
  readonly onRun?: (run: PurgeRunResult) => void;
  readonly onError?: (err: unknown) => void;
}

export interface PurgeSchedule {
  /** Runs a purge now (after a run already in progress); null once stopped. */
  runNow(): Promise<PurgeRunResult | null>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export const MIN_PURGE_INTERVAL_MS = 1000;

export function startPurgeSchedule(o: PurgeScheduleOptions): PurgeSchedule {
  return startPeriodicJob({
    name: 'purge',
    everyMs: o.everyMs,
    minEveryMs: MIN_PURGE_INTERVAL_MS,
    ...(o.immediately !== undefined ? { immediately: o.immediately } : {}),
    ...(o.onError ? { onError: o.onError } : {}),
    run: async () => {
      const result = await o.retention.purge({ actor: null, trigger: 'schedule' });
      o.onRun?.(result);
      return result;
    },
  });
}
