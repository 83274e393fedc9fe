/** The live tables' rows as read (Selectable), shared by the live repositories and their callers. */
import type { Selectable } from 'kysely';
import type {
  AlertDecisionsTable,
  AlertsTable,
  CamerasTable,
  DeploymentsTable,
  WatchlistEntriesTable,
} from '../db/tables/live.ts';

export type DeploymentRow = Selectable<DeploymentsTable>;
export type WatchlistEntryRow = Selectable<WatchlistEntriesTable>;
export type CameraRow = Selectable<CamerasTable>;
export type AlertRow = Selectable<AlertsTable>;
export type AlertDecisionRow = Selectable<AlertDecisionsTable>;

/** A gap in a camera's coverage, as kept in `cameras.gaps_json` (wall-clock ms; `to` absent while open). */
export interface RecordedGap {
  readonly from: number;
  readonly to?: number;
  readonly reason: string;
}
