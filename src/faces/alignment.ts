/**
 * Alignment of a detected face onto the canonical crop its recognizer was trained with:
 * - 'dlib-chip-150': dlib's get_face_chip_details(size 150, padding 0.25) over the mean face shape
 *   of iBUG points 27-67 without the lower lip (the template of dlib's ResNet descriptor);
 * - 'arcface-112': InsightFace's five-point 112x112 template.
 */
import { fitSimilarity, warpToChip, type Similarity } from './geometry.ts';
import type { AlignmentTemplate, FivePoints, Point, RgbImage } from './types.ts';

// dlib's mean face shape for iBUG points 17..67 in a unit square (dlib/image_transforms/
// interpolation.h, Boost Software License 1.0).
const meanFaceX = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127,
  0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606,
  0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127,
  0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127,
  0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const meanFaceY = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352,
  0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852,
  0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405,
  0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792,
  0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

/** iBUG indices dlib aligns on: 27..67 except the lower lip (55-59, 65-67). */
export const dlibAlignmentIndices: readonly number[] = Array.from({ length: 41 }, (_, i) => i + 27).filter(
  (i) => !((i >= 55 && i <= 59) || (i >= 65 && i <= 67)),
);

function dlibTemplatePoint(index: number, size: number, padding: number): Point {
  const x = meanFaceX[index - 17]!;
  const y = meanFaceY[index - 17]!;
  return { x: ((padding + x) / (2 * padding + 1)) * size, y: ((padding + y) / (2 * padding + 1)) * size };
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

/** Five points (eye centres, nose tip, mouth corners) from the 68 iBUG points. */
export function fivePointsFrom68(p: readonly Point[]): FivePoints {
  if (p.length !== 68) throw new Error(`expected 68 landmarks, got ${p.length}`);
  return [mean(p.slice(36, 42)), mean(p.slice(42, 48)), p[30]!, p[48]!, p[54]!];
}

const dlibChipSize = 150;
const dlibPadding = 0.25;

/** The dlib template as 68 points (unused indices are NaN), in chip pixels. */
const dlibTemplate68: readonly Point[] = Array.from({ length: 68 }, (_, i) =>
  i >= 17 ? dlibTemplatePoint(i, dlibChipSize, dlibPadding) : { x: NaN, y: NaN },
);

/** dlib's template reduced to the five-point convention, for detectors that only give five. */
const dlibTemplate5: FivePoints = (() => {
  const eyes = (from: number) => mean(Array.from({ length: 6 }, (_, k) => dlibTemplate68[from + k]!));
  return [eyes(36), eyes(42), dlibTemplate68[30]!, dlibTemplate68[48]!, dlibTemplate68[54]!];
})();

const arcfaceTemplate5: FivePoints = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

export const templateChipSize: Record<AlignmentTemplate, number> = { 'dlib-chip-150': 150, 'arcface-112': 112 };

export interface FaceLandmarks {
  readonly five: FivePoints;
  readonly points68?: readonly Point[];
  /**
   * Points standing in for some of the 68 iBUG points (by iBUG index), from a landmarker with
   * another point set (MediaPipe's mesh). The dlib chip is then fitted on those of dlib's
   * alignment points that are present, as from the 68.
   */
  readonly ibug?: ReadonlyMap<number, Point>;
}

/** The similarity taking chip pixels to image pixels for this face and template. */
export function chipToImageTransform(landmarks: FaceLandmarks, template: AlignmentTemplate): Similarity {
  if (template === 'dlib-chip-150' && landmarks.points68) {
    const pts68 = landmarks.points68;
    const chip = dlibAlignmentIndices.map((i) => dlibTemplate68[i]!);
    const image = dlibAlignmentIndices.map((i) => pts68[i]!);
    return fitSimilarity(chip, image);
  }
  if (template === 'dlib-chip-150' && landmarks.ibug) {
    const ibug = landmarks.ibug;
    const present = dlibAlignmentIndices.filter((i) => ibug.has(i));
    return fitSimilarity(
      present.map((i) => dlibTemplate68[i]!),
      present.map((i) => ibug.get(i)!),
    );
  }
  const target = template === 'dlib-chip-150' ? dlibTemplate5 : arcfaceTemplate5;
  return fitSimilarity(target, landmarks.five);
}

/** Cuts the aligned chip for `template` out of the image. */
export function alignFace(image: RgbImage, landmarks: FaceLandmarks, template: AlignmentTemplate): RgbImage {
  return warpToChip(image, chipToImageTransform(landmarks, template), templateChipSize[template]);
}

/**
 * Fixed perturbations of the chip for test-time augmentation at enrolment, in the order they are
 * taken: a pair of opposite shifts (2 px of the 150 px chip) along x, then along y, then scales
 * 0.96/1.04, then rotations of -4/+4 degrees, each about the chip centre. Fixed, not random, so the
 * same image always gives the same template.
 */
const jitterSteps: readonly { dx: number; dy: number; scale: number; degrees: number }[] = [
  { dx: 2, dy: 0, scale: 1, degrees: 0 },
  { dx: -2, dy: 0, scale: 1, degrees: 0 },
  { dx: 0, dy: 2, scale: 1, degrees: 0 },
  { dx: 0, dy: -2, scale: 1, degrees: 0 },
  { dx: 0, dy: 0, scale: 0.96, degrees: 0 },
  { dx: 0, dy: 0, scale: 1.04, degrees: 0 },
  { dx: 0, dy: 0, scale: 1, degrees: -4 },
  { dx: 0, dy: 0, scale: 1, degrees: 4 },
];
export const maxJitters = jitterSteps.length;

/**
 * The chip transform and `jitters` (0..8) perturbed copies of it. Shifts are in pixels of a 150 px
 * chip, scaled to the template's size.
 */
export function jitteredTransforms(base: Similarity, template: AlignmentTemplate, jitters: number): Similarity[] {
  if (!(Number.isInteger(jitters) && jitters >= 0 && jitters <= maxJitters))
    throw new Error(`jitters must be a whole number from 0 to ${maxJitters}`);
  const size = templateChipSize[template];
  const c = (size - 1) / 2;
  const unit = size / 150;
  return [
    base,
    ...jitterSteps.slice(0, jitters).map((j) => {
      // chip' -> chip: p = c + s R (p' - c) + d, then chip -> image by `base`.
      const r = (j.degrees * Math.PI) / 180;
      const a = j.scale * Math.cos(r);
      const b = j.scale * Math.sin(r);
      const inner: Similarity = {
        a,
        b,
        tx: c - (a * c - b * c) + j.dx * unit,
        ty: c - (b * c + a * c) + j.dy * unit,
      };
      return composeSimilarity(base, inner);
    }),
  ];
}

/** `outer` after `inner`. */
function composeSimilarity(outer: Similarity, inner: Similarity): Similarity {
  return {
    a: outer.a * inner.a - outer.b * inner.b,
    b: outer.b * inner.a + outer.a * inner.b,
    tx: outer.a * inner.tx - outer.b * inner.ty + outer.tx,
    ty: outer.b * inner.tx + outer.a * inner.ty + outer.ty,
  };
}

/** The aligned chip and `jitters` perturbed chips (see jitteredTransforms). */
export function alignFaceJittered(
  image: RgbImage,
  landmarks: FaceLandmarks,
  template: AlignmentTemplate,
  jitters: number,
): RgbImage[] {
  return jitteredTransforms(chipToImageTransform(landmarks, template), template, jitters).map((t) =>
    warpToChip(image, t, templateChipSize[template]),
  );
}
