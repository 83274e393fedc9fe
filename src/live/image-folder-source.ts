/**
 * A folder of still images played as a camera: the images in name order ("frame2" before
 * "frame10"), `fps` images per second, optionally looped. Frames come out as `VideoFrame`s like
 * ffmpeg's, sampled at the analysis rate, so a camera feed treats a folder like a video file.
 *
 * Images are decoded with the face engine's decoder (content sniffed, size limits, EXIF
 * orientation) and scaled down to `maxWidth`. Only the images the sampling picks are decoded. An
 * unreadable image is skipped with a warning; a pass in which none decodes fails. Nothing is written.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { decodeImage, defaultDecodeLimits, type DecodeLimits } from '../faces/image-decode.ts';
import type { RgbImage } from '../faces/types.ts';
import { VideoError, type VideoFrame, type VideoWarning } from '../video/ffmpeg-frames.ts';

export const imageExtensions: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff'];

export interface ImageFolderOptions {
  /** Images per second of the sequence. */
  readonly fps: number;
  /** Frames handed on per second (at most `fps`; default `fps`). */
  readonly analysisFps?: number;
  readonly maxWidth?: number;
  /** Start again after the last image, for ever. */
  readonly loop?: boolean;
  readonly signal?: AbortSignal;
  readonly limits?: DecodeLimits;
}

export interface ImageFolderFrames extends AsyncIterable<VideoFrame> {
  /** The images found, in play order (file names). */
  readonly images: readonly string[];
  /** Frames per second handed on. */
  readonly fps: number;
  readonly warnings: readonly VideoWarning[];
}

/** Image file names in the folder, in natural name order. */
export async function listImages(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'ENOENT' || e.code === 'ENOTDIR'
      ? new VideoError('not-found', 'the image folder does not exist')
      : e;
  });
  return names
    .filter((n) => !n.startsWith('.') && imageExtensions.includes(extname(n).toLowerCase()))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Which image (counted across loops) frame `n` shows when `fps` images play per second, sampled at `rate`. */
export const sampledImage = (n: number, fps: number, rate: number): number => Math.round((n * fps) / rate);

/** Plays the folder. Lists it now (a folder without images is refused here); decodes as iterated. */
export async function openImageFolder(dir: string, options: ImageFolderOptions): Promise<ImageFolderFrames> {
  if (!(options.fps > 0)) throw new RangeError(`fps must be positive: ${options.fps}`);
  const images = await listImages(dir);
  if (images.length === 0)
    throw new VideoError('not-a-video', 'the folder holds no images (JPEG, PNG, WebP, GIF, TIFF)');
  const rate = Math.min(options.analysisFps ?? options.fps, options.fps);
  const warnings: VideoWarning[] = [];
  let started = false;
  async function* frames(): AsyncGenerator<VideoFrame> {
    let failedInARow = 0;
    for (let n = 0; ; n++) {
      options.signal?.throwIfAborted();
      const k = sampledImage(n, options.fps, rate);
      if (k >= images.length && !options.loop) return;
      const name = images[k % images.length] ?? '';
      let image: RgbImage;
      try {
        image = await loadImage(join(dir, name), options.maxWidth, options.limits);
        failedInARow = 0;
      } catch (e) {
        options.signal?.throwIfAborted();
        if (warnings.length < 100) {
          warnings.push({ code: 'decode-errors', message: `${name} skipped: ${e instanceof Error ? e.message : e}` });
        }
        if (++failedInARow >= Math.min(images.length, 1000)) {
          throw new VideoError('not-a-video', `none of the images in the folder could be decoded (${name}: ${e})`);
        }
        continue;
      }
      yield { index: n, timestampMs: Math.round((n * 1000) / rate), image };
    }
  }
  return {
    images,
    fps: rate,
    warnings,
    [Symbol.asyncIterator]() {
      if (started) throw new Error('an image folder can be iterated only once');
      started = true;
      return frames();
    },
  };
}

async function loadImage(path: string, maxWidth: number | undefined, limits = defaultDecodeLimits): Promise<RgbImage> {
  const size = (await stat(path)).size;
  if (size > limits.maxBytes) throw new Error(`the file is ${size} bytes; the limit is ${limits.maxBytes}`);
  const decoded = await decodeImage(await readFile(path), limits);
  if (!maxWidth || decoded.width <= maxWidth) {
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  }
  const width = Math.max(1, Math.floor(maxWidth));
  const height = Math.max(1, Math.round((decoded.height * width) / decoded.width));
  const raw = { width: decoded.width, height: decoded.height, channels: 3 as const };
  const data = await sharp(decoded.data, { raw }).resize(width, height, { fit: 'fill' }).raw().toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
