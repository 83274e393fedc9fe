/**
 * One camera's frames for the live pipeline (issue 4, item 3): RTSP, HTTP (MJPEG or HLS), a video
 * file (looped for demonstrations) or a folder of images, decoded to RGB at the analysis rate and
 * handed on through a bounded queue that drops the oldest frame when the pipeline falls behind.
 *
 * - ffmpeg samples (`openVideo` with `fps` = analysisFps); each frame is stamped with `capturedAt`
 *   (wall clock when it arrived) and a per-camera `seq`, and pushed; `push` never waits, so a slow
 *   consumer costs counted drops, never memory.
 * - Files, folders and recordings over HTTP (a duration, or HLS) are played in real time: a frame
 *   is handed on when its time comes, as a camera would deliver it. Live streams are not delayed.
 * - When a source drops or fails (ffmpeg exits, network error, the stream ends, no frame for the
 *   stall timeout) a gap `{ from, to?, reason }` is opened, reported through `onEvent` and status,
 *   and the feed reconnects with exponential backoff until `stop()`; the gap closes with the first
 *   frame after. A file that ends without `loop` ends the feed; a file or folder that cannot be
 *   read, an unsupported URL or a missing ffmpeg fail it (no retry).
 * - Frames live in memory only and nothing is written anywhere (R18): `stop()` kills ffmpeg,
 *   discards queued frames and resolves once the process has exited.
 *
 * Opening a source (vetting, URL checks, probing, pacing) is camera-source-open.ts; the feed's
 * types are camera-feed-types.ts (re-exported here).
 */
import type { RgbImage } from '../faces/types.ts';
import {
  backoffDelay,
  defaultBackoff,
  GapLog,
  RateMeter,
  type BackoffOptions,
  type CameraState,
  type CameraStatus,
  type GapReason,
} from './camera-status.ts';
import type { CameraEvent, CameraFailure, CameraFeedOptions, CameraFrame } from './camera-feed-types.ts';
import { abortableSleep, CameraSourceOpener, fatalFailure, messageOf } from './camera-source-open.ts';
import { BoundedFrameQueue } from './frame-queue.ts';

export type {
  CameraEvent,
  CameraFailure,
  CameraFeedOptions,
  CameraFrame,
  CameraSourceSpec,
} from './camera-feed-types.ts';
export { abortableSleep } from './camera-source-open.ts';

type Outcome =
  | { readonly kind: 'ended'; readonly frames: number }
  | { readonly kind: 'lost'; readonly reason: GapReason; readonly detail: string; readonly frames: number }
  | { readonly kind: 'fatal'; readonly reason: CameraFailure; readonly detail: string }
  | { readonly kind: 'stopped' };

export class CameraFeed implements AsyncIterable<CameraFrame> {
  readonly cameraId: string;
  private readonly queue: BoundedFrameQueue<CameraFrame>;
  private readonly stopper = new AbortController();
  private readonly now: () => number;
  private readonly backoff: BackoffOptions;
  private readonly gaps = new GapLog();
  private readonly fpsIn = new RateMeter();
  private readonly fpsOut = new RateMeter();
  private running: Promise<void> | undefined;
  private state: CameraState = 'connecting';
  private since: number;
  private seq = 0;
  private connection = 0;
  private reconnects = 0;
  private lastFrameAt: number | undefined;
  private lastError: string | undefined;
  private lastReason: CameraFailure | undefined;
  private output: CameraStatus['output'];
  private readonly opener: CameraSourceOpener;

  constructor(private readonly options: CameraFeedOptions) {
    if (!(options.analysisFps > 0)) throw new RangeError(`analysisFps must be positive: ${options.analysisFps}`);
    this.cameraId = options.cameraId ?? 'camera';
    this.queue = new BoundedFrameQueue(options.queueCapacity ?? 3);
    this.now = options.now ?? Date.now;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.since = this.now();
    this.opener = new CameraSourceOpener(options);
  }

  /** Starts reading the source (once); returns the feed. */
  start(): this {
    this.running ??= this.run().catch((e: unknown) => {
      this.lastError = messageOf(e);
      this.lastReason = 'failed';
      this.setState('failed', this.lastError);
      this.queue.close();
    });
    return this;
  }

  /** The next frame, waiting for one; undefined once the feed has ended, failed or stopped. */
  async pull(): Promise<CameraFrame | undefined> {
    const frame = await this.queue.pull();
    if (frame) this.fpsOut.record(this.now());
    return frame;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<CameraFrame> {
    for (let f = await this.pull(); f; f = await this.pull()) yield f;
  }

  status(): CameraStatus {
    const now = this.now();
    const q = this.queue.counters();
    const status: CameraStatus = {
      cameraId: this.cameraId,
      state: this.state,
      since: this.since,
      fpsIn: Math.round(this.fpsIn.rate(now) * 100) / 100,
      fpsOut: Math.round(this.fpsOut.rate(now) * 100) / 100,
      framesReceived: this.seq,
      framesPulled: q.pulled,
      framesDropped: q.dropped,
      queued: q.size,
      reconnects: this.reconnects,
      ...this.gaps.summary(now),
    };
    return {
      ...status,
      ...(this.lastFrameAt === undefined ? {} : { lastFrameAt: this.lastFrameAt }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.lastReason === undefined ? {} : { lastReason: this.lastReason }),
      ...(this.output ? { output: this.output } : {}),
    };
  }

  /** Stops reading: kills ffmpeg, discards queued frames; resolves once ffmpeg has exited. */
  async stop(): Promise<void> {
    if (!this.stopper.signal.aborted) this.stopper.abort(new Error('the camera feed was stopped'));
    this.queue.close({ discard: true });
    await this.running;
    if (this.state !== 'ended' && this.state !== 'failed') this.setState('stopped');
  }

  private emit(event: CameraEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure must not stop the camera.
    }
  }

