/**
 * Video sources and probing with ffprobe: what a source is (a file now; http(s) and rtsp(s) URLs
 * for cameras), the limits a video must respect, and the `VideoError` a refused or damaged video
 * gives. `ffmpeg-frames.ts` decodes; this module only looks.
 *
 * ffprobe and ffmpeg run without a shell, with an argument array, a protocol whitelist and a
 * demuxer whitelist, so an uploaded "video" that is really a playlist (HLS, concat) cannot make
 * them read other files or reach the network.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

export type VideoErrorCode =
  | 'empty'
  | 'not-found'
  | 'not-a-video'
  | 'truncated'
  | 'too-long'
  | 'too-large'
  | 'decode-failed'
  | 'timeout'
  | 'unsupported-source'
  | 'ffmpeg-missing';

/** A video was refused or could not be decoded. `code` is stable for programs; `message` is for people. */
export class VideoError extends Error {
  constructor(
    readonly code: VideoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VideoError';
  }
}

/** A file on disk, or an http(s) / rtsp(s) URL (a live stream has no duration). */
export type VideoSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string; readonly live?: LiveInput };

/**
 * A camera stream rather than a video at a URL: over http(s) it may also be MJPEG (multipart or
 * bare JPEGs) or an HLS playlist, whose segments are fetched over http(s) only.
 */
export interface LiveInput {
  /** Time frames by their arrival (ffmpeg `-use_wallclock_as_timestamps`): MJPEG carries no times. */
  readonly arrivalTimestamps?: boolean;
}

export interface VideoLimits {
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** Longest video accepted; a live stream is cut here. */
  readonly maxDurationMs: number;
  /** Largest frame (display width x height of the source) accepted. */
  readonly maxPixels: number;
  /** Most frames one decode yields; decoding stops there with a `frame-limit` warning. */
  readonly maxFrames: number;
}

export const defaultVideoLimits: VideoLimits = {
  maxBytes: 2 * 1024 ** 3,
  maxDurationMs: 2 * 3600_000,
  maxPixels: 40_000_000,
  maxFrames: 20_000,
};

/** The programs to run: names looked up on PATH, or absolute paths. */
export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}
export const defaultTools: FfmpegTools = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

export interface VideoInfo {
  /** Demuxer name as ffprobe gives it, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  readonly container: string;
  readonly codec: string;
  /** Display size: after rotation metadata and non-square pixels. */
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Undefined for a live stream or a container that does not say. */
  readonly durationMs: number | undefined;
  /** Clockwise rotation a player applies, from the container's metadata (ffmpeg applies it too). */
  readonly rotation: number;
}

export interface ProbeOptions {
  readonly limits?: Partial<VideoLimits>;
  readonly signal?: AbortSignal;
  readonly tools?: FfmpegTools;
  /** Longest ffprobe may take (default 30 s). */
  readonly probeTimeoutMs?: number;
}

const fileFormats = 'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,gif,mpegts,flv,asf,mpeg,h264,hevc';
/** Demuxers a camera over http(s) may need besides those: MJPEG (multipart, bare) and HLS. */
const liveHttpFormats = 'mpjpeg,mjpeg,hls';

/** ffmpeg/ffprobe input options and the input argument for a source. */
export function inputArgs(source: VideoSource): string[] {
  if (source.kind === 'file') {
    // `file:` keeps a name with a colon from being read as a protocol.
    return ['-protocol_whitelist', 'file', '-format_whitelist', fileFormats, '-i', `file:${resolve(source.path)}`];
  }
  const scheme = /^([a-z]+):\/\//i.exec(source.url)?.[1]?.toLowerCase();
  const timing = source.live?.arrivalTimestamps ? ['-use_wallclock_as_timestamps', '1'] : [];
  if (scheme === 'http' || scheme === 'https') {
    const input = [...timing, '-rw_timeout', '15000000', '-i', source.url];
    const formats = source.live ? `${fileFormats},${liveHttpFormats}` : fileFormats;
    return ['-protocol_whitelist', 'http,https,tcp,tls', '-format_whitelist', formats, ...input];
  }
  if (scheme === 'rtsp' || scheme === 'rtsps') {
    const input = [...timing, '-rtsp_transport', 'tcp', '-timeout', '15000000', '-i', source.url];
    return ['-protocol_whitelist', 'rtsp,rtsps,rtp,srtp,udp,tcp,tls', '-format_whitelist', 'rtsp', ...input];
  }
  throw new VideoError('unsupported-source', `only http(s) and rtsp(s) URLs are accepted, not ${redact(source.url)}`);
}

/** Text with any URL password replaced, for messages. */
export const redact = (text: string): string => text.replace(/(\/\/[^/:@\s]+:)[^/@\s]+@/g, '$1***@');

const ratio = (s: unknown): number | undefined => {
  const m = typeof s === 'string' ? /^(\d+)[/:](\d+)$/.exec(s) : null;
  const v = m ? Number(m[1]) / Number(m[2]) : NaN;
  return Number.isFinite(v) && v > 0 && v <= 240 ? v : undefined;
};

type ProbeStream = Record<string, unknown> & {
  side_data_list?: { rotation?: unknown }[];
  tags?: { rotate?: unknown };
};

