/**
 * Per-group false match rates (R27) from within-group impostor pairs: every pair of different
 * people inside one gender x race cell. Pure: takes each cell's impostor scores.
 */
import type { Gender } from './lfw-protocol.ts';
import type { Race } from './utkface.ts';
import { fmrKey } from './calibrate.ts';
import { countAtOrAbove, sortedAscending, thresholdAtFmr, wilsonInterval } from './stats.ts';
import { expectedFalseAlerts } from './watchlist.ts';

export interface DemographicCellInput {
  readonly gender: Gender;
  readonly race: Race;
  /** Images listed for the cell. */
  readonly images: number;
  /** Images that produced no template; they take part in no pair. */
  readonly failuresToEnrol: number;
  /** Similarities of all within-cell impostor pairs of enrolled images. */
  readonly scores: ArrayLike<number>;
  /** Enrolled images of people under 18 (children are a sensitive group, R13). */
  readonly under18?: number;
}

export interface DemographicsOptions {
  readonly configuredThreshold: number;
  /** Offsets from the configured threshold also reported (default -0.05 and +0.05). */
  readonly neighbourOffsets?: readonly number[];
  /** Pooled FMR targets whose thresholds are also reported (default 1e-3, 1e-4). */
  readonly pooledFmrTargets?: readonly number[];
  /** Watchlist sizes for the false-alert scaling (default 100, 1,000, 10,000). */
  readonly watchlistSizes?: readonly number[];
}

export interface ThresholdSpec {
  /** Key into each cell's byThreshold, e.g. 'configured', 'configured+0.05', 'fmr1e-3'. */
  readonly id: string;
  readonly kind: 'configured' | 'neighbour' | 'pooled-fmr';
  readonly value: number;
  readonly targetFmr: number | null;
  /** FMR over all within-cell impostor pairs pooled, at this threshold. */
  readonly pooledFmr: number | null;
  readonly pooledFalseMatches: number;
}

export interface WatchlistAlerts {
  readonly watchlistSize: number;
  /** Expected passers-by with at least one false alert per 1,000, at the FMR and at its CI bounds. */
  readonly per1000: number | null;
  readonly per1000Low: number | null;
  readonly per1000High: number | null;
}

export interface CellAtThreshold {
  readonly falseMatches: number;
  readonly fmr: number | null;
  /** 95% Wilson score interval of the FMR. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly watchlist: readonly WatchlistAlerts[];
}

export interface CellResult {
  readonly gender: Gender;
  readonly race: Race;
  readonly images: number;
  readonly enrolled: number;
  readonly failuresToEnrol: number;
  readonly failureToEnrolRate: number | null;
  readonly under18: number | null;
  /** Within-cell impostor pairs. */
  readonly pairs: number;
  readonly byThreshold: Record<string, CellAtThreshold>;
}

export interface WorstToBest {
  readonly worstCell: string | null;
  readonly worstFmr: number | null;
  readonly bestCell: string | null;
  readonly bestFmr: number | null;
  /** worst / best; null when the best cell has no false match (the ratio is unbounded). Cells are null when no cell has a false match. */
  readonly ratio: number | null;
  /**
   * worst FMR / the best cell's upper 95% bound: finite even when the best cell has no false match,
   * and smaller than the ratio (conservative: "the worst cell is at least this many times worse").
   */
  readonly conservativeRatio: number | null;
}

export interface DemographicsResult {
  readonly thresholds: readonly ThresholdSpec[];
  readonly cells: readonly CellResult[];
  /** Keyed by threshold id. */
  readonly worstToBestRatio: Record<string, WorstToBest>;
  readonly pooledPairs: number;
  readonly ciMethod: string;
  readonly notes: readonly string[];
}

export const DEMOGRAPHICS_NOTES: readonly string[] = [
  'Every pair inside a gender x race cell is treated as an impostor pair: the set has one image per person ' +
    '(no identity labels), so a person appearing twice would be counted as a false match.',
  'Pairs that share an image are not independent (each image takes part in n-1 pairs), so the Wilson ' +
    'intervals, which assume independent trials, are narrower than the true uncertainty.',
  'worstToBestRatio.ratio is null when the best cell has no false match (the ratio is then unbounded); ' +
    "conservativeRatio divides the worst FMR by the best cell's upper 95% bound instead, so it is finite and " +
    'errs low. If no cell has a false match, both ratios and the cell names are null.',
  'Watchlist scaling: expected passers-by (not on the list) with at least one false alert per 1,000, ' +
    '1000 * (1 - (1 - FMR)^N) for a watchlist of N, assuming independent comparisons.',
  'False non-match rates per group need identities; this set has none (see the LFW evaluation by gender).',
];

export const CI_METHOD = 'Wilson score interval, 95% (z = 1.96), on false matches / impostor pairs per cell';

function cellLabel(c: { gender: Gender; race: Race }): string {
  return `${c.gender} ${c.race}`;
}

