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
 */
import type { RgbImage } from '../faces/types.ts';
import {
  openVideo,
  probeVideo,
  VideoError,
  type FfmpegTools,
  type VideoFrame,
  type VideoWarning,
} from '../video/ffmpeg-frames.ts';
import { redact, type VideoInfo, type VideoLimits, type VideoSource } from '../video/video-source.ts';
import {
  backoffDelay,
  defaultBackoff,
  GapLog,
  RateMeter,
  type BackoffOptions,
  type CameraGap,
  type CameraState,
  type CameraStatus,
  type GapReason,
} from './camera-status.ts';
import { CameraSourceRefused } from './camera-source-policy.ts';
import { BoundedFrameQueue } from './frame-queue.ts';
import { openImageFolder } from './image-folder-source.ts';

export type CameraSourceSpec =
  | { readonly kind: 'rtsp'; readonly url: string }
  /** An MJPEG stream or an HLS playlist (a video file over HTTP works too, played in real time). */
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'file'; readonly path: string; readonly loop?: boolean }
  /** Images in name order, `fps` per second (default: the analysis rate). */
  | { readonly kind: 'folder'; readonly path: string; readonly fps?: number; readonly loop?: boolean };

export interface CameraFrame {
  readonly cameraId: string;
  /** 0, 1, 2... for this camera, across reconnects and loops. */
  readonly seq: number;
  /** Wall-clock milliseconds when the frame arrived (for files and folders: when it was due). */
  readonly capturedAt: number;
  /** Which connection delivered it: 1, then one more for each reconnect or loop. */
  readonly connection: number;
  /** RGB pixels, in memory only. */
  readonly image: RgbImage;
}

type At = { readonly cameraId: string; readonly at: number };
export type CameraEvent =
  | (At & { readonly type: 'state'; readonly state: CameraState; readonly detail?: string })
  /** A gap opened (`to` absent) or closed. */
  | (At & { readonly type: 'gap'; readonly gap: CameraGap })
  | (At & { readonly type: 'retry'; readonly attempt: number; readonly delayMs: number; readonly error: string })
  | (At & { readonly type: 'warning'; readonly message: string });

export interface CameraFeedOptions {
  readonly cameraId?: string;
  readonly source: CameraSourceSpec;
  /** Frames sampled per second and handed on. */
  readonly analysisFps: number;
  /** Frames wider than this are scaled down, keeping the aspect ratio. */
  readonly maxWidth?: number;
  /** Frames waiting for the consumer at most (default 3); beyond, the oldest is dropped. */
  readonly queueCapacity?: number;
  readonly backoff?: Partial<BackoffOptions>;
  /** Longest a connection attempt may take to learn what the source is (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** No frame for this long (at least three frame intervals) counts as a lost source (default 10 s). */
  readonly stallTimeoutMs?: number;
  readonly onEvent?: (event: CameraEvent) => void;
  /** Wall clock (default Date.now). */
  readonly now?: () => number;
  /** Waits `ms`; must reject when `signal` aborts (default: a timer). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly tools?: FfmpegTools;
  /** Per-connection limits (default: no practical limit on duration or frame count). */
  readonly limits?: Partial<VideoLimits>;
  /**
   * Checks the source before each connection and returns it as it is to be opened (issue 12: the
   * camera source rules, a host name resolved afresh each time). A CameraSourceRefused fails the
   * feed; any other error (a name that does not resolve) is retried like a lost connection.
   */
  readonly vetSource?: (source: CameraSourceSpec) => Promise<CameraSourceSpec>;
}

/** What a client is told of a failure: a code, never the upstream's text (issue 12). */
export type CameraFailure =
  GapReason | 'source-refused' | 'unsupported-source' | 'ffmpeg-missing' | 'source-unreadable' | 'no-frames' | 'failed';

const cameraLimits: Partial<VideoLimits> = { maxDurationMs: 7 * 24 * 3600_000, maxFrames: Number.MAX_SAFE_INTEGER - 1 };

