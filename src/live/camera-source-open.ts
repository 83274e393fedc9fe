/**
 * Opening a camera's source for one connection of the feed (camera-feed.ts): the source vetted
 * afresh (issue 12), its URL scheme checked against its kind, probed (a file's probe is kept for
 * its next loop), and decoded at the analysis rate; recordings are marked to be played in real
 * time. Also which failures end the feed rather than being retried, and the abortable wait the
 * feed's backoff and pacing use.
 */
import { openVideo, probeVideo, VideoError, type VideoFrame, type VideoWarning } from '../video/ffmpeg-frames.ts';
import { redact, type VideoInfo, type VideoLimits, type VideoSource } from '../video/video-source.ts';
import type { CameraFailure, CameraFeedOptions, CameraSourceSpec } from './camera-feed-types.ts';
import { CameraSourceRefused } from './camera-source-policy.ts';
import { openImageFolder } from './image-folder-source.ts';

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

/** An error as a client may see it: its message with any credentials in URLs removed. */
export const messageOf = (e: unknown): string => redact(e instanceof Error ? e.message : String(e));

/** One connection's frames, and how to hand them on. */
export interface OpenedSource {
  readonly frames: AsyncIterable<VideoFrame>;
  /** Played in real time (a file, a folder, a recording over HTTP). */
  readonly paced: boolean;
  readonly fps: number;
  readonly warnings: readonly VideoWarning[];
}

/**
 * The failure code when an error opening or reading the source ends the feed; undefined when it
 * is retried. A refused source, an unsupported URL and a missing ffmpeg are fatal, and so is any
 * error of a file or folder (a file does not heal by waiting).
 */
export function fatalFailure(kind: CameraSourceSpec['kind'], e: unknown): CameraFailure | undefined {
  if (e instanceof CameraSourceRefused) return 'source-refused';
  if (e instanceof VideoError && (e.code === 'unsupported-source' || e.code === 'ffmpeg-missing')) return e.code;
  return kind === 'file' || kind === 'folder' ? 'source-unreadable' : undefined;
}

/** Opens the feed's source, once per connection; keeps a file's probe for its next loop. */
export class CameraSourceOpener {
  private fileInfo: VideoInfo | undefined;

  constructor(private readonly options: CameraFeedOptions) {}

  async open(signal: AbortSignal): Promise<OpenedSource> {
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
