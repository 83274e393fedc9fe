/**
 * The order faces are given in (issue 17): the best real face first. A box the detector is unsure
 * of (score below `confidentScore`) never comes ahead of a confident one, however large it is;
 * within each group, the larger face first. So face 0 is "the largest confident face", and a
 * caller that takes face 0 (search, enrolment, compare) never searches a low-score false box
 * because it happens to be big: with the detection floor lowered to find small faces, a 0.205 box
 * used to come ahead of the 0.946 face.
 */
import type { Detection } from './types.ts';

/** The score at and above which a detection counts as confident: the default detection floor. */
export const confidentScore = 0.5;

export function orderFaces<T extends Pick<Detection, 'box' | 'score'>>(found: readonly T[]): T[] {
  const tier = (d: T) => (d.score >= confidentScore ? 0 : 1);
  const area = (d: T) => d.box.width * d.box.height;
  return [...found].sort((a, b) => tier(a) - tier(b) || area(b) - area(a) || b.score - a.score);
}
