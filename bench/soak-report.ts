/**
 * The soak's figures (issue 14), kept apart from the run so a test can check their shape without
 * running a soak: what the live runner counted, what the database holds, the faults injected.
 */
import type { LiveTotals } from '../src/live/camera-loop.ts';

export interface SoakFaults {
  workersCrashed: number;
  databaseLocks: number;
  sourceDrops: number;
}

export interface SoakGap {
  readonly from: number;
  readonly to?: number;
  readonly reason: string;
}

export interface SoakInput {
  readonly minutes: number;
  readonly totals: LiveTotals;
  readonly alertsStored: number;
  readonly distinctAlertIds: number;
  readonly auditFailing: number;
  readonly auditRecovered: number;
  readonly faults: SoakFaults;
  readonly workerRestarts: number;
  readonly gaps: readonly SoakGap[];
  readonly rssStartMb: number;
  readonly rssEndMb: number;
}

export interface SoakReport {
  readonly minutes: number;
  readonly framesAnalysed: number;
  readonly framesFailed: number;
  readonly errors: Partial<Record<string, number>>;
  readonly failingPeriods: number;
  readonly recoveries: number;
  readonly auditFailing: number;
  readonly auditRecovered: number;
  readonly alertsRaised: number;
  readonly alertsStored: number;
  readonly alertsRefusedAfterClose: number;
  /** Every alert raised and not refused is stored, each once. */
  readonly alertsAddUp: boolean;
  readonly faults: SoakFaults;
  readonly workerRestarts: number;
  /** Source gaps on the camera's record, closed ones with their length. */
  readonly sourceGaps: readonly { readonly reason: string; readonly seconds?: number }[];
  readonly rssStartMb: number;
  readonly rssEndMb: number;
}

export function soakReport(i: SoakInput): SoakReport {
  const t = i.totals;
  return {
    minutes: i.minutes,
    framesAnalysed: t.framesAnalysed,
    framesFailed: t.framesFailed,
    errors: t.errors,
    failingPeriods: t.failingPeriods,
    recoveries: t.recoveries,
    auditFailing: i.auditFailing,
    auditRecovered: i.auditRecovered,
    alertsRaised: t.alertsRaised,
    alertsStored: i.alertsStored,
    alertsRefusedAfterClose: t.alertsRefused,
    alertsAddUp: i.alertsStored === i.distinctAlertIds && t.alertsRaised - t.alertsRefused === i.alertsStored,
    faults: i.faults,
    workerRestarts: i.workerRestarts,
    sourceGaps: i.gaps.map((g) => ({
      reason: g.reason,
      ...(g.to === undefined ? {} : { seconds: Math.round((g.to - g.from) / 100) / 10 }),
    })),
    rssStartMb: i.rssStartMb,
    rssEndMb: i.rssEndMb,
  };
}
