/**
 * Moving clips made from still photographs, for the live demonstration (`vigil demo`) and the
 * live benchmark: each photograph fills the frame for a few seconds while the view pans slowly
 * across it (a camera operator sweeping a scene), one after another, encoded as H.264 at a fixed
 * size and frame rate, as a camera would send it.
 *
 * The demonstration uses only what `npm install` brings: the sample photographs that ship with
 * `@vladmandic/face-api` (its `demo/` folder). Nothing here reads `../shared`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { VideoError } from '../video/ffmpeg-frames.ts';

/** How to install ffmpeg, for a message a newcomer can act on. */
export const ffmpegInstallHint =
  'install ffmpeg and run again: Debian or Ubuntu `sudo apt-get install ffmpeg`, Fedora `sudo dnf install ffmpeg`, ' +
  'macOS `brew install ffmpeg`, Windows `winget install ffmpeg` (then open a new terminal); ' +
  'check with `ffmpeg -version` and `ffprobe -version`';

export interface FfmpegCheck {
  /** e.g. `5.1.9-0+deb12u1`. */
  readonly version: string;
  /** libx264 is available (else the clip is encoded as MPEG-4 part 2). */
  readonly h264: boolean;
}

function run(program: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      if (!err) return done(stdout);
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT')
        return fail(new VideoError('ffmpeg-missing', `${program} was not found: ${ffmpegInstallHint}`));
      fail(new Error(`${program} failed: ${stderr.trim().slice(-600) || e.message}`));
    });
  });
}

/** Checks that ffmpeg and ffprobe run; refuses with how to install them when they do not. */
export async function checkFfmpeg(tools: { ffmpeg?: string; ffprobe?: string } = {}): Promise<FfmpegCheck> {
  const version = await run(tools.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-version']);
  await run(tools.ffprobe ?? 'ffprobe', ['-hide_banner', '-version']);
  const encoders = await run(tools.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-encoders']);
  return {
    version: /ffmpeg version (\S+)/.exec(version)?.[1] ?? 'unknown',
    h264: /\blibx264\b/.test(encoders),
  };
}

/** The folder of face-api's sample photographs (`sample1.jpg` ... `sample6.jpg`), as installed. */
export function faceApiSampleDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
}

/** `sampleN.jpg` from face-api's demo folder; throws when the install lacks it. */
export function faceApiSample(n: number): string {
  const file = join(faceApiSampleDir(), `sample${n}.jpg`);
  if (!existsSync(file)) {
    throw new VideoError(
      'not-found',
      `${file} is missing: reinstall with \`npm install\` (@vladmandic/face-api ships it)`,
    );
  }
  return file;
}

export interface PhotoClipOptions {
  /** The photographs, shown in this order (a file may appear more than once). */
  readonly photos: readonly string[];
  /** The clip to write (.mp4). */
  readonly out: string;
  readonly secondsPerPhoto?: number;
  /**
   * Black frames after each photograph (default 1 s): everyone leaves the view between scenes, so
   * the tracker ends its tracks there and the next scene starts new ones, as people walking past a
   * camera do. Without it, a cut from one group photograph to the next continues tracks from one
   * person to another standing in the same place.
   */
  readonly gapSeconds?: number;
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
  /** Encoder; default libx264 (a keyframe every second) when available, else mpeg4. */
  readonly h264?: boolean;
  readonly ffmpeg?: string;
}

export interface PhotoClip {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly seconds: number;
  /** Which photograph is on screen from which second to which. */
  readonly timeline: readonly { readonly photo: string; readonly fromS: number; readonly toS: number }[];
}

/**
 * Makes the clip. Each photograph is scaled to cover 120% of the frame and a frame-sized window
 * pans across it (left to right, then right to left for the next), in the upper part where
 * people's faces are in group photographs; then black for `gapSeconds`.
 */
export async function makePhotoClip(o: PhotoClipOptions): Promise<PhotoClip> {
  const width = o.width ?? 1280;
  const height = o.height ?? 720;
  const fps = o.fps ?? 25;
  const seconds = o.secondsPerPhoto ?? 2;
  const gap = o.gapSeconds ?? 1;
  if (o.photos.length === 0) throw new RangeError('a clip needs at least one photograph');
  for (const p of o.photos) if (!existsSync(p)) throw new VideoError('not-found', `${p} does not exist`);
  const coverW = Math.round((width * 1.2) / 2) * 2;
  const coverH = Math.round((height * 1.2) / 2) * 2;
  const segments = o.photos.flatMap((_, i) => {
    const along = `(iw-${width})*min(t/${seconds}\\,1)`;
    const x = i % 2 === 0 ? along : `(iw-${width})-${along}`;
    const photo =
      `[${i}:v]scale=${coverW}:${coverH}:force_original_aspect_ratio=increase,` +
      `crop=${width}:${height}:x='${x}':y='(ih-${height})*0.2',setsar=1,fps=${fps},format=yuv420p[v${i}]`;
    const black = `color=c=black:s=${width}x${height}:r=${fps}:d=${gap},setsar=1,format=yuv420p[g${i}]`;
    return gap > 0 ? [photo, black] : [photo];
  });
  const parts = o.photos.map((_, i) => (gap > 0 ? `[v${i}][g${i}]` : `[v${i}]`)).join('');
  const concat = `${parts}concat=n=${o.photos.length * (gap > 0 ? 2 : 1)}:v=1:a=0[out]`;
  const codec =
    o.h264 === false
      ? ['-c:v', 'mpeg4', '-q:v', '4']
      : ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', String(fps), '-pix_fmt', 'yuv420p'];
  await run(o.ffmpeg ?? 'ffmpeg', [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...o.photos.flatMap((p) => ['-loop', '1', '-framerate', String(fps), '-t', String(seconds), '-i', p]),
    '-filter_complex',
    `${segments.join(';')};${concat}`,
    '-map',
    '[out]',
    '-r',
    String(fps),
    ...codec,
    '-movflags',
    '+faststart',
    o.out,
  ]);
  const step = seconds + gap;
  return {
    path: o.out,
    width,
    height,
    fps,
    seconds: step * o.photos.length,
    timeline: o.photos.map((photo, i) => ({ photo, fromS: i * step, toS: i * step + seconds })),
  };
}
