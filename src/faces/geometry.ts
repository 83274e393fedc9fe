/** Pure 2-D geometry for face alignment: similarity transforms and image warping. */
import type { Point, RgbImage } from './types.ts';

/** x' = a*x - b*y + tx,  y' = b*x + a*y + ty  (rotation + uniform scale + translation). */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

export function similarityScale(t: Similarity): number {
  return Math.hypot(t.a, t.b);
}

/**
 * Least-squares similarity transform taking `from[i]` onto `to[i]` (Umeyama's solution, which in
 * 2-D without reflection has this closed form). Needs at least two distinct points.
 */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Similarity {
  const n = from.length;
  if (n < 2 || to.length !== n)
    throw new Error(`fitSimilarity needs matching point lists of 2 or more (got ${n}, ${to.length})`);
  let fx = 0,
    fy = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]!.x;
    fy += from[i]!.y;
    tx += to[i]!.x;
    ty += to[i]!.y;
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let dot = 0,
    cross = 0,
    norm = 0;
  for (let i = 0; i < n; i++) {
    const sx = from[i]!.x - fx,
      sy = from[i]!.y - fy;
    const dx = to[i]!.x - tx,
      dy = to[i]!.y - ty;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
    norm += sx * sx + sy * sy;
  }
  if (norm === 0) throw new Error('fitSimilarity: all source points coincide');
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

export function invertSimilarity(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b;
  const a = t.a / d;
  const b = -t.b / d;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/**
 * Renders a `size` x `size` chip whose pixel (x, y) shows the image at `chipToImage(x, y)`, with
 * bilinear sampling. When one chip pixel covers more than 1.5 image pixels, each chip pixel
 * averages a k x k grid of samples so that downscaling does not alias. Outside the image is black.
 */
export function warpToChip(image: RgbImage, chipToImage: Similarity, size: number): RgbImage {
  const out = new Uint8Array(size * size * 3);
  const scale = similarityScale(chipToImage);
  const k = scale > 1.5 ? Math.min(4, Math.ceil(scale)) : 1;
  const { width, height, data } = image;
  const acc = [0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sy = 0; sy < k; sy++) {
        for (let sx = 0; sx < k; sx++) {
          const cx = x + (sx + 0.5) / k - 0.5;
          const cy = y + (sy + 0.5) / k - 0.5;
          const ix = chipToImage.a * cx - chipToImage.b * cy + chipToImage.tx;
          const iy = chipToImage.b * cx + chipToImage.a * cy + chipToImage.ty;
          sampleBilinear(data, width, height, ix, iy, acc);
        }
      }
      const o = (y * size + x) * 3;
      const kk = k * k;
      out[o] = Math.round(acc[0]! / kk);
      out[o + 1] = Math.round(acc[1]! / kk);
      out[o + 2] = Math.round(acc[2]! / kk);
    }
  }
  return { width: size, height: size, data: out };
}

function sampleBilinear(data: Uint8Array, width: number, height: number, x: number, y: number, acc: number[]): void {
  const x0 = Math.floor(x),
    y0 = Math.floor(y);
  const fx = x - x0,
    fy = y - y0;
  for (let c = 0; c < 3; c++) {
    const p00 = pixel(data, width, height, x0, y0, c);
    const p10 = pixel(data, width, height, x0 + 1, y0, c);
    const p01 = pixel(data, width, height, x0, y0 + 1, c);
    const p11 = pixel(data, width, height, x0 + 1, y0 + 1, c);
    acc[c]! += (p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy;
  }
}

function pixel(data: Uint8Array, width: number, height: number, x: number, y: number, c: number): number {
  if (x < 0 || y < 0 || x >= width || y >= height) return 0;
  return data[(y * width + x) * 3 + c]!;
}

/** The image mirrored left to right. */
export function mirrorImage(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const from = row + (width - 1 - x) * 3;
      const to = row + x * 3;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
    }
  }
  return { width, height, data: out };
}
