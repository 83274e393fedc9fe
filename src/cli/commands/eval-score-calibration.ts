/**
 * Between `vigil eval calibrate`'s cluster calibration (score-calibration-runner.ts) and its
 * stored form (config/score-calibration.json, src/faces/score-calibration.ts), and back for
 * `vigil eval demographics`.
 */
import type { DemographicsCalibration } from '../../eval/runners.ts';
import type { FittedScoreCalibration, ScoreCalibrationEvaluation } from '../../eval/score-calibration-runner.ts';
import type { ModelScoreCalibration } from '../../faces/score-calibration.ts';

function thresholds(f: FittedScoreCalibration): ModelScoreCalibration['thresholds'] {
  const at = (key: string) => {
    const t = f.thresholds[key];
    if (t === null || t === undefined) throw new Error(`cluster calibration found no threshold for FMR ${key}`);
    return t;
  };
  return { '1e-2': at('1e-2'), '1e-3': at('1e-3'), '1e-4': at('1e-4') };
}

export function storedScoreCalibration(
  r: ScoreCalibrationEvaluation,
  o: {
    readonly measuredAt: string;
    readonly pipeline: ModelScoreCalibration['pipeline'];
    readonly search: ModelScoreCalibration['search'];
  },
): ModelScoreCalibration {
  return {
    measuredAt: o.measuredAt,
    command: 'vigil eval calibrate --write',
    pipeline: o.pipeline,
    fittedOn: r.inForce.fittedOn,
    cluster: r.inForce.calibration,
    thresholds: thresholds(r.inForce),
    mirror: { fittedOn: r.mirror.fittedOn, cluster: r.mirror.calibration, thresholds: thresholds(r.mirror) },
    search: o.search,
  };
}

/** The calibration in force and its mirror at the operating FMR; null when the model has none. */
export function demographicsCalibration(
  stored: ModelScoreCalibration | undefined,
  operatingFmr: '1e-2' | '1e-3' | '1e-4',
): DemographicsCalibration | null {
  if (!stored?.cluster || !stored.mirror) return null;
  return {
    inForce: { calibration: stored.cluster, threshold: stored.thresholds[operatingFmr] },
    mirror: { calibration: stored.mirror.cluster, threshold: stored.mirror.thresholds[operatingFmr] },
  };
}
