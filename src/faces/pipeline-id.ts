/**
 * One id per pipeline (issue 17): a template's model id covers everything that shapes it, not only
 * the recognizer's weights — the landmark source (a landmarker and its options, or the detector's
 * own five points), the alignment template, the preprocessing, enrolment augmentation and the
 * pipeline version. Templates of different pipelines never share an index or a threshold
 * (calibrations, threshold policy and bias reports are keyed by this id). Before this, a YuNet live
 * pack and the default gallery pack made templates with one id although their chips differ.
 *
 * The pipeline every template was made with before issue 17 (face-api's 68 points, the dlib chip
 * and its mirror, no jitter) keeps its old id, the recognizer's: templates, calibrations and
 * policies made before this change keep working unchanged.
 */
import { createHash } from 'node:crypto';

interface NetShape {
  readonly kind: string;
  readonly modelId: string;
  readonly options?: Readonly<Record<string, string | number | boolean>> | undefined;
}

/** The parts of a pack (packs.ts' PackSpec) that shape its templates. */
export interface PipelineSpec {
  readonly detector: NetShape;
  readonly landmarker?: NetShape | undefined;
  readonly recognizer: NetShape;
  readonly augmentation?: { readonly enrolJitters: number } | undefined;
}

/** Bumped when the code between the nets changes what a template is (alignment, preprocessing). */
export const pipelineVersion = 2;

function isPipelineBeforeIssue17(pack: PipelineSpec): boolean {
  return (
    pack.landmarker?.kind === 'faceapi-landmarks68' &&
    !pack.landmarker.options &&
    !pack.recognizer.options &&
    (pack.augmentation?.enrolJitters ?? 0) === 0
  );
}

/** The model id the pack's templates carry: `<recognizer id>~<12 hex of what else shapes them>`. */
export function pipelineIdOf(pack: PipelineSpec): string {
  if (isPipelineBeforeIssue17(pack)) return pack.recognizer.modelId;
  const shape = {
    version: pipelineVersion,
    recognizer: { modelId: pack.recognizer.modelId, options: pack.recognizer.options ?? null },
    // The landmark source: the landmarker, or else the detector's own points.
    landmarks: pack.landmarker
      ? { modelId: pack.landmarker.modelId, options: pack.landmarker.options ?? null }
      : { detector: pack.detector.modelId, options: pack.detector.options ?? null },
    augmentation: pack.augmentation ?? null,
  };
  const digest = createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 12);
  return `${pack.recognizer.modelId}~${digest}`;
}
