/** A face crop as reviewers see it: the face box with a margin, upright, a JPEG of at most 320 px. */
import sharp from 'sharp';
import type { Box } from '../faces/types.ts';
import { cropRegion } from '../faces/video-probe.ts';

export const CROP_MARGIN = 0.4;

/** Crops `box` (in the upright image's pixels) with a margin out of an encoded image. */
export async function cropFace(bytes: Uint8Array, box: Box, margin = CROP_MARGIN): Promise<Buffer> {
  // EXIF orientation is applied first, as the engine's decoder does, so the boxes line up.
  const { data, info } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
  const r = cropRegion(box, margin, info.width, info.height);
  return sharp(data)
    .extract({ left: r.x, top: r.y, width: r.width, height: r.height })
    .resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 88 })
    .toBuffer();
}

const mimes: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
};

/** The media type of stored image bytes, from their format as sharp reads it. */
export async function imageMime(bytes: Uint8Array): Promise<string> {
  const { format } = await sharp(bytes).metadata();
  return mimes[format ?? ''] ?? 'application/octet-stream';
}
