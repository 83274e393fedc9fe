/**
 * The periodic report as a printable page for publication: one self-contained HTML document (no
 * script, no external asset, one inline stylesheet whose hash `periodicReportCsp` allows), every
 * text escaped, print CSS for A4 landscape with table headers repeated on each page.
 */
import { createHash } from 'node:crypto';
import { recordColumns, type DeploymentRecord } from '../live/deployment-record.ts';
import { totalsRows } from './report-csv.ts';
import type { AlertFigures, BiasReference, PeriodicReport, SearchFigures } from './report-types.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `
:root { color-scheme: light; }
body { font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 75rem; padding: 0 1rem; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .4em; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 1em; margin: 1em 0 .3em; break-after: avoid; }
p.meta { color: #444; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: .92em; }
th, td { border: 1px solid #bbb; padding: .2em .45em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.nw { white-space: nowrap; }
table.summary { width: auto; min-width: 28rem; }
table.wide { font-size: .8em; }
table.wide th { hyphens: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.note { color: #333; font-size: .92em; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; max-width: none; padding: 0; font-size: 9pt; } a { color: inherit; text-decoration: none; } }
`;

const pagePolicy = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The Content-Security-Policy the page needs when served: nothing but its own stylesheet. */
export const periodicReportCsp = [...pagePolicy, "frame-ancestors 'none'"].join('; ');

const groupDigits = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const int = (n: number) => groupDigits(String(Math.round(n)));
const pct = (r: number | null, digits = 1) => (r === null ? '–' : `${(r * 100).toFixed(digits)}%`);
const perFace = (r: number | null) =>
  r === null ? '–' : r === 0 ? '0' : `${(r * 100).toFixed(4)}% (1 in ${int(1 / r)})`;
const fmr = (r: number | null) => (r === null ? '–' : r === 0 ? '0' : r.toPrecision(3));

type Cell = { readonly text: string; readonly num?: boolean; readonly nowrap?: boolean };
const t = (text: string): Cell => ({ text });
const date = (text: string): Cell => ({ text, nowrap: true });
const n = (text: string): Cell => ({ text, num: true });
const c = (v: number) => n(int(v));

const cellClass = (x: Cell): string => (x.num ? ' class="n"' : x.nowrap ? ' class="nw"' : '');

function table(header: readonly string[], rows: readonly (readonly Cell[])[], cls = ''): string {
  if (rows.length === 0) return '<p class="note">None in this period.</p>';
  const head = header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((x) => `<td${cellClass(x)}>${escapeHtml(x.text)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const figures = (f: AlertFigures): Cell[] => [
  c(f.totalAlerts),
  c(f.positiveAlerts),
  c(f.incorrectAlerts),
  c(f.undeterminedAlerts),
  c(f.positiveInterventions),
  c(f.incorrectInterventions),
  c(f.arrestsOrDisposals),
  n(pct(f.falseAlertsPerAlert)),
];
const figureHeader = [
  'Alerts',
  'Positive',
  'Incorrect',
  'Undetermined',
  'Positive interventions',
  'Incorrect interventions',
  'Arrests or disposals',
  'False alerts per alert',
];
const searches = (s: SearchFigures): Cell[] => [
  c(s.searches),
  c(s.withPossibleMatch),
  c(s.withAcceptedLead),
  n(pct(s.possibleMatchRate)),
  n(pct(s.acceptedLeadRate)),
  c(s.supervisorReviewed),
];

function recordCell(key: keyof DeploymentRecord, v: DeploymentRecord[keyof DeploymentRecord]): Cell {
  if (key === 'incorrectAlertRate') return n(perFace(v as number | null));
  if (key === 'threshold') return n(typeof v === 'number' ? v.toFixed(4) : '');
  if (typeof v === 'number') return c(v);
  if (typeof v !== 'string') return t(String(v?.length ?? ''));
  return key === 'date' ? date(v) : t(v);
}

function totalValue(label: string, v: number | null): Cell {
  if (label === 'False alerts per face seen') return n(perFace(v));
  if (label === 'False alerts per alert') return n(pct(v));
  if (label === 'Hours deployed') return n(v === null ? '–' : v.toFixed(1));
  return v === null ? n('–') : c(v);
}

function bias(b: BiasReference): string {
  const head = `<h3>Model ${escapeHtml(b.modelId)}</h3>`;
  if (!b.available) return `${head}<p class="note">Not available: ${escapeHtml(b.reason)}.</p>`;
  const ratio =
    b.worstGroup && b.bestGroup
      ? ` Highest rate: ${b.worstGroup}; lowest: ${b.bestGroup}` +
        (b.worstToBestRatio !== null ? ` (${b.worstToBestRatio.toFixed(1)} times higher` : ' (') +
        (b.conservativeRatio !== null ? `; at least ${b.conservativeRatio.toFixed(1)} times allowing for uncertainty)` : ')') +
        '.'
      : '';
  const meta =
    `Measured ${b.measuredAt} on ${b.dataset}, at threshold ${b.threshold.toFixed(4)}` +
    (b.operatingFmr ? ` (calibrated for a false match rate of ${b.operatingFmr})` : '') +
    `; pooled false match rate ${fmr(b.pooledFmr)}. ${b.ciMethod}. Source: ${b.source}.${ratio}`;
  return (
    `${head}<p class="note">${escapeHtml(meta)}</p>` +
    table(
      ['Group', 'Impostor pairs', 'False matches', 'False match rate', '95% interval'],
      b.groups.map((g) => [
        t(g.group),
        c(g.pairs),
        c(g.falseMatches),
        n(fmr(g.fmr)),
        n(g.ciLow === null || g.ciHigh === null ? '–' : `${fmr(g.ciLow)} – ${fmr(g.ciHigh)}`),
      ]),
    )
  );
}

export function periodicReportHtml(r: PeriodicReport, title = 'Facial recognition: periodic report'): string {
  const g = r.falseAlertsByGroup;
  const thresholds = r.biasReports.flatMap((b) =>
    b.thresholdsInUse.map((x) => [
      t(b.modelId),
      t(x.use),
      n(x.threshold.toFixed(4)),
      c(x.count),
      t(x.measuredAs ?? 'not measured'),
    ]),
  );
  const sections = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(`Period ${r.period.from} to ${r.period.to} (UTC, end exclusive). Generated ${r.generatedAt}.`)}</p>`,
    '<h2>Summary</h2>',
    table(
      ['Figure', 'Value'],
      totalsRows(r).map(([label, v]) => [t(label), totalValue(label, v)]),
      'summary',
    ),
    '<h2>Deployments (deployment record)</h2>',
    table(
      [...recordColumns.map(([, h]) => h), 'Status'],
      r.deployments.map((d) => [...recordColumns.map(([k]) => recordCell(k, d[k])), t(d.status)]),
      'wide',
    ),
    '<h2>Authorised but not deployed</h2>',
    table(
      ['Deployment', 'Planned start', 'Status'],
      r.notDeployed.map((d) => [t(d.deployment), date(d.plannedStart), t(d.status)]),
    ),
    '<h2>Outcomes by watchlist category</h2>',
    table(
      ['Category', ...figureHeader, 'Arrest', 'Other disposal', 'No further action', 'Not the person'],
      r.byCategory.map((x) => [
        t(x.category),
        ...figures(x),
        c(x.outcomes.arrest),
        c(x.outcomes['other-disposal']),
        c(x.outcomes['no-further-action']),
        c(x.outcomes['not-the-person']),
      ]),
    ),
    '<h2>False alerts by demographic group</h2>',
    `<p class="note">${escapeHtml(g.note)}</p>`,
    table(['Group', ...figureHeader], [
      ...g.groups.map((x) => [t(x.group), ...figures(x)]),
      [t('Not recorded'), ...figures(g.notRecorded)],
    ]),
    '<h2>Retrospective searches by offence type</h2>',
    table(
      ['Offence type', 'Searches', 'Possible match', 'Accepted lead', 'Possible-match rate', 'Hit rate', 'Supervisor reviewed'],
      [
        ...r.retrospective.byOffenceType.map((o) => [t(o.offenceType), ...searches(o)]),
        [t('All offence types'), ...searches(r.retrospective.totals)],
      ],
    ),
    '<h2>Bias evaluation at the operating threshold</h2>',
    r.biasReports.length === 0 ? '<p class="note">No model was used in this period.</p>' : r.biasReports.map(bias).join('\n'),
    '<h3>Thresholds used in the period</h3>',
    table(['Model', 'Use', 'Threshold', 'Deployments or searches', 'Measured in the bias report as'], thresholds),
    '<h2>Notes and definitions</h2>',
    `<ol class="note">${r.definitions.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ol>`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // The same policy when the saved file is opened from disk (frame-ancestors is header-only).
    `<meta http-equiv="Content-Security-Policy" content="${pagePolicy.join('; ')}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${title}, ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}`)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
