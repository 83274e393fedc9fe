/**
 * Periodic anchoring for the server: every `everyMs`, anchor the chain head if anything was
 * appended since the last anchor. Runs never overlap; a failure is reported and the next tick tries
 * again. The timer does not keep the process alive.
 */
import type { Queryable } from '../../db/database.ts';
import { anchorIfChanged, type AuditAnchor } from './audit-anchors.ts';
import type { AuditSigningKey } from './signing-key.ts';

export interface AnchorScheduleOptions {
  readonly db: Queryable;
  readonly key: AuditSigningKey;
  readonly everyMs: number;
  /** Also anchor once right away (default false). */
  readonly immediately?: boolean;
  readonly onAnchor?: (anchor: AuditAnchor) => void;
  readonly onError?: (err: unknown) => void;
}

export interface AnchorSchedule {
  /** Anchors now if anything changed (waits for a run already in progress first). */
  runNow(): Promise<AuditAnchor | null>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export const MIN_ANCHOR_INTERVAL_MS = 1000;

export function startAnchorSchedule(o: AnchorScheduleOptions): AnchorSchedule {
  if (!(o.everyMs >= MIN_ANCHOR_INTERVAL_MS)) {
    throw new RangeError(`anchor interval must be at least ${MIN_ANCHOR_INTERVAL_MS} ms`);
  }
  let running: Promise<AuditAnchor | null> = Promise.resolve(null);
  let stopped = false;

  const run = (): Promise<AuditAnchor | null> => {
    running = running
      .catch(() => null)
      .then(async () => {
        if (stopped) return null;
        const anchor = await anchorIfChanged(o.db, o.key);
        if (anchor) o.onAnchor?.(anchor);
        return anchor;
      });
    return running;
  };
  const tick = (): void => {
    run().catch((err: unknown) => o.onError?.(err));
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
