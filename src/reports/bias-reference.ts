/**
 * The bias evaluation's headline for the periodic report: per-group false match rates at the
 * operating threshold, read from the JSON `vigil eval demographics` writes
 * (`reports/demographics-<modelId>.json`, see src/eval/demographics.ts and runners.ts). Pure: takes
 * the parsed JSON. Its shape, as far as the report reads it:
 *
 *   { modelId, measuredAt, dataset, configuredThreshold, ciMethod,
 *     threshold?: { operatingFmr, source, ... },                       // how the threshold was chosen
 *     thresholds: [{ id, kind: 'configured' | 'neighbour' | 'pooled-fmr', value, pooledFmr }],
 *     cells: [{ gender, race, pairs, byThreshold: { [id]: { falseMatches, fmr, ciLow, ciHigh } } }],
 *     worstToBestRatio: { [id]: { worstCell, bestCell, ratio, conservativeRatio } } }
 *
 * The headline is the threshold of kind `configured` (the operating threshold when it was measured).
 */
import { z } from 'zod';
import type { BiasGroupRate, BiasReference, ThresholdInUse } from './report-types.ts';

const rate = z.number().nullable();

export const demographicsReportFile = z.object({
  modelId: z.string(),
  measuredAt: z.string(),
  dataset: z.string(),
  configuredThreshold: z.number(),
  ciMethod: z.string(),
  threshold: z.object({ operatingFmr: z.string().optional() }).optional(),
  thresholds: z.array(z.object({ id: z.string(), kind: z.string(), value: z.number(), pooledFmr: rate })),
  cells: z.array(
    z.object({
      gender: z.string(),
      race: z.string(),
      pairs: z.number(),
      byThreshold: z.record(
        z.string(),
        z.object({ falseMatches: z.number(), fmr: rate, ciLow: rate, ciHigh: rate }),
      ),
    }),
  ),
  worstToBestRatio: z.record(
    z.string(),
    z.object({
      worstCell: z.string().nullable(),
      bestCell: z.string().nullable(),
      ratio: rate,
      conservativeRatio: rate,
    }),
  ),
});

/** Same threshold: thresholds are stored as floats, and a deployment copies the one in force. */
const sameThreshold = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9;

export interface BiasThreshold {
  readonly use: 'live' | 'retrospective';
  readonly threshold: number;
  readonly count: number;
}

/** The headline of a bias report, or why there is none (`json` undefined: no report was found). */
export function biasReference(
  modelId: string,
  source: string,
  json: unknown,
  used: readonly BiasThreshold[],
  missingReason = 'no bias report for this model: run `vigil eval demographics`',
): BiasReference {
  const unmeasured = used.map((u): ThresholdInUse => ({ ...u, measuredAs: null }));
  if (json === undefined) return { modelId, available: false, reason: missingReason, thresholdsInUse: unmeasured };
  const parsed = demographicsReportFile.safeParse(json);
  if (!parsed.success) {
    return { modelId, available: false, reason: `the bias report at ${source} is not readable`, thresholdsInUse: unmeasured };
  }
  const r = parsed.data;
  if (r.modelId !== modelId) {
    return {
      modelId,
      available: false,
      reason: `the bias report at ${source} is for another model (${r.modelId})`,
      thresholdsInUse: unmeasured,
    };
  }
  const headline = r.thresholds.find((t) => t.kind === 'configured');
  const id = headline?.id ?? 'configured';
  const groups = r.cells.flatMap((c): BiasGroupRate[] => {
    const at = c.byThreshold[id];
    if (!at) return [];
    const group = `${c.gender} ${c.race}`;
    return [{ group, gender: c.gender, race: c.race, pairs: c.pairs, falseMatches: at.falseMatches, ...pickRates(at) }];
  });
  const ratio = r.worstToBestRatio[id];
  return {
    modelId,
    available: true,
    source,
    measuredAt: r.measuredAt,
    dataset: r.dataset,
    threshold: headline?.value ?? r.configuredThreshold,
    operatingFmr: r.threshold?.operatingFmr ?? null,
    pooledFmr: headline?.pooledFmr ?? null,
    ciMethod: r.ciMethod,
    groups,
    worstGroup: ratio?.worstCell ?? null,
    bestGroup: ratio?.bestCell ?? null,
    worstToBestRatio: ratio?.ratio ?? null,
    conservativeRatio: ratio?.conservativeRatio ?? null,
    thresholdsInUse: used.map((u) => ({
      ...u,
      measuredAs: r.thresholds.find((t) => sameThreshold(t.value, u.threshold))?.id ?? null,
    })),
  };
}

function pickRates(at: { fmr: number | null; ciLow: number | null; ciHigh: number | null }) {
  return { fmr: at.fmr, ciLow: at.ciLow, ciHigh: at.ciHigh };
}
