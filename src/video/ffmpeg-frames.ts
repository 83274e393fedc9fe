/**
 * Video decoding through ffmpeg: a source (see `video-source.ts`) becomes raw RGB24 frames at a
 * chosen sampling rate, one frame per iteration of an async iterator.
 *
 * - ffmpeg runs without a shell (argument array, `-nostdin`, protocol and demuxer whitelists).
 * - The output size is fixed by an explicit `scale`, so stdout is cut into frames of exactly
 *   width x height x 3 bytes. Reading pulls from the pipe, so an idle consumer pauses ffmpeg.
 * - Frames are sampled with ffmpeg's `fps` filter: frame n is the source frame nearest to n / fps
 *   seconds, and its timestamp is n / fps. A video shorter than one interval still gives frame 0.
 * - The process is killed when the consumer stops early (break/return), on the abort signal (the
 *   iteration then throws the signal's reason), and at the frame limit (`frame-limit` warning).
 *   The last 8 KB of stderr are kept for messages.
 * - Uploaded bytes go to a temporary file, never stdin (`withVideoBytes`): most camera exports are
 *   MP4 files with their index (moov atom) at the end, which ffmpeg cannot demux from a pipe.
 *
 * Damaged files, as documented for callers:
 * - a file whose container index is missing (an MP4 cut before its moov atom, which is any cut of a
 *   non-"faststart" MP4) is refused with `VideoError('truncated')` when probed, before any frame;
 * - a file whose index survives but whose data is cut or corrupt yields the frames that decode,
 *   then ends with a `truncated` warning (or `decode-errors` for damage that loses no time);
 * - it never hangs: ffmpeg exits at the end of the data, and the caller can abort.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RgbImage } from '../shared/rgb-image.ts';
import {
  classifyFailure,
  defaultTools,
  defaultVideoLimits,
  inputArgs,
  limitsOf,
  probeVideo,
  stderrTail,
  toolMissing,
  VideoError,
  type FfmpegTools,
  type ProbeOptions,
  type VideoInfo,
  type VideoLimits,
  type VideoSource,
} from './video-source.ts';

export {
  defaultTools,
  defaultVideoLimits,
  probeVideo,
  VideoError,
  type FfmpegTools,
  type LiveInput,
  type VideoErrorCode,
  type VideoInfo,
  type VideoLimits,
  type VideoSource,
} from './video-source.ts';

export interface VideoFrame {
  /** 0, 1, 2... in sampling order. */
  readonly index: number;
  /** Milliseconds from the start of the video: index / fps. */
  readonly timestampMs: number;
  /** Fresh pixels, owned by the consumer. */
  readonly image: RgbImage;
}

export type VideoWarningCode = 'truncated' | 'decode-errors' | 'frame-limit';
export interface VideoWarning {
  readonly code: VideoWarningCode;
  readonly message: string;
}

export interface DecodeOptions extends ProbeOptions {
  /** Sampling rate in frames per second; the source's own rate when absent, never above it. */
  readonly fps?: number;
  /** Frames wider than this are scaled down, keeping the aspect ratio. */
  readonly maxWidth?: number;
  /** `probeVideo`'s answer for this source, when the caller has it: not probed again. */
  readonly info?: VideoInfo;
}

/** Frames of one decode. Iterate once; `warnings` is complete when the iteration has ended. */
export interface VideoFrames extends AsyncIterable<VideoFrame> {
  readonly info: VideoInfo;
  readonly output: { readonly width: number; readonly height: number; readonly fps: number };
  readonly warnings: readonly VideoWarning[];
}

/** Decoded frame size: the display size, scaled down to `maxWidth` keeping the aspect ratio. */
export function outputSize(info: VideoInfo, maxWidth?: number): { width: number; height: number } {
  if (!maxWidth || info.width <= maxWidth) return { width: info.width, height: info.height };
  const width = Math.max(1, Math.floor(maxWidth));
  return { width, height: Math.max(1, Math.round((info.height * width) / info.width)) };
}

/** Cuts a byte stream into frames of exactly `frameBytes`; each frame is a fresh buffer. */
export class FrameAssembler {
  private current: Uint8Array;
  private filled = 0;
  constructor(readonly frameBytes: number) {
    if (!(Number.isInteger(frameBytes) && frameBytes > 0)) throw new RangeError(`bad frame size ${frameBytes}`);
    this.current = new Uint8Array(frameBytes);
  }
  /** Bytes of an incomplete frame held back. */
  get pendingBytes(): number {
    return this.filled;
  }
  *push(chunk: Uint8Array): Generator<Uint8Array> {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(this.frameBytes - this.filled, chunk.length - at);
      this.current.set(chunk.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.frameBytes) {
        const frame = this.current;
        this.current = new Uint8Array(this.frameBytes);
        this.filled = 0;
        yield frame;
      }
    }
  }
}

interface DecodePlan {
  readonly info: VideoInfo;
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  readonly limits: VideoLimits;
  readonly warnings: VideoWarning[];
}

