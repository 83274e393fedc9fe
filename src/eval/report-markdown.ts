/** Markdown tables of the evaluation results, for the README and `reports/`. */
import type { CalibrationEvaluation, DemographicsEvaluation, LfwEvaluation } from './runners.ts';

function pct(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : `${x.toFixed(digits)}%`;
}

function frac(x: number | null, digits = 4): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}

/** A rate in compact scientific form: 0, 1.2e-4, 0.031. */
export function rate(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  return x >= 0.01 ? x.toFixed(3) : x.toExponential(1);
}

/** A threshold rounded up to 4 decimals: applying the printed value never admits more false matches. */
export function thresholdText(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'n/a' : (Math.ceil(x * 1e4) / 1e4).toFixed(4);
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function lfwMarkdown(r: LfwEvaluation): string {
  const summary = table(
    ['measure', 'value'],
    [
      ['pairs / images', `${r.pairs} / ${r.images}`],
      ['accuracy (10-fold)', `${pct(r.accuracy)} ± ${pct(r.accuracyStd)}`],
      ['TAR at FAR 1e-2', frac(r.tarAtFar1e2)],
      ['TAR at FAR 1e-3', frac(r.tarAtFar1e3)],
      ['failures to enrol', `${r.failuresToEnrol} (${pct(100 * r.failureToEnrolRate)})`],
      [
        'pairs with a failed image',
        `${r.pairsWithFailure.matched} matched, ${r.pairsWithFailure.mismatched} mismatched`,
      ],
    ],
  );
  const gender = table(
    ['group', 'pairs', 'genuine', 'impostor', 'accuracy', '95% CI', 'FNMR', 'FMR'],
    Object.entries(r.byGender).map(([g, a]) => [
      g,
      String(a.pairs),
      String(a.genuinePairs),
      String(a.impostorPairs),
      pct(a.accuracy),
      `${pct(a.accuracyCiLow)} to ${pct(a.accuracyCiHigh)}`,
      rate(a.fnmr),
      rate(a.fmr),
    ]),
  );
  return [
    `### ${r.dataset}`,
    '',
    r.protocol + '.',
    '',
    summary,
    '',
    '#### By gender (both images share the label)',
    '',
    gender,
    '',
    `Failure policy: ${r.failurePolicy}`,
    '',
    ...r.notes.map((n) => `- ${n}`),
  ].join('\n');
}

/** With and without the cluster calibration, at the operating threshold of each (empty without a calibration). */
function calibrationComparison(r: DemographicsEvaluation): string[] {
  const u = r.clusterCalibrated;
  const c = r.scoreCalibration;
  if (!u || !c) return [];
  const row = (
    name: string,
    x: {
      thresholds: DemographicsEvaluation['thresholds'];
      worstToBestRatio: DemographicsEvaluation['worstToBestRatio'];
    },
  ) => {
    const t = x.thresholds.find((s) => s.kind === 'configured');
    const w = t ? x.worstToBestRatio[t.id] : undefined;
    return [
      name,
      t ? String(Number(t.value.toPrecision(6))) : 'n/a',
      rate(t?.pooledFmr ?? null),
      w?.worstCell ? `${w.worstCell} (${rate(w.worstFmr)})` : 'no false match',
      w?.bestCell ? `${w.bestCell} (${rate(w.bestFmr)})` : 'no false match',
      w?.ratio != null ? w.ratio.toFixed(1) : 'n/a',
    ];
  };
  return [
    '#### With and without the attribute-free cluster calibration (operating threshold of each)',
    '',
    table(
      ['scores', 'threshold', 'pooled FMR', 'worst cell', 'best cell', 'worst / best'],
      [
        row('raw cosine (in force), same pairs', r.clusterCalibratedBaseline ?? r),
        row('cluster-calibrated (not applied yet)', u),
      ],
    ),
    '',
    `${c.method}; ${c.pairs}. The tables below are for the raw scores the product applies.`,
    '',
  ];
}

export function demographicsMarkdown(r: DemographicsEvaluation): string {
  const thresholds = table(
    ['threshold', 'value', 'pooled FMR', 'pooled false matches'],
    r.thresholds.map((t) => [
      t.id,
      String(Number(t.value.toPrecision(6))),
      rate(t.pooledFmr),
      String(t.pooledFalseMatches),
    ]),
  );
  const head = ['gender', 'race', 'images', 'failed', 'pairs', ...r.thresholds.map((t) => `FMR @ ${t.id} (95% CI)`)];
  const rows = r.cells.map((c) => [
    c.gender,
    c.race,
    String(c.images),
    String(c.failuresToEnrol),
    String(c.pairs),
    ...r.thresholds.map((t) => {
      const x = c.byThreshold[t.id];
      return x ? `${rate(x.fmr)} (${rate(x.ciLow)} to ${rate(x.ciHigh)})` : 'n/a';
    }),
  ]);
  const ratios = table(
    ['threshold', 'worst cell', 'best cell', 'worst / best', 'conservative (vs best upper 95%)'],
    r.thresholds.map((t) => {
      const w = r.worstToBestRatio[t.id];
      return [
        t.id,
        w?.worstCell ? `${w.worstCell} (${rate(w.worstFmr)})` : 'no false match',
        w?.bestCell ? `${w.bestCell} (${rate(w.bestFmr)})` : 'no false match',
        w?.ratio != null ? w.ratio.toFixed(1) : w?.worstCell ? 'unbounded' : 'n/a',
        w?.conservativeRatio != null ? w.conservativeRatio.toFixed(1) : 'n/a',
      ];
    }),
  );
  const configured = r.thresholds[0];
  const sizes = r.cells[0]?.byThreshold[configured?.id ?? '']?.watchlist.map((w) => w.watchlistSize) ?? [];
  const alerts = table(
    ['gender', 'race', ...sizes.map((n) => `N = ${n}`)],
    r.cells.map((c) => [
      c.gender,
      c.race,
      ...(c.byThreshold[configured?.id ?? '']?.watchlist ?? []).map(
        (w) => `${frac(w.per1000, 2)} (${frac(w.per1000Low, 2)} to ${frac(w.per1000High, 2)})`,
      ),
    ]),
  );
  return [
    `### ${r.dataset}`,
    '',
    ...calibrationComparison(r),
    `Configured threshold ${r.configuredThreshold}; ${r.pooledPairs} within-cell impostor pairs; ` +
      `${r.failuresToEnrol} of ${r.images} images failed to enrol. CI: ${r.ciMethod}.`,
    '',
    thresholds,
    '',
    '#### False match rate per cell',
    '',
    table(head, rows),
    '',
    '#### Worst to best cell',
    '',
    ratios,
    '',
    '#### Expected passers-by with a false alert per 1,000, at the configured threshold, watchlist of N',
    '',
    alerts,
    '',
    ...r.notes.map((n) => `- ${n}`),
  ].join('\n');
}

export function calibrationMarkdown(r: CalibrationEvaluation): string {
  const rows = r.points.map((p) => [
    rate(p.targetFmr),
    thresholdText(p.threshold),
    rate(p.achievedFmr),
    `${p.falseMatches} / ${p.impostorPairs}`,
    frac(p.tar),
    p.supported ? 'yes' : `no (needs ${p.requiredPairs})`,
  ]);
  return [
    `### Threshold calibration: ${r.dataset}`,
    '',
    table(['target FMR', 'threshold (rounded up)', 'achieved FMR', 'false matches', 'TAR', 'supported'], rows),
    '',
    `Impostors: ${r.impostorSource}.`,
    '',
    `Genuine: ${r.genuineSource}.`,
    '',
    `Method: ${r.method}`,
    '',
    ...r.points.flatMap((p) => (p.warning ? [`- Warning: ${p.warning}.`] : [])),
    ...r.notes.map((n) => `- ${n}`),
  ].join('\n');
}
