/** Totals of a live runner across its cameras (camera-loop.ts counts into them; the soak run and tests read them). */
import type { CameraErrorReason } from './camera-supervisor.ts';

export interface LiveTotals {
  framesAnalysed: number;
  framesFailed: number;
  alertsRaised: number;
  alertsStored: number;
  /** Alerts not stored because the deployment was no longer live. */
  alertsRefused: number;
  failingPeriods: number;
  recoveries: number;
  errors: Partial<Record<CameraErrorReason, number>>;
}

export const emptyTotals = (): LiveTotals => ({
  framesAnalysed: 0,
  framesFailed: 0,
  alertsRaised: 0,
  alertsStored: 0,
  alertsRefused: 0,
  failingPeriods: 0,
  recoveries: 0,
  errors: {},
});
