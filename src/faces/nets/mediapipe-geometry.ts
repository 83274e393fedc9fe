/**
 * Pure geometry of the MediaPipe face landmark pipeline: the square, optionally rotated regions of
 * interest that FaceMesh and Iris take, the mapping of their outputs back to image pixels, and the
 * five alignment points read off the mesh.
 *
 * Regions follow MediaPipe's face_landmark graphs: a region from a detector box is the box's
 * centre with a square side `scale` times the box's longer side, unrotated; a region from landmarks
 * is the landmarks' bounding box in the frame rotated so that the line from mesh point 33 to 263
 * (the outer eye corners) is horizontal, with side 1.5 times its longer side. An eye region for
 * Iris is centred between the eye's two corners, rotated along them, side 2.3 times their distance.
 */
import { applySimilarity, type Similarity } from '../geometry.ts';
import type { Box, FivePoints, Point } from '../types.ts';

export interface Roi {
  readonly cx: number;
  readonly cy: number;
  readonly side: number;
  /** Radians: the region's x axis points along (cos, sin) in the image. */
  readonly angle: number;
}

export const faceMeshInputSize = 192;
export const irisInputSize = 64;
export const meshPointCount = 468;
/** Iris outputs 71 eye and brow contour points, then 5 iris points (centre first). */
export const irisPointCount = 76;
export const irisCentreIndex = 71;
/** Iris contour points 0..15 are the eyelid contour (lower 0..8, upper 9..15). */
export const irisEyelidCount = 16;

/** Eyelid contours of the mesh: the eye on the image's left (subject's right), then the other. */
export const meshEyeImageLeft = [33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173] as const;
export const meshEyeImageRight = [
  263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398,
] as const;
/** Eye corners MediaPipe crops each eye by: [outer, inner] for the image-left eye, [inner, outer] for the other. */
export const eyeCornersImageLeft = [33, 133] as const;
export const eyeCornersImageRight = [362, 263] as const;
export const meshNoseTip = 1;
export const meshMouthImageLeft = 61;
export const meshMouthImageRight = 291;

/** Region from a detector box: same centre, unrotated, side `scale` x the longer side. */
export function roiFromBox(box: Box, scale: number): Roi {
  return {
    cx: box.x + box.width / 2,
    cy: box.y + box.height / 2,
    side: scale * Math.max(box.width, box.height),
    angle: 0,
  };
}

/** Region from mesh points, rotated along the eye line when `rotate`, side `scale` x the extent. */
export function roiFromMesh(mesh: readonly Point[], rotate: boolean, scale = 1.5): Roi {
  const a = mesh[33]!;
  const b = mesh[263]!;
  const angle = rotate ? Math.atan2(b.y - a.y, b.x - a.x) : 0;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  let minU = Infinity,
    maxU = -Infinity,
    minV = Infinity,
    maxV = -Infinity;
  for (const p of mesh) {
    const u = c * p.x + s * p.y;
    const v = -s * p.x + c * p.y;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const u = (minU + maxU) / 2;
  const v = (minV + maxV) / 2;
  return { cx: c * u - s * v, cy: s * u + c * v, side: scale * Math.max(maxU - minU, maxV - minV), angle };
}

/** Region of one eye for Iris, from its two corners (2.3 x their distance, along them). */
export function eyeRoi(p: Point, q: Point, scale = 2.3): Roi {
  return {
    cx: (p.x + q.x) / 2,
    cy: (p.y + q.y) / 2,
    side: scale * Math.hypot(q.x - p.x, q.y - p.y),
    angle: Math.atan2(q.y - p.y, q.x - p.x),
  };
}

/**
 * The similarity from crop pixel indices (pixel centres at integers, as warpToChip samples) of a
 * `size` square crop of `roi` to image pixels.
 */
export function roiToImage(roi: Roi, size: number): Similarity {
  const k = roi.side / size;
  const a = k * Math.cos(roi.angle);
  const b = k * Math.sin(roi.angle);
  const m = (size - 1) / 2;
  return { a, b, tx: roi.cx - (a * m - b * m), ty: roi.cy - (b * m + a * m) };
}

/** A net's output point (continuous crop coordinates: the crop spans 0..size) in image pixels. */
export function cropPointToImage(t: Similarity, x: number, y: number): Point {
  return applySimilarity(t, { x: x - 0.5, y: y - 0.5 });
}

/**
 * Reads `count` points (x, y, z triples) from `data` at `offset`, in image pixels. `flipped`: the
 * crop was mirrored left to right before the net saw it.
 */
export function pointsFromCrop(
  data: Float32Array,
  offset: number,
  count: number,
  t: Similarity,
  size: number,
  flipped = false,
): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < count; i++) {
    const x = data[offset + 3 * i]!;
    out.push(cropPointToImage(t, flipped ? size - x : x, data[offset + 3 * i + 1]!));
  }
  return out;
}

function mean(points: readonly Point[]): Point {
  let x = 0,
    y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/** Eye centre as the mean of its eyelid contour (dlib's eye centre is the mean of its 6 eye points). */
export function meshEyeCentres(mesh: readonly Point[]): [Point, Point] {
  return [mean(meshEyeImageLeft.map((i) => mesh[i]!)), mean(meshEyeImageRight.map((i) => mesh[i]!))];
}

/** Five points: the given eye centres, the mesh's nose tip and mouth corners. */
export function fivePointsFromMesh(mesh: readonly Point[], eyes: readonly [Point, Point]): FivePoints {
  if (mesh.length < meshPointCount) throw new Error(`expected ${meshPointCount} mesh points, got ${mesh.length}`);
  return [eyes[0], eyes[1], mesh[meshNoseTip]!, mesh[meshMouthImageLeft]!, mesh[meshMouthImageRight]!];
}

export { mean as meanPoint };

/**
 * Mesh points standing in for iBUG points 27..67 (nose, eyes, mouth), the correspondence commonly
 * used to read dlib's 68 points off MediaPipe's mesh. The conventions differ in places (the mesh's
 * nose points lie on its surface, not on the iBUG outline), so this is an approximation.
 */
export const meshForIbug: ReadonlyMap<number, number> = new Map(
  [
    168, 197, 5, 4, 75, 97, 2, 326, 305, 33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380, 61, 39, 37, 0, 267,
    269, 291, 405, 314, 17, 84, 181, 78, 82, 13, 312, 308, 317, 14, 87,
  ].map((mesh, k) => [27 + k, mesh]),
);

/** The iBUG stand-ins read off a mesh (see meshForIbug). */
export function ibugFromMesh(mesh: readonly Point[]): Map<number, Point> {
  return new Map([...meshForIbug].map(([ibug, m]) => [ibug, mesh[m]!]));
}
