/** Choosing which detected face of an image to compare: the only one, or the one asked for. */
import type { ImageAnalysis } from './engine-protocol.ts';
import type { AnalysedFace } from './pipeline.ts';
import type { FaceTemplate } from './template.ts';

export type FaceChoiceCode = 'no-face' | 'several-faces' | 'no-such-face';

export class FaceChoiceError extends Error {
  constructor(
    readonly code: FaceChoiceCode,
    message: string,
  ) {
    super(message);
    this.name = 'FaceChoiceError';
  }
}

/**
 * The face `index` names (0 = largest), or the only face. An image with no face, or with several
 * and no index, is refused: comparing "some face" of a group photo would be a guess.
 * `label` names the image in messages; `howToChoose` says how the caller picks a face.
 */
export function chooseFace(
  label: string,
  analysis: ImageAnalysis,
  index: number | undefined,
  howToChoose: string,
): { face: AnalysedFace; index: number; template: FaceTemplate } {
  const n = analysis.faces.length;
  if (n === 0) throw new FaceChoiceError('no-face', `${label}: no face found`);
  if (index === undefined && n > 1) {
    throw new FaceChoiceError(
      'several-faces',
      `${label}: ${n} faces found; choose one with ${howToChoose} (0 = largest)`,
    );
  }
  const i = index ?? 0;
  const face = analysis.faces[i];
  if (!face) throw new FaceChoiceError('no-such-face', `${label}: face ${i} does not exist (${n} found)`);
  if (!face.template) throw new Error(`${label}: face ${i} was not embedded`);
  return { face, index: i, template: face.template };
}
