/**
 * Decodes untrusted image bytes into RGB pixels with sharp, refusing anything that is not a
 * supported still image or is too large, with an error that says what was wrong.
 */
import sharp from 'sharp';
import type { RgbImage } from './types.ts';

export const supportedFormats = ['jpeg', 'png', 'webp', 'gif', 'tiff'] as const;
export type ImageFormat = (typeof supportedFormats)[number];

export type ImageErrorCode =
  'empty' | 'too-many-bytes' | 'too-many-pixels' | 'not-an-image' | 'unsupported-format' | 'corrupt';

/** An image was refused. `code` is stable for programs; `message` is for people. */
export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImageError';
  }
}

export interface DecodeLimits {
  /** Largest encoded size accepted, in bytes. */
  readonly maxBytes: number;
  /** Largest width x height accepted; checked from the header, before any pixel is decoded. */
  readonly maxPixels: number;
}

/**
 * 25 megapixels (issue 12): a decoded still costs 3 bytes a pixel plus libvips' working copies
 * for every image in flight in every engine worker, so a 49 MP PNG raised the process by about
 * 1 GB. 25 MP keeps every ordinary source (4K CCTV frames are 8.3 MP, phones save 12 MP by
 * default, 24 MP cameras) and refuses full-resolution 48-50 MP phone modes and 8K stills, which
 * hold far more pixels than a face needs: export or crop them first. The header is checked before
 * any pixel is decoded; `limits.maxImagePixels` raises the limit for an installation that needs it.
 */
export const DEFAULT_MAX_PIXELS = 25_000_000;

export const defaultDecodeLimits: DecodeLimits = { maxBytes: 50 * 1024 * 1024, maxPixels: DEFAULT_MAX_PIXELS };

// libvips' operation cache would keep recent decoded rasters alive after their request; images
// here are decoded once each, so the cache only holds memory (issue 12). Process-wide, set once.
sharp.cache(false);

export interface DecodedImage extends RgbImage {
  readonly format: ImageFormat;
  /** Size before EXIF orientation was applied. */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
}

function isSupported(format: string | undefined): format is ImageFormat {
  return (supportedFormats as readonly string[]).includes(format ?? '');
}

/** The format a file's first bytes announce, if it is one Vigil accepts. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, text: string) => [...text].every((ch, i) => b(from + i) === ch.charCodeAt(0));
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && ascii(1, 'PNG')) return 'png';
  if (ascii(0, 'GIF8')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if ((ascii(0, 'II') && b(2) === 42 && b(3) === 0) || (ascii(0, 'MM') && b(2) === 0 && b(3) === 42)) return 'tiff';
  return undefined;
}

/**
 * Decodes JPEG, PNG, WebP, GIF (first frame) or TIFF (first page); applies EXIF orientation;
 * flattens alpha; converts to sRGB. The format is taken from the content, never the file name.
 */
export async function decodeImage(
  bytes: Uint8Array,
  limits: DecodeLimits = defaultDecodeLimits,
): Promise<DecodedImage> {
  if (bytes.length === 0) throw new ImageError('empty', 'the file is empty (0 bytes)');
  if (bytes.length > limits.maxBytes) {
    throw new ImageError('too-many-bytes', `the file is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    const claimed = sniffFormat(bytes);
    if (claimed) throw new ImageError('corrupt', `the file starts like a ${claimed} image but its header is damaged`);
    throw new ImageError(
      'not-an-image',
      'the content is not a recognisable image (expected JPEG, PNG, WebP, GIF or TIFF)',
    );
  }
  if (!isSupported(meta.format)) {
    throw new ImageError(
      'unsupported-format',
      `${meta.format ?? 'unknown'} images are not accepted (JPEG, PNG, WebP, GIF or TIFF only)`,
    );
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width === 0 || height === 0) throw new ImageError('corrupt', `the ${meta.format} header gives no image size`);
  if (width * height > limits.maxPixels) {
    throw new ImageError(
      'too-many-pixels',
      `the image is ${width}x${height} (${((width * height) / 1e6).toFixed(1)} megapixels); the limit is ` +
        `${(limits.maxPixels / 1e6).toFixed(1)} megapixels (limits.maxImagePixels), checked before decoding: ` +
        'export it at a lower resolution or crop the part with the face',
    );
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 })
      .rotate()
      .toColourspace('srgb')
      .flatten({ background: '#000000' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      format: meta.format,
      sourceWidth: width,
      sourceHeight: height,
    };
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ImageError('corrupt', `the ${meta.format} data is damaged or truncated (${detail})`);
  }
}