/** The ffmpeg command line that decodes a source by a plan. */
export function decodeArgs(source: VideoSource, plan: Omit<DecodePlan, 'warnings' | 'info'>): string[] {
  const filters = `fps=${plan.fps}:eof_action=pass,scale=${plan.width}:${plan.height}:flags=area`;
  return ['-nostdin', '-hide_banner', '-loglevel', 'error', ...inputArgs(source)]
    .concat(['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filters])
    .concat(['-t', String(plan.limits.maxDurationMs / 1000), '-frames:v', String(plan.limits.maxFrames + 1)])
    .concat(['-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1']);
}

/**
 * Probes the source (so a refused video fails here, before any frame), then returns its frames at
 * `fps`. ffmpeg starts on the first `next()`; a failure before the first frame throws VideoError.
 */
export async function openVideo(source: VideoSource, options: DecodeOptions = {}): Promise<VideoFrames> {
  options.signal?.throwIfAborted();
  if (options.fps !== undefined && !(options.fps > 0)) throw new RangeError(`fps must be positive: ${options.fps}`);
  const info = options.info ?? (await probeVideo(source, options));
  const limits = limitsOf(options);
  const fps = Math.min(options.fps ?? info.fps, info.fps);
  const { width, height } = outputSize(info, options.maxWidth);
  const plan: DecodePlan = { info, fps, width, height, limits, warnings: [] };
  const frames = decode(options.tools ?? defaultTools, decodeArgs(source, plan), plan, options.signal);
  let started = false;
  return {
    info,
    output: { width, height, fps },
    warnings: plan.warnings,
    [Symbol.asyncIterator]() {
      if (started) throw new Error('a VideoFrames can be iterated only once');
      started = true;
      return frames;
    },
  };
}

async function* decode(
  tools: FfmpegTools,
  args: string[],
  plan: DecodePlan,
  signal: AbortSignal | undefined,
): AsyncGenerator<VideoFrame> {
  signal?.throwIfAborted();
  const proc = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (s: string) => {
    stderr = (stderr + s).slice(-8192);
  });
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((done) => {
    proc.once('error', (error: NodeJS.ErrnoException) => done({ code: null, error }));
    proc.once('close', (code: number | null) => done({ code }));
  });
  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  signal?.addEventListener('abort', kill, { once: true });
  const assembler = new FrameAssembler(plan.width * plan.height * 3);
  let index = 0;
  let atLimit = false;
  try {
    read: for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      for (const data of assembler.push(chunk)) {
        if (index >= plan.limits.maxFrames) {
          atLimit = true;
          break read;
        }
        signal?.throwIfAborted();
        const image = { width: plan.width, height: plan.height, data };
        yield { index, timestampMs: Math.round((index * 1000) / plan.fps), image };
        index++;
      }
    }
    if (atLimit) {
      kill();
      const message = `decoding stopped at the limit of ${plan.limits.maxFrames} frames`;
      plan.warnings.push({ code: 'frame-limit', message });
    }
    const { code, error } = await exited;
    signal?.throwIfAborted();
    if (error) throw error.code === 'ENOENT' ? toolMissing(tools.ffmpeg) : error;
    if (atLimit) return;
    if (code !== 0 && index === 0) throw classifyFailure(stderr);
    noteDamage(plan, index, code, stderr);
  } finally {
    signal?.removeEventListener('abort', kill);
    kill();
    proc.stdout.destroy();
    await exited;
  }
}

/** Warnings for a decode that ended with errors or well short of the probed duration. */
function noteDamage(plan: DecodePlan, frames: number, code: number | null, stderr: string): void {
  const reached = (frames * 1000) / plan.fps;
  const expected = plan.info.durationMs;
  const short = expected !== undefined && reached < expected - Math.max(1000, 2000 / plan.fps);
  if (short || /partial file/i.test(stderr)) {
    const upTo = `decoded ${frames} frames, up to ${(reached / 1000).toFixed(1)} s`;
    const of = expected === undefined ? '' : ` of ${(expected / 1000).toFixed(1)} s`;
    plan.warnings.push({ code: 'truncated', message: `the video is cut short or damaged: ${upTo}${of}` });
  } else if (code !== 0 || stderr.trim() !== '') {
    const detail = stderrTail(stderr, 2) || `exit code ${code}`;
    plan.warnings.push({ code: 'decode-errors', message: `ffmpeg reported errors: ${detail}` });
  }
}

/**
 * Runs `use` with uploaded video bytes as a file source: a 0600 file in a fresh 0700 folder under
 * `dir`, deleted (folder and all) when `use` settles, whether it resolves or throws. Finish
 * iterating the frames inside `use`.
 */
export async function withVideoBytes<T>(
  bytes: Uint8Array,
  options: { readonly dir: string; readonly maxBytes?: number },
  use: (source: VideoSource) => Promise<T>,
): Promise<T> {
  if (bytes.length === 0) throw new VideoError('empty', 'the video is empty (0 bytes)');
  const max = options.maxBytes ?? defaultVideoLimits.maxBytes;
  if (bytes.length > max) throw new VideoError('too-large', `the video is ${bytes.length} bytes; the limit is ${max}`);
  const folder = await mkdtemp(join(options.dir, 'vigil-video-'));
  try {
    const path = join(folder, 'upload');
    await writeFile(path, bytes, { mode: 0o600, flag: 'wx' });
    return await use({ kind: 'file', path });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
