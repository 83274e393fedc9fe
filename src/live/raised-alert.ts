/** An alert as the pipeline raises it, before it is stored (and grouped, R21). */
import type { WatchlistEntryRow } from './live.repository.ts';

export interface RaisedAlert {
  /**
   * The idempotency key (issue 14): the pipeline gives each alert its id once and retries with it,
   * so an alert whose store failed (or seemed to) is stored exactly once. Default: a new id.
   */
  readonly id?: string;
  readonly deploymentId: string;
  readonly cameraId: string;
  readonly capturedAt: number;
  readonly score: number;
  readonly threshold: number;
  readonly trackFrames: number;
  readonly entry: WatchlistEntryRow;
  /** JPEG of the face that alerted. */
  readonly probeCrop: Uint8Array;
  /** The watchlist entry's image. */
  readonly reference: Uint8Array | undefined;
}
