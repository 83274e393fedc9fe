/**
 * The per-image face pipeline that runs inside an engine worker:
 * detect -> (landmarks: 68 points or five) -> align -> quality -> embed. Pure orchestration over
 * the nets.
 */
import { alignFace, alignFaceJittered, fivePointsFrom68, type FaceLandmarks } from './alignment.ts';
import { applyGates, measureQuality, type QualityGates, type QualityResult } from './quality.ts';
import { mirrorImage } from './geometry.ts';
import { orderFaces } from './face-order.ts';
import { averageTemplate, type FaceTemplate } from './template.ts';
import type { AnyLandmarker, Box, Detection, FaceDetector, FivePoints, Point, Recognizer, RgbImage } from './types.ts';

export interface FaceNets {
  readonly detector: FaceDetector;
  readonly landmarker?: AnyLandmarker;
  readonly recognizer: Recognizer;
  /** Perturbed chips (0..8, see alignment.ts jitteredTransforms) added to enrolment templates. */
  readonly enrolJitters?: number;
}

/**
 * What a template is for. `enrol` (gallery and watchlist entries) may average extra perturbed
 * chips when the pack says so (`augmentation.enrolJitters`); `probe` (searches, live frames) is
 * always the chip and its mirror.
 */
export type TemplatePurpose = 'enrol' | 'probe';

/** Which faces get a template: all found, only those passing the quality gates, or none. */
export type EmbedPolicy = 'all' | 'passing' | 'none';

export interface DetectOptions {
  readonly minScore: number;
  readonly maxFaces: number;
}

export interface AnalysedFace {
  readonly box: Box;
  readonly score: number;
  readonly five: FivePoints;
  readonly points68?: readonly Point[];
  readonly quality: QualityResult;
  readonly template?: FaceTemplate;
}

/**
 * Templates are the mean of the embeddings of the aligned chip and its mirror image (test-time
 * flip): on LFW this lifted the default pack's accuracy by about 0.3 points (README). Every
 * template Vigil makes is made this way, so templates of one model stay comparable.
 */
async function embedWithMirror(
  recognizer: Recognizer,
  chips: readonly (readonly RgbImage[])[],
): Promise<FaceTemplate[]> {
  if (chips.length === 0) return [];
  const flat = chips.flat();
  const vectors = await recognizer.embed([...flat, ...flat.map(mirrorImage)]);
  let at = 0;
  return chips.map((set) => {
    const own = set.flatMap((_, k) => [vectors[at + k]!, vectors[at + k + flat.length]!]);
    at += set.length;
    return averageTemplate(recognizer.modelId, own);
  });
}

async function locate(nets: FaceNets, image: RgbImage, box: Box, five?: FivePoints): Promise<FaceLandmarks> {
  const landmarker = nets.landmarker;
  if (landmarker && 'fivePoints' in landmarker) {
    const found = await landmarker.fivePoints(image, box);
    return found.ibug ? { five: found.five, ibug: found.ibug } : { five: found.five };
  }
  if (landmarker) {
    const points68 = await landmarker.landmarks68(image, box);
    return { five: fivePointsFrom68(points68), points68 };
  }
  if (!five) throw new Error(`detector ${nets.detector.modelId} gives no landmarks and the pack has no landmarker`);
  return { five };
}

/** Landmarks, quality and (by policy) templates for faces whose boxes are already known. */
export async function describeFaces(
  nets: FaceNets,
  image: RgbImage,
  faces: readonly { box: Box; score: number; fivePoints?: FivePoints }[],
  gates: QualityGates,
  embed: EmbedPolicy,
  purpose: TemplatePurpose = 'probe',
): Promise<AnalysedFace[]> {
  const located = await Promise.all(faces.map((f) => locate(nets, image, f.box, f.fivePoints)));
  const chips = located.map((l) => alignFace(image, l, nets.recognizer.alignment));
  const quality = located.map((l, i) => applyGates(measureQuality(l.five, chips[i]!), gates));
  const toEmbed = faces.map((_, i) => embed === 'all' || (embed === 'passing' && quality[i]!.passed));
  const embedIdx = toEmbed.flatMap((yes, i) => (yes ? [i] : []));
  const jitters = purpose === 'enrol' ? (nets.enrolJitters ?? 0) : 0;
  const templates = await embedWithMirror(
    nets.recognizer,
    embedIdx.map((i) =>
      jitters > 0 ? alignFaceJittered(image, located[i]!, nets.recognizer.alignment, jitters) : [chips[i]!],
    ),
  );
  const templateOf = new Map<number, FaceTemplate>(embedIdx.map((faceIndex, k) => [faceIndex, templates[k]!]));
  return faces.map((f, i) => {
    const l = located[i]!;
    const t = templateOf.get(i);
    return {
      box: f.box,
      score: f.score,
      five: l.five,
      ...(l.points68 ? { points68: l.points68 } : {}),
      quality: quality[i]!,
      ...(t ? { template: t } : {}),
    };
  });
}

/** Every face the detector finds, the best real face first (face-order.ts: confident before unsure, then larger). */
export async function detectBestFirst(nets: FaceNets, image: RgbImage, detect: DetectOptions): Promise<Detection[]> {
  return orderFaces(await nets.detector.detect(image, detect));
}
