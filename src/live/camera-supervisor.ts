/**
 * The supervisor of one camera's matching loop (issue 14), as pure state: every per-frame error is
 * counted by a reason code and answered with a backoff delay; after `failingAfter` consecutive
 * failures the camera is `failing` (shown in its status, the metrics, the deployment record and the
 * audit log) until the next frame that goes through, when it recovers by itself. No I/O, no timers:
 * the runner (live-runner.ts) does the waiting and the reporting.
 */
import { backoffDelay, type BackoffOptions } from './camera-status.ts';

/**
 * Why a frame (or an alert) failed: `engine` the face engine (e.g. a worker died); `image` the
 * crop of an alerting face could not be made; `watchlist` the entry's image could not be read;
 * `alert-store` the alert could not be stored (it is kept and retried); `source` the camera's
 * frames stopped with an error (the camera is reopened); `counts-store` the deployment's counts
 * could not be written (they are kept for the next write).
 */
export const cameraErrorReasons = ['engine', 'image', 'watchlist', 'alert-store', 'source', 'counts-store'] as const;
export type CameraErrorReason = (typeof cameraErrorReasons)[number];

/** An error of the matching loop with its reason code. */
export class CameraLoopError extends Error {
  constructor(
    readonly reason: CameraErrorReason,
    cause: unknown,
  ) {
    super(`${reason}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'CameraLoopError';
  }
}

/** Runs `fn`; whatever it throws becomes a CameraLoopError with this reason. */
export async function tagged<T>(reason: CameraErrorReason, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof CameraLoopError ? err : new CameraLoopError(reason, err);
  }
}

export function reasonOf(err: unknown): CameraErrorReason {
  return err instanceof CameraLoopError ? err.reason : 'engine';
}

export interface SupervisorOptions {
  /** Consecutive failures after which the camera is `failing` (config `live.failingAfter`, default 5). */
  readonly failingAfter: number;
  /** The wait after each failure, growing with consecutive failures. */
  readonly backoff: BackoffOptions;
  readonly random?: () => number;
}

export const defaultSupervisorBackoff: BackoffOptions = { initialMs: 200, maxMs: 10_000, factor: 2, jitter: 0.2 };

/** What the camera's status shows of its matching. */
export interface MatchingStatus {
  readonly matching: 'ok' | 'failing';
  readonly consecutiveFailures: number;
  /** Errors since the start, by reason code. */
  readonly errors: Partial<Record<CameraErrorReason, number>>;
  readonly lastErrorReason?: CameraErrorReason;
  /** When the camera went failing (ms), while it is. */
  readonly failingSince?: number;
  /** Times it went failing, and times it recovered. */
  readonly failingPeriods: number;
  readonly recoveries: number;
  readonly framesAnalysed: number;
  readonly framesFailed: number;
}

export class CameraSupervisor {
  private consecutive = 0;
  private readonly errors: Partial<Record<CameraErrorReason, number>> = {};
  private lastReason: CameraErrorReason | undefined;
  private failingSince: number | undefined;
  private periods = 0;
  private recovered = 0;
  private analysed = 0;
  private failedFrames = 0;

  constructor(private readonly o: SupervisorOptions) {
    if (!(Number.isInteger(o.failingAfter) && o.failingAfter >= 1)) throw new RangeError('failingAfter must be >= 1');
  }

  get failing(): boolean {
    return this.failingSince !== undefined;
  }

  /** One failure: its delay before the next try, and whether the camera went failing with it. */
  failure(reason: CameraErrorReason, at: number, frameLost = true): { delayMs: number; becameFailing: boolean } {
    this.consecutive++;
    this.errors[reason] = (this.errors[reason] ?? 0) + 1;
    this.lastReason = reason;
    if (frameLost) this.failedFrames++;
    const becameFailing = !this.failing && this.consecutive >= this.o.failingAfter;
    if (becameFailing) {
      this.failingSince = at;
      this.periods++;
    }
    return { delayMs: backoffDelay(this.consecutive, this.o.backoff, this.o.random), becameFailing };
  }

  /** A frame was analysed by the engine (whatever became of its alerts). */
  analysedFrame(): void {
    this.analysed++;
  }

  /** A frame went through, alerts and all: the failure run ends; returns the failing period it closes, if any. */
  success(at: number): { from: number; to: number } | undefined {
    this.consecutive = 0;
    const from = this.failingSince;
    if (from === undefined) return undefined;
    this.failingSince = undefined;
    this.recovered++;
    return { from, to: Math.max(from, at) };
  }

  status(): MatchingStatus {
    return {
      matching: this.failing ? 'failing' : 'ok',
      consecutiveFailures: this.consecutive,
      errors: { ...this.errors },
      ...(this.lastReason ? { lastErrorReason: this.lastReason } : {}),
      ...(this.failingSince !== undefined ? { failingSince: this.failingSince } : {}),
      failingPeriods: this.periods,
      recoveries: this.recovered,
      framesAnalysed: this.analysed,
      framesFailed: this.failedFrames,
    };
  }
}