function thresholdSpecs(
  options: DemographicsOptions,
  pooled: Float64Array,
): { id: string; kind: ThresholdSpec['kind']; value: number; targetFmr: number | null }[] {
  const t = options.configuredThreshold;
  const specs: { id: string; kind: ThresholdSpec['kind']; value: number; targetFmr: number | null }[] = [
    { id: 'configured', kind: 'configured', value: t, targetFmr: null },
  ];
  for (const off of options.neighbourOffsets ?? [-0.05, 0.05]) {
    const id = `configured${off >= 0 ? '+' : '-'}${Math.abs(off)}`;
    specs.push({ id, kind: 'neighbour', value: t + off, targetFmr: null });
  }
  for (const target of options.pooledFmrTargets ?? [1e-3, 1e-4]) {
    const found = thresholdAtFmr(pooled, target);
    if (found)
      specs.push({ id: `fmr${fmrKey(target)}`, kind: 'pooled-fmr', value: found.threshold, targetFmr: target });
  }
  return specs;
}

function worstToBest(cells: readonly CellResult[], id: string): WorstToBest {
  const rated = cells.flatMap((c) => {
    const r = c.byThreshold[id];
    return r && r.fmr !== null ? [{ cell: c, r, fmr: r.fmr }] : [];
  });
  if (rated.length === 0) {
    return { worstCell: null, worstFmr: null, bestCell: null, bestFmr: null, ratio: null, conservativeRatio: null };
  }
  // Worst: highest FMR; best: lowest FMR, ties broken by the lower upper bound (more evidence).
  const worst = rated.reduce((a, b) => (b.fmr > a.fmr ? b : a));
  const best = rated.reduce((a, b) =>
    b.fmr < a.fmr || (b.fmr === a.fmr && (b.r.ciHigh ?? 1) < (a.r.ciHigh ?? 1)) ? b : a,
  );
  const anyMatch = worst.fmr > 0;
  return {
    worstCell: anyMatch ? cellLabel(worst.cell) : null,
    worstFmr: worst.fmr,
    bestCell: anyMatch ? cellLabel(best.cell) : null,
    bestFmr: best.fmr,
    ratio: best.fmr > 0 ? worst.fmr / best.fmr : null,
    conservativeRatio: anyMatch && best.r.ciHigh !== null && best.r.ciHigh > 0 ? worst.fmr / best.r.ciHigh : null,
  };
}

export function evaluateDemographics(
  inputs: readonly DemographicCellInput[],
  options: DemographicsOptions,
): DemographicsResult {
  const sorted = inputs.map((c) => sortedAscending(c.scores));
  const pooledSize = sorted.reduce((n, s) => n + s.length, 0);
  const pooled = new Float64Array(pooledSize);
  let at = 0;
  for (const s of sorted) {
    pooled.set(s, at);
    at += s.length;
  }
  pooled.sort();
  const specs = thresholdSpecs(options, pooled);
  const sizes = options.watchlistSizes ?? [100, 1000, 10000];
  const alerts = (fmr: number | null, n: number): number | null => (fmr === null ? null : expectedFalseAlerts(fmr, n));

  const cells = inputs.map((c, i): CellResult => {
    const scores = sorted[i] ?? new Float64Array(0);
    const enrolled = c.images - c.failuresToEnrol;
    const byThreshold: Record<string, CellAtThreshold> = {};
    for (const spec of specs) {
      const falseMatches = countAtOrAbove(scores, spec.value);
      const ci = wilsonInterval(falseMatches, scores.length);
      const fmr = scores.length > 0 ? falseMatches / scores.length : null;
      byThreshold[spec.id] = {
        falseMatches,
        fmr,
        ciLow: ci?.low ?? null,
        ciHigh: ci?.high ?? null,
        watchlist: sizes.map((n) => ({
          watchlistSize: n,
          per1000: alerts(fmr, n),
          per1000Low: alerts(ci?.low ?? null, n),
          per1000High: alerts(ci?.high ?? null, n),
        })),
      };
    }
    return {
      gender: c.gender,
      race: c.race,
      images: c.images,
      enrolled,
      failuresToEnrol: c.failuresToEnrol,
      failureToEnrolRate: c.images > 0 ? c.failuresToEnrol / c.images : null,
      under18: c.under18 ?? null,
      pairs: scores.length,
      byThreshold,
    };
  });

  const thresholds = specs.map((s): ThresholdSpec => {
    const pooledFalseMatches = countAtOrAbove(pooled, s.value);
    return { ...s, pooledFmr: pooledSize > 0 ? pooledFalseMatches / pooledSize : null, pooledFalseMatches };
  });
  return {
    thresholds,
    cells,
    worstToBestRatio: Object.fromEntries(specs.map((s) => [s.id, worstToBest(cells, s.id)])),
    pooledPairs: pooledSize,
    ciMethod: CI_METHOD,
    notes: DEMOGRAPHICS_NOTES,
  };
}
