/**
 * The live view's picture of a camera (issue 13): its latest analysed frame with the faces found
 * in it (box, track id), drawn as a JPEG when an operator asks for it.
 *
 * R18: a frame is a picture of passers-by. It lives only here, in the memory of the process that
 * analyses the camera, and only until the next analysed frame replaces it (or the camera stops,
 * which drops it): never written to disk, the database, the media store, a log or the event bus.
 * The JPEG is made on request from the frame held then, kept beside it for the next viewer of the
 * same frame, and dropped with it.
 */
import sharp from 'sharp';
import type { RgbImage } from '../faces/types.ts';

export interface FrameFace {
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** The tracker's id of the face's track in this camera. */
  readonly trackId: number;
  /** Whether it passed the quality gates (only those are compared with the watchlist, R15). */
  readonly compared: boolean;
}

export interface FrameJpeg {
  readonly jpeg: Buffer;
  readonly capturedAt: number;
  readonly faces: number;
}

interface Held {
  readonly image: RgbImage;
  readonly faces: readonly FrameFace[];
  readonly capturedAt: number;
  jpeg?: Promise<FrameJpeg>;
}

/** The widest JPEG the live view is sent (a tile, not evidence). */
const maxWidth = 960;

export class LatestFrame {
  private held: Held | undefined;

  /** Replaces the frame held (the one before is dropped). */
  set(image: RgbImage, faces: readonly FrameFace[], capturedAt: number): void {
    this.held = { image, faces, capturedAt };
  }

  /** Drops the frame held (the camera stopped). */
  clear(): void {
    this.held = undefined;
  }

  get capturedAt(): number | undefined {
    return this.held?.capturedAt;
  }

  /** The frame held now as a JPEG with its faces drawn; undefined when none is held. */
  jpeg(): Promise<FrameJpeg> | undefined {
    const h = this.held;
    if (!h) return undefined;
    h.jpeg ??= drawFrame(h);
    return h.jpeg;
  }
}

/** The frame scaled to the tile, with a box and the track id over each face. */
async function drawFrame(h: Held): Promise<FrameJpeg> {
  const { width, height, data } = h.image;
  const scale = Math.min(1, maxWidth / width);
  const w = Math.round(width * scale);
  const ht = Math.round(height * scale);
  const stroke = Math.max(2, Math.round(w / 200));
  const font = Math.max(16, Math.round(w / 24));
  const shapes = h.faces.map((f) => {
    const x = Math.round(f.box.x * scale);
    const y = Math.round(f.box.y * scale);
    const bw = Math.round(f.box.width * scale);
    const bh = Math.round(f.box.height * scale);
    const colour = f.compared ? '#22c55e' : '#facc15';
    const label = `#${f.trackId}`;
    const ty = y > font + 8 ? y - 6 : y + bh + font + 2;
    return (
      `<rect x="${x}" y="${y}" width="${bw}" height="${bh}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>` +
      `<rect x="${x}" y="${ty - font}" width="${10 + label.length * font * 0.62}" height="${font + 5}" fill="#000" fill-opacity="0.6"/>` +
      `<text x="${x + 5}" y="${ty}" font-family="sans-serif" font-size="${font}" font-weight="bold" fill="${colour}">${label}</text>`
    );
  });
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${ht}">${shapes.join('')}</svg>`,
  );
  const jpeg = await sharp(data, { raw: { width, height, channels: 3 } })
    .resize(w, ht)
    .composite([{ input: svg, top: 0, left: 0 }])
    .jpeg({ quality: 75 })
    .toBuffer();
  return { jpeg, capturedAt: h.capturedAt, faces: h.faces.length };
}
