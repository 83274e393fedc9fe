/**
 * The pieces of the demographic evaluation with the attribute-free cluster calibration in force
 * (R27): a label-free split of the UTKFace cohort into a calibration half (which `vigil eval
 * calibrate` may fit on) and an evaluation half (which `vigil eval demographics` measures), and the
 * within-cell pair scores with the calibration applied. Pure.
 */
import { createHash } from 'node:crypto';
import { clusterCalibratedScore } from '../faces/score-calibration.ts';
import { allPairScores } from './embedding.ts';

export type CohortHalf = 'calibration' | 'evaluation';

/**
 * Which half an image is in: the low bit of the first byte of sha256(file name). No label is read,
 * and the split is the same on every run and every machine.
 */
export function cohortHalf(fileName: string): CohortHalf {
  return ((createHash('sha256').update(fileName).digest()[0] ?? 0) & 1) === 0 ? 'calibration' : 'evaluation';
}

/** Calibrated similarity of every unordered pair (i < j), in row order: raw - mean of the two offsets. */
export function calibratedPairScores(vectors: readonly Float32Array[], offsets: readonly number[]): Float64Array {
  if (vectors.length !== offsets.length) throw new RangeError('one offset per template');
  const raw = allPairScores(vectors);
  let k = 0;
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++, k++) {
      raw[k] = clusterCalibratedScore(raw[k]!, offsets[i] ?? 0, offsets[j] ?? 0);
    }
  }
  return raw;
}
