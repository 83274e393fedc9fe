/**
 * `vigil eval calibrate`'s attribute-free fairness calibration (R27): clusters and offsets fitted
 * on the LFW View-2 images plus the UTKFace calibration half (cohortHalf; no demographic label is
 * read, and UTKFace's one-image-per-person design makes every pair in it an impostor pair), then
 * the thresholds on the calibrated score from the same LFW impostor and genuine pairs as the raw
 * calibration. A mirror calibration fitted on LFW plus the evaluation half is fitted too, only so
 * that `vigil eval demographics` can measure every UTKFace image with a calibration that did not
 * see it (2-fold cross-fitting: pairs within the evaluation half with the calibration in force,
 * pairs within the calibration half with the mirror).
 */
import { calibrateThresholds, type CalibrationResult } from './calibrate.ts';
import { fitClusterCalibration, type ClusterFitSummary } from './cluster-calibration-fit.ts';
import { cohortHalf, type CohortHalf } from './demographics-calibrated.ts';
import { loadLfwPairs, loadUtkIndex } from './data-files.ts';
import { uniqueLfwImages } from './lfw-protocol.ts';
import { DEFAULT_MAX_IMPOSTOR_PAIRS, embedRelative, vectorOf, type RunOptions } from './runners.ts';
import { clusterCalibratedScore, clusterOffsets, type ClusterCalibration } from '../faces/score-calibration.ts';

/** Chosen on a split of the calibration half only (fit on LFW + one quarter of UTKFace, judged on another). */
export const DEFAULT_CLUSTER_SETTINGS = { clusters: 50, fitFmr: 1e-2, priorPairs: 500, seed: 1 } as const;

export interface FittedScoreCalibration extends CalibrationResult {
  readonly fittedOn: string;
  readonly utkHalf: CohortHalf;
  readonly calibration: ClusterCalibration;
  readonly clusters: readonly ClusterFitSummary[];
}

export interface ScoreCalibrationEvaluation {
  readonly inForce: FittedScoreCalibration;
  readonly mirror: FittedScoreCalibration;
  readonly lfwImages: number;
  readonly utkImages: number;
  readonly notes: readonly string[];
}

/** Calibrated scores of every stride-th cross-identity pair (the raw calibration's sampling). */
function calibratedImpostors(
  vectors: readonly Float32Array[],
  identities: readonly string[],
  offsets: readonly number[],
  maxPairs: number,
): Float64Array {
  const n = vectors.length;
  const per = new Map<string, number>();
  for (const id of identities) per.set(id, (per.get(id) ?? 0) + 1);
  let same = 0;
  for (const k of per.values()) same += (k * (k - 1)) / 2;
  const stride = Math.max(1, Math.ceil(((n * (n - 1)) / 2 - same) / maxPairs));
  const out: number[] = [];
  let counter = 0;
  for (let i = 0; i < n; i++) {
    const a = vectors[i];
    if (!a) continue;
    for (let j = i + 1; j < n; j++) {
      if (identities[j] === identities[i] || counter++ % stride !== 0) continue;
      const b = vectors[j];
      if (!b) continue;
      let s = 0;
      for (let d = 0; d < a.length; d++) s += (a[d] ?? 0) * (b[d] ?? 0);
      out.push(clusterCalibratedScore(s, offsets[i] ?? 0, offsets[j] ?? 0));
    }
  }
  return Float64Array.from(out);
}

export async function runScoreCalibration(
  o: RunOptions & { readonly settings?: Partial<typeof DEFAULT_CLUSTER_SETTINGS>; readonly maxImpostorPairs?: number },
): Promise<ScoreCalibrationEvaluation> {
  const settings = { ...DEFAULT_CLUSTER_SETTINGS, ...o.settings };
  const protocol = await loadLfwPairs(o.dataDir);
  const lfw = uniqueLfwImages(protocol.pairs);
  const utk = await loadUtkIndex(o.dataDir);
  const le = await embedRelative(
    lfw.map((im) => im.path),
    o,
  );
  const ue = await embedRelative(
    utk.map((im) => im.path),
    o,
  );
  const lfwIn = lfw.flatMap((im) => {
    const v = vectorOf(le, im.path);
    return v ? [{ im, v }] : [];
  });
  const lfwVectors = lfwIn.map((x) => x.v);
  const identities = lfwIn.map((x) => x.im.identity);
  const fit = (half: CohortHalf): FittedScoreCalibration => {
    const cohort = utk.flatMap((im) => {
      const v = cohortHalf(im.file) === half ? vectorOf(ue, im.path) : null;
      return v ? [v] : [];
    });
    const f = fitClusterCalibration({
      vectors: [...lfwVectors, ...cohort],
      identities: [...identities, ...cohort.map(() => null)],
      tail: 'pairs',
      ...settings,
    });
    const offsets = clusterOffsets(f.calibration, lfwVectors);
    const index = new Map(lfwIn.map((x, i) => [x.im.path, i]));
    const genuine = protocol.pairs
      .filter((p) => p.same)
      .map((p) => {
        const a = index.get(p.a.path);
        const b = index.get(p.b.path);
        if (a === undefined || b === undefined) return null;
        let s = 0;
        const va = lfwVectors[a] ?? new Float32Array(0);
        const vb = lfwVectors[b] ?? new Float32Array(0);
        for (let d = 0; d < va.length; d++) s += (va[d] ?? 0) * (vb[d] ?? 0);
        return clusterCalibratedScore(s, offsets[a] ?? 0, offsets[b] ?? 0);
      });
    const genuineScores = genuine.flatMap((s) => (s === null ? [] : [s]));
    const thresholds = calibrateThresholds({
      impostorScores: calibratedImpostors(
        lfwVectors,
        identities,
        offsets,
        o.maxImpostorPairs ?? DEFAULT_MAX_IMPOSTOR_PAIRS,
      ),
      genuineScores,
      genuineFailures: genuine.length - genuineScores.length,
    });
    return {
      fittedOn:
        `${lfwVectors.length} LFW View-2 templates (identities used only to leave same-person pairs out) and the ` +
        `${cohort.length} UTKFace templates of its ${half} half (sha256 of the file name; no label read)`,
      utkHalf: half,
      calibration: f.calibration,
      clusters: f.summary,
      ...thresholds,
    };
  };
  return {
    inForce: fit('calibration'),
    mirror: fit('evaluation'),
    lfwImages: lfw.length,
    utkImages: utk.length,
    notes: [
      'Cluster calibration (after FairCal): spherical k-means on the calibration templates; each cluster offset is ' +
        "its within-cluster impostor score at the fitting FMR less the pooled one, shrunk by pairs / (pairs + prior); a pair's " +
        'calibrated score is its cosine less the mean offset of its two templates’ nearest clusters.',
      'Thresholds on the calibrated score: the LFW cross-identity pairs and View-2 genuine pairs of the raw calibration.',
      'The mirror calibration is fitted on the other UTKFace half and exists only to evaluate the calibration half.',
    ],
  };
}
