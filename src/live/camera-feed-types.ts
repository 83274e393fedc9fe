/**
 * The camera feed's vocabulary (camera-feed.ts): what a camera's source is, the frames and events
 * a feed hands on, its options, and the failure codes a client is told. Types only.
 */
import type { RgbImage } from '../faces/types.ts';
import type { FfmpegTools } from '../video/ffmpeg-frames.ts';
import type { VideoLimits } from '../video/video-source.ts';
import type { BackoffOptions, CameraGap, CameraState, GapReason } from './camera-status.ts';

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