/** VideoInfo from ffprobe's JSON (`-show_format -show_streams`); refuses a source with no video. */
export function parseProbe(json: unknown): VideoInfo {
  const doc = (json ?? {}) as { streams?: ProbeStream[]; format?: Record<string, unknown> };
  const v = doc.streams?.find((s) => s['codec_type'] === 'video');
  if (!v) throw new VideoError('not-a-video', 'the file contains no video stream');
  const w = Number(v['width']),
    h = Number(v['height']);
  if (!(w > 0 && h > 0)) throw new VideoError('not-a-video', 'the video stream has no frame size');
  // A display matrix's rotation is counter-clockwise; the older `rotate` tag is clockwise.
  const matrix = v.side_data_list?.find((d) => d.rotation !== undefined);
  const clockwise = matrix ? -Number(matrix.rotation) : Number(v.tags?.rotate ?? 0);
  const rotation = (((Math.round(clockwise || 0) % 360) + 360) % 360) as number;
  const displayW = Math.round(w * (ratio(v['sample_aspect_ratio']) ?? 1));
  const swap = rotation === 90 || rotation === 270;
  const seconds = Number(doc.format?.['duration'] ?? v['duration']);
  return {
    container: String(doc.format?.['format_name'] ?? 'unknown'),
    codec: String(v['codec_name'] ?? 'unknown'),
    width: swap ? h : displayW,
    height: swap ? displayW : h,
    fps: ratio(v['avg_frame_rate']) ?? ratio(v['r_frame_rate']) ?? 25,
    durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined,
    rotation,
  };
}

/** The last lines of a program's stderr, shortened and without passwords, for a message. */
export const stderrTail = (stderr: string, lines = 3): string =>
  redact(stderr.trim().split('\n').slice(-lines).join(' ').slice(0, 300));

/** The error a failed ffprobe/ffmpeg run means, from its stderr. */
export function classifyFailure(stderr: string): VideoError {
  if (/moov atom not found/i.test(stderr)) {
    return new VideoError(
      'truncated',
      'the file is an MP4 whose index (moov atom) is missing: it was cut short or never finalised',
    );
  }
  const refused = /\[(\w+) @ [^\]]*\] Format not on whitelist/.exec(stderr);
  if (refused) return new VideoError('not-a-video', `the content is ${refused[1]}, not an accepted video format`);
  if (/No such file or directory/i.test(stderr)) return new VideoError('not-found', 'the video file does not exist');
  if (/Invalid data found when processing input|could not find codec parameters/i.test(stderr)) {
    return new VideoError('not-a-video', 'the content is not a recognisable video');
  }
  if (/partial file|end of file/i.test(stderr)) {
    return new VideoError('truncated', `the video is cut short (${stderrTail(stderr)})`);
  }
  return new VideoError('decode-failed', `ffmpeg could not decode the video: ${stderrTail(stderr) || 'no message'}`);
}

export const toolMissing = (program: string): VideoError =>
  new VideoError('ffmpeg-missing', `${program} was not found; install ffmpeg (it provides ffmpeg and ffprobe)`);

export const limitsOf = (o: { readonly limits?: Partial<VideoLimits> }): VideoLimits => ({
  ...defaultVideoLimits,
  ...o.limits,
});

/** Runs ffprobe; refuses a missing, empty, oversized, too long or undecodable source. */
export async function probeVideo(source: VideoSource, options: ProbeOptions = {}): Promise<VideoInfo> {
  const limits = limitsOf(options);
  if (source.kind === 'file') {
    const size = await stat(source.path).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) throw new VideoError('not-found', 'the video file does not exist');
    if (size === 0) throw new VideoError('empty', 'the video file is empty (0 bytes)');
    if (size > limits.maxBytes) {
      throw new VideoError('too-large', `the video is ${size} bytes; the limit is ${limits.maxBytes}`);
    }
  }
  const args = ['-v', 'error', '-hide_banner', ...inputArgs(source), '-of', 'json', '-show_format', '-show_streams'];
  const tools = options.tools ?? defaultTools;
  const run = { timeout: options.probeTimeoutMs ?? 30_000, killSignal: 'SIGKILL' as const, maxBuffer: 4 << 20 };
  const stdout = await new Promise<string>((done, fail) => {
    execFile(tools.ffprobe, args, { ...run, signal: options.signal }, (err, out, errText) => {
      if (!err) return done(out);
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.name === 'AbortError') return fail(options.signal?.reason ?? err);
      if (e.code === 'ENOENT') return fail(toolMissing(tools.ffprobe));
      if (e.killed) return fail(new VideoError('timeout', 'probing the video took too long'));
      fail(classifyFailure(errText));
    });
  });
  const info = parseProbe(JSON.parse(stdout) as unknown);
  if (info.width * info.height > limits.maxPixels) {
    const size = `${info.width}x${info.height}`;
    throw new VideoError('too-large', `frames are ${size}; the limit is ${limits.maxPixels} pixels`);
  }
  if (info.durationMs !== undefined && info.durationMs > limits.maxDurationMs) {
    const lasts = (info.durationMs / 1000).toFixed(1);
    throw new VideoError('too-long', `the video lasts ${lasts} s; the limit is ${limits.maxDurationMs / 1000} s`);
  }
  return info;
}