export const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((done, fail) => {
    if (signal.aborted) return fail(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      done();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      fail(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
  });

type Outcome =
  | { readonly kind: 'ended'; readonly frames: number }
  | { readonly kind: 'lost'; readonly reason: GapReason; readonly detail: string; readonly frames: number }
  | { readonly kind: 'fatal'; readonly reason: CameraFailure; readonly detail: string }
  | { readonly kind: 'stopped' };

interface Opened {
  readonly frames: AsyncIterable<VideoFrame>;
  readonly paced: boolean;
  readonly fps: number;
  readonly warnings: readonly VideoWarning[];
}

const messageOf = (e: unknown): string => redact(e instanceof Error ? e.message : String(e));

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
  /** A file's probe, kept for its next loop. */
  private fileInfo: VideoInfo | undefined;

  constructor(private readonly options: CameraFeedOptions) {
    if (!(options.analysisFps > 0)) throw new RangeError(`analysisFps must be positive: ${options.analysisFps}`);
    this.cameraId = options.cameraId ?? 'camera';
    this.queue = new BoundedFrameQueue(options.queueCapacity ?? 3);
    this.now = options.now ?? Date.now;
    this.backoff = { ...defaultBackoff, ...options.backoff };
    this.since = this.now();
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
      const opened = await this.open(signal);
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
      if (e instanceof CameraSourceRefused) return { kind: 'fatal', reason: 'source-refused', detail };
      if (this.isFatal(e)) return { kind: 'fatal', reason: this.failureOf(e), detail };
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

  private failureOf(e: unknown): CameraFailure {
    if (e instanceof VideoError && (e.code === 'unsupported-source' || e.code === 'ffmpeg-missing')) return e.code;
    return 'source-unreadable';
  }

  private isFatal(e: unknown): boolean {
    const kind = this.options.source.kind;
    if (kind === 'file' || kind === 'folder') return true; // a file does not heal by waiting
    return e instanceof VideoError && (e.code === 'unsupported-source' || e.code === 'ffmpeg-missing');
  }

  private async open(signal: AbortSignal): Promise<Opened> {
    const { analysisFps: fps, maxWidth, tools, vetSource } = this.options;
    const source = vetSource ? await vetSource(this.options.source) : this.options.source;
    if (source.kind === 'folder') {
      const loop = source.loop ?? false;
      const folder = await openImageFolder(source.path, {
        fps: source.fps ?? fps,
        analysisFps: fps,
        maxWidth,
        loop,
        signal,
      });
      return { frames: folder, paced: true, fps: folder.fps, warnings: folder.warnings };
    }
    const limits = { ...cameraLimits, ...this.options.limits };
    const common = { signal, limits, ...(tools ? { tools } : {}) };
    let video: VideoSource;
    if (source.kind === 'file') video = { kind: 'file', path: source.path };
    else {
      const scheme = /^([a-z]+):\/\//i.exec(source.url)?.[1]?.toLowerCase() ?? '';
      if (!(source.kind === 'rtsp' ? ['rtsp', 'rtsps'] : ['http', 'https']).includes(scheme)) {
        throw new VideoError(
          'unsupported-source',
          `a ${source.kind} camera needs a ${source.kind}(s):// URL, not ${redact(source.url)}`,
        );
      }
      video = { kind: 'url', url: source.url, live: {} };
    }
    const probeTimeoutMs = this.options.connectTimeoutMs ?? 10_000;
    const info = (video.kind === 'file' && this.fileInfo) || (await probeVideo(video, { ...common, probeTimeoutMs }));
    if (video.kind === 'file') this.fileInfo = info;
    const mjpeg = /jpeg/.test(info.container);
    if (video.kind === 'url' && mjpeg) video = { ...video, live: { arrivalTimestamps: true } };
    // A recording (it has a duration, or is an HLS playlist) arrives faster than real time: pace it.
    const recording = info.durationMs !== undefined || /hls/.test(info.container);
    const paced = source.kind === 'file' || (source.kind === 'http' && !mjpeg && recording);
    const frames = await openVideo(video, { ...common, fps, info, ...(maxWidth ? { maxWidth } : {}) });
    return { frames, paced, fps: frames.output.fps, warnings: frames.warnings };
  }
}

/** Creates a feed and starts it. */
export function startCameraFeed(options: CameraFeedOptions): CameraFeed {
  return new CameraFeed(options).start();
}
