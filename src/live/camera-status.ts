/**
 * Per-camera status for live deployments, as pure parts: the states a feed goes through, the
 * gaps in its coverage, a moving-window frame rate and the reconnect backoff. No I/O, no timers:
 * every function takes the time it needs.
 */

/**
 * `connecting`: first attempt; `connected`: frames arriving; `reconnecting`: the source was lost
 * or refused, retrying with backoff; `ended`: a file played to its end (not looped); `failed`: the
 * source can never work as given (missing file, unsupported URL, ffmpeg missing), no retry;
 * `stopped`: `stop()` was called.
 */
export type CameraState = 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed' | 'stopped';

/**
 * What the live runner shows on top of the feed's state (issue 14): `failing` while frames arrive
 * but `live.failingAfter` in a row could not be matched (engine, alert store: see
 * camera-supervisor.ts); the feed's own state is then in `feedState`. Clears at the next good frame.
 */
export type ShownCameraState = CameraState | 'failing';

/**
 * Why coverage stopped: `connect-failed` the source could not be opened (first attempt or retry);
 * `source-ended` a live stream ended (the server closed it); `source-failed` decoding failed
 * mid-stream; `stalled` no frame arrived for the stall timeout.
 */
export type GapReason = 'connect-failed' | 'source-ended' | 'source-failed' | 'stalled';

/** A period without frames. Wall-clock milliseconds (Date.now()). */
export interface CameraGap {
  /** When the source was found lost (or the first connection failed). */
  readonly from: number;
  /** When frames arrived again; absent while the gap is open. */
  readonly to?: number;
  readonly reason: GapReason;
  /** What went wrong, for people (no passwords). */
  readonly detail: string;
  /** Reconnect attempts made during the gap. */
  readonly attempts: number;
}

export interface CameraStatus {
  readonly cameraId: string;
  readonly state: CameraState;
  /** When the current state began. */
  readonly since: number;
  /** Frames received from the source per second, over the last few seconds. */
  readonly fpsIn: number;
  /** Frames taken by the consumer (the pipeline) per second, over the last few seconds. */
  readonly fpsOut: number;
  readonly framesReceived: number;
  readonly framesPulled: number;
  /** Frames dropped because the queue was full (the oldest goes). */
  readonly framesDropped: number;
  /** Frames waiting in the queue now. */
  readonly queued: number;
  /** Reconnect attempts since the start. */
  readonly reconnects: number;
  /** The most recent gaps (at most `maxGapsKept`), oldest first; an open gap is last. */
  readonly gaps: readonly CameraGap[];
  /** Gaps since the start, including those no longer listed. */
  readonly gapCount: number;
  /** Total time without frames in gaps, up to now for an open gap. */
  readonly gapMs: number;
  readonly lastFrameAt?: number;
  /** The last failure in full (for the server's own log and the command line; never sent to a client). */
  readonly lastError?: string;
  /** The last failure as a code (camera-feed.ts's CameraFailure): all a client is told of it. */
  readonly lastReason?: string;
  /** Size and rate of the frames handed on, once known. */
  readonly output?: { readonly width: number; readonly height: number; readonly fps: number };
}

export interface BackoffOptions {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Longest delay. */
  readonly maxMs: number;
  /** Each further retry waits this many times longer. */
  readonly factor: number;
  /** Random spread as a fraction of the delay: 0.2 gives 80% to 120%. */
  readonly jitter: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** Delay before retry number `attempt` (1, 2, ...): initial x factor^(attempt-1), capped, jittered. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** (n - 1));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const spread = base * (1 + jitter * (2 * random() - 1));
  return Math.round(Math.min(options.maxMs, Math.max(0, spread)));
}

/** Events per second over a moving window, decaying to 0 when events stop. */
export class RateMeter {
  private readonly times: number[] = [];
  private first: number | undefined;
  constructor(readonly windowMs = 5000) {}

  record(now: number): void {
    this.first ??= now;
    this.times.push(now);
    this.trim(now);
  }

  /** Forgets everything (a new connection starts a new measurement). */
  reset(): void {
    this.times.length = 0;
    this.first = undefined;
  }

  rate(now: number): number {
    this.trim(now);
    if (this.first === undefined || this.times.length === 0) return 0;
    const span = Math.min(this.windowMs, now - this.first);
    if (span < this.windowMs) {
      // Warming up: intervals since the first event (the first event opens the first interval).
      return span > 0 ? (this.times.length - 1) / (span / 1000) : 0;
    }
    return this.times.length / (this.windowMs / 1000);
  }

  private trim(now: number): void {
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] ?? 0) <= now - this.windowMs) drop++;
    if (drop > 0) this.times.splice(0, drop);
  }
}

/** The gaps of one camera: at most one open at a time; the most recent `maxKept` are listed. */
export class GapLog {
  private readonly kept: CameraGap[] = [];
  private openGap: { -readonly [K in keyof CameraGap]: CameraGap[K] } | undefined;
  private count = 0;
  private closedMs = 0;
  constructor(readonly maxKept = 100) {}

  get isOpen(): boolean {
    return this.openGap !== undefined;
  }

  /** Opens a gap unless one is open (then it stays as it began). Returns the open gap. */
  open(at: number, reason: GapReason, detail: string): CameraGap {
    if (!this.openGap) {
      this.openGap = { from: at, reason, detail, attempts: 0 };
      this.count++;
      this.kept.push(this.openGap);
      if (this.kept.length > this.maxKept) this.kept.shift();
    }
    return { ...this.openGap };
  }

  /** Counts a reconnect attempt against the open gap. */
  attempt(): void {
    if (this.openGap) this.openGap.attempts++;
  }

  /** Closes the open gap at `at`; returns it, or undefined if none was open. */
  close(at: number): CameraGap | undefined {
    const gap = this.openGap;
    if (!gap) return undefined;
    gap.to = Math.max(at, gap.from);
    this.closedMs += gap.to - gap.from;
    this.openGap = undefined;
    return { ...gap };
  }

  summary(now: number): { gaps: CameraGap[]; gapCount: number; gapMs: number } {
    const open = this.openGap ? Math.max(0, now - this.openGap.from) : 0;
    return { gaps: this.kept.map((g) => ({ ...g })), gapCount: this.count, gapMs: this.closedMs + open };
  }
}
