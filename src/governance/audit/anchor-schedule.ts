/**
 * Periodic anchoring for the server: every `everyMs`, anchor the chain head if anything was
 * appended since the last anchor. Runs never overlap; a failure is reported and the next tick tries
 * again. The timer does not keep the process alive.
 */
import type { Queryable } from '../../db/database.ts';
import { anchorIfChanged, type AuditAnchor } from './audit-anchors.ts';
import type { AuditSigningKey } from './signing-key.ts';
import { startPeriodicJob } from '../../shared/periodic-job.ts';

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
  return startPeriodicJob({
    name: 'anchor',
    everyMs: o.everyMs,
    minEveryMs: MIN_ANCHOR_INTERVAL_MS,
    ...(o.immediately !== undefined ? { immediately: o.immediately } : {}),
    ...(o.onError ? { onError: o.onError } : {}),
    run: async () => {
      const anchor = await anchorIfChanged(o.db, o.key);
      if (anchor) o.onAnchor?.(anchor);
      return anchor;
    },
  }) as AnchorSchedule;
}