  private setState(state: CameraState, detail?: string): void {
    if (state === this.state && state !== 'connecting') return;
    this.state = state;
    this.since = this.now();
    this.emit({ type: 'state', cameraId: this.cameraId, at: this.since, state, ...(detail ? { detail } : {}) });
  }

  private async run(): Promise<void> {
    const stop = this.stopper.signal;
    const sleep = this.options.sleep ?? abortableSleep;
    const source = this.options.source;
    const finite = source.kind === 'file' || source.kind === 'folder';
    let failures = 0;
    this.setState('connecting');
    while (!stop.aborted) {
      const outcome = await this.connectOnce();
      if (outcome.kind === 'stopped' || stop.aborted) break;
      if (outcome.kind === 'fatal') {
        this.lastError = outcome.detail;
        this.lastReason = outcome.reason;
        this.setState('failed', outcome.detail);
        this.queue.close();
        return;
      }
      if (outcome.frames > 0) failures = 0;
      if (outcome.kind === 'ended' && finite) {
        if (outcome.frames > 0 && 'loop' in source && source.loop) continue;
        if (outcome.frames === 0) this.lastReason = 'no-frames';
        this.setState('ended', outcome.frames > 0 ? undefined : 'the source holds no frames');
        this.queue.close();
        return;
      }
      const lost = outcome.kind === 'lost' ? outcome : { reason: 'source-ended' as const, detail: 'the stream ended' };
      this.lastError = lost.detail;
      this.lastReason = lost.reason;
      if (!this.gaps.isOpen) {
        const gap = this.gaps.open(this.now(), lost.reason, lost.detail);
        this.emit({ type: 'gap', cameraId: this.cameraId, at: gap.from, gap });
      }
      failures++;
      this.reconnects++;
      this.gaps.attempt();
      const delayMs = backoffDelay(failures, this.backoff, this.options.random);
      this.setState('reconnecting', lost.detail);
      this.emit({
        type: 'retry',
        cameraId: this.cameraId,
        at: this.now(),
        attempt: failures,
        delayMs,
        error: lost.detail,
      });
      try {
        await sleep(delayMs, stop);
      } catch {
        break;
      }
    }
    this.queue.close({ discard: true });
  }

  /** One connection: open the source, hand its frames on until it ends, fails or stalls. */
  private async connectOnce(): Promise<Outcome> {
    const stop = this.stopper.signal;
    const local = new AbortController();
    const signal = AbortSignal.any([stop, local.signal]);
    let frames = 0;
    let watchdog: NodeJS.Timeout | undefined;
    try {
      const opened = await this.opener.open(signal);
      // Until the first frame the connection is still being made (ffmpeg probes the stream too).
      const stallMs = Math.max(this.options.stallTimeoutMs ?? 10_000, 3000 / opened.fps);
      const firstMs = Math.max(stallMs, this.options.connectTimeoutMs ?? 10_000);
      const arm = (ms: number, why: string) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => local.abort(new Error(why)), ms);
      };
      arm(firstMs, `no frame within ${firstMs} ms of connecting`);
      this.connection++;
      let base: number | undefined;
      for await (const frame of opened.frames) {
        if (opened.paced) base = await this.pace(frame.timestampMs, base, signal);
        const at = this.now();
        if (frames++ === 0) {
          arm(stallMs, `no frame for ${stallMs} ms`);
          this.firstFrame(at, frame.image, opened.fps);
        } else watchdog?.refresh();
        this.fpsIn.record(at);
        this.lastFrameAt = at;
        const seq = this.seq++;
        this.queue.push({
          cameraId: this.cameraId,
          seq,
          capturedAt: at,
          connection: this.connection,
          image: frame.image,
        });
      }
      for (const w of opened.warnings)
        this.emit({ type: 'warning', cameraId: this.cameraId, at: this.now(), message: w.message });
      return { kind: 'ended', frames };
    } catch (e) {
      if (stop.aborted) return { kind: 'stopped' };
      const detail = messageOf(local.signal.aborted ? local.signal.reason : e);
      if (local.signal.aborted)
        return { kind: 'lost', reason: frames > 0 ? 'stalled' : 'connect-failed', detail, frames };
      const fatal = fatalFailure(this.options.source.kind, e);
      if (fatal) return { kind: 'fatal', reason: fatal, detail };
      return { kind: 'lost', reason: frames > 0 ? 'source-failed' : 'connect-failed', detail, frames };
    } finally {
      clearTimeout(watchdog);
    }
  }

  private firstFrame(at: number, image: RgbImage, fps: number): void {
    this.output = { width: image.width, height: image.height, fps };
    const gap = this.gaps.close(at);
    if (gap) {
      this.fpsIn.reset(); // measure the rate afresh after an outage
      this.emit({ type: 'gap', cameraId: this.cameraId, at, gap });
    }
    this.setState('connected');
  }

  /** Waits until a frame of a recording is due; returns the wall time of its time 0. */
  private async pace(timestampMs: number, base: number | undefined, signal: AbortSignal): Promise<number> {
    const now = this.now();
    if (base === undefined || now - (base + timestampMs) > 1000) return now - timestampMs; // start, or far behind
    const wait = base + timestampMs - now;
    if (wait > 0) await (this.options.sleep ?? abortableSleep)(wait, signal);
    return base;
  }
}

/** Creates a feed and starts it. */
export function startCameraFeed(options: CameraFeedOptions): CameraFeed {
  return new CameraFeed(options).start();
}
