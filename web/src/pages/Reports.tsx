/**
 * Oversight: the periodic report (R25) for a chosen period: the totals, alerts and false alerts
 * over time, the bias evaluation's per-group false match rates with their 95% intervals, outcomes
 * by watchlist category, RFR searches by offence type with hit rates, and the CSV and printable
 * exports for those who may export. The charts are SVG drawn here, each with a title, a description
 * and the same figures as a table.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { useRouter } from '../app/router';
import { useSession } from '../app/session';
import { ErrorMessage, Field, formatTime, Resource, useLoad } from '../app/ui';

type Report = Schemas['PeriodicReport'];
type BiasReport = Report['biasReports'][number];
type BiasAvailable = Extract<BiasReport, { available: true }>;

const day = 86_400_000;
/** A UTC date (YYYY-MM-DD) `days` from today. */
const utcDate = (days = 0): string => new Date(Date.now() + days * day).toISOString().slice(0, 10);
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10);
const isDate = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s));

const int = (n: number): string => n.toLocaleString('en-GB');
const pct = (r: number | null, digits = 1): string => (r === null ? '—' : `${(r * 100).toFixed(digits)}%`);
const perFace = (r: number | null): string =>
  r === null ? '—' : r === 0 ? '0' : `${(r * 100).toFixed(4)}% (1 in ${int(Math.round(1 / r))})`;
const fmrText = (r: number | null): string => (r === null ? '—' : r === 0 ? '0' : r.toExponential(2));
const shortDate = (date: string): string =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** The period shown: `from` and `to` inclusive, as UTC dates; the default is the last 30 days. */
function periodFrom(search: URLSearchParams): { from: string; to: string } {
  const from = search.get('from');
  const to = search.get('to');
  if (isDate(from) && isDate(to) && from <= to) return { from, to };
  return { from: utcDate(-29), to: utcDate() };
}

export function ReportsPage() {
  const { can } = useSession();
  const { search, navigate } = useRouter();
  const period = periodFrom(search);
  const [draft, setDraft] = useState(period);
  const [formError, setFormError] = useState<string>();
  // The API's period is [from, to): the day after the last day shown.
  const query = { from: period.from, to: addDays(period.to, 1) };
  const report = useLoad(() => ok(api.GET('/v1/reports/periodic', { params: { query } })), [query.from, query.to]);
  const show = (p: { from: string; to: string }) => {
    setDraft(p);
    navigate(`/reports?from=${p.from}&to=${p.to}`, true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isDate(draft.from) || !isDate(draft.to)) return setFormError('Give both dates.');
    if (draft.from > draft.to) return setFormError('The period must start on or before its last day.');
    setFormError(undefined);
    show(draft);
  };
  const exportHref = (format: 'csv' | 'html') =>
    `/v1/reports/periodic/export?from=${query.from}&to=${query.to}&format=${format}`;

  return (
    <section className="page">
      <h1>Periodic report</h1>
      <form className="inline card" onSubmit={submit} aria-label="Reporting period">
        <Field label="From" hint="first day, UTC">
          <input
            type="date"
            value={draft.from}
            max={draft.to || undefined}
            required
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </Field>
        <Field label="To" hint="last day, included">
          <input
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            required
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </Field>
        <button type="submit">Show report</button>
        <button type="button" className="secondary" onClick={() => show({ from: utcDate(-29), to: utcDate() })}>
          Last 30 days
        </button>
        <button type="button" className="secondary" onClick={() => show({ from: utcDate(-89), to: utcDate() })}>
          Last 90 days
        </button>
        <button type="button" className="secondary" onClick={() => show({ from: utcDate(-364), to: utcDate() })}>
          Last 12 months
        </button>
        {can('reports:export') && (
          <span className="exports">
            <a className="button" href={exportHref('csv')} download>
              Export CSV
            </a>{' '}
            <a className="button" href={exportHref('html')} target="_blank" rel="noopener noreferrer">
              Printable report
            </a>
          </span>
        )}
      </form>
      <ErrorMessage error={formError} />
      <Resource loaded={report}>
        {(r) => (
          <>
            <p className="muted" data-testid="report-period">
              {shortDate(period.from)} to {shortDate(period.to)} {period.to.slice(0, 4)} (UTC), generated{' '}
              {formatTime(r.generatedAt)}
              {report.loading ? ' · updating…' : ''}
            </p>
            <Totals r={r} />
            <LiveSection r={r} />
            <BiasSection r={r} />
            <RetrospectiveSection r={r} />
            <details className="card">
              <summary>Definitions used in this report</summary>
              <ul>
                {r.definitions.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </details>
          </>
        )}
      </Resource>
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Totals({ r }: { r: Report }) {
  const t = r.totals;
  const s = r.retrospective.totals;
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title">Totals</h2>
      <dl className="stats" data-testid="report-totals">
        <Stat label="Deployments" value={int(t.deployments)} testId="total-deployments" />
        <Stat label="Hours deployed" value={t.hoursDeployed.toFixed(1)} />
        <Stat label="Cameras" value={int(t.cameras)} />
        <Stat label="Faces seen" value={int(t.facesSeen)} />
        <Stat label="Alerts" value={int(t.totalAlerts)} testId="total-alerts" />
        <Stat label="Positive alerts" value={int(t.positiveAlerts)} testId="total-positive" />
        <Stat label="False (incorrect) alerts" value={int(t.incorrectAlerts)} testId="total-incorrect" />
        <Stat label="Undetermined alerts" value={int(t.undeterminedAlerts)} />
        <Stat label="False alerts per face seen" value={perFace(t.falseAlertsPerFaceSeen)} />
        <Stat label="False alerts per alert" value={pct(t.falseAlertsPerAlert)} />
        <Stat label="Engagements" value={int(t.engagements.engaged)} />
        <Stat label="Arrests or disposals" value={int(t.arrestsOrDisposals)} />
        <Stat label="RFR searches" value={int(s.searches)} />
        <Stat label="RFR hit rate" value={pct(s.acceptedLeadRate)} />
      </dl>
    </section>
  );
}

// --- Live: alerts over time, outcomes by category ---------------------------------------------

interface Bucket {
  readonly label: string;
  readonly long: string;
  readonly alerts: number;
  readonly incorrect: number;
  readonly deployments: number;
}

/** Per deployment date, or per week (commencing Monday) when there are more than 14 dates. */
function buckets(r: Report): { per: 'date' | 'week'; list: Bucket[] } {
  const dates = [...new Set(r.deployments.map((d) => d.date))].sort();
  const per = dates.length > 14 ? 'week' : 'date';
  const keyOf = (date: string) => {
    if (per === 'date') return date;
    const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    return addDays(date, -dow);
  };
  const map = new Map<string, { alerts: number; incorrect: number; deployments: number }>();
  for (const d of r.deployments) {
    const k = keyOf(d.date);
    const b = map.get(k) ?? { alerts: 0, incorrect: 0, deployments: 0 };
    b.alerts += d.totalAlerts;
    b.incorrect += d.incorrectAlerts;
    b.deployments += 1;
    map.set(k, b);
  }
  const list = [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, b]) => ({
      label: shortDate(k),
      long: per === 'week' ? `week commencing ${shortDate(k)} ${k.slice(0, 4)}` : `${shortDate(k)} ${k.slice(0, 4)}`,
      ...b,
    }));
  return { per, list };
}

/** Round numbers for an axis from 0 to at least `max`. */
function ticks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toPrecision(12)));
  return out;
}

const colours = {
  alerts: '#0b5cad',
  incorrect: '#a4161a',
  best: '#1a6b33',
  other: '#5b6b7b',
  axis: '#4a5560',
  ink: '#1b1f24',
};

function AlertsChart({ list, per }: { list: Bucket[]; per: 'date' | 'week' }) {
  const id = useId();
  const yTicks = ticks(Math.max(...list.map((b) => b.alerts), 1));
  const yMax = yTicks[yTicks.length - 1]!;
  const left = 44;
  const right = 12;
  const top = 28;
  const bottom = 40;
  // At least wide enough for the legend; bars no wider than 80 units a date.
  const width = Math.max(380, left + right + Math.max(36, Math.min(80, 600 / list.length)) * list.length);
  const slot = (width - left - right) / list.length;
  const height = 240;
  const plot = height - top - bottom;
  const y = (v: number) => top + plot - (v / yMax) * plot;
  const bar = Math.min(22, (slot - 10) / 2);
  const title = `Alerts and false alerts per ${per === 'week' ? 'week' : 'deployment date'}`;
  const desc = list.map((b) => `${b.long}: ${b.alerts} alerts, ${b.incorrect} false`).join('; ');
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        data-testid="alerts-chart"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <g aria-hidden="true">
          <rect x={left} y={4} width={12} height={12} fill={colours.alerts} />
          <text x={left + 16} y={14} fontSize={12} fill={colours.axis}>
            Alerts
          </text>
          <rect x={left + 70} y={4} width={12} height={12} fill={colours.incorrect} />
          <text x={left + 86} y={14} fontSize={12} fill={colours.axis}>
            False (incorrect) alerts
          </text>
          {yTicks.map((v) => (
            <g key={v}>
              <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke="#d6dce2" />
              <text x={left - 6} y={y(v) + 4} fontSize={11} textAnchor="end" fill={colours.axis}>
                {v}
              </text>
            </g>
          ))}
          <line x1={left} x2={left} y1={top} y2={top + plot} stroke={colours.axis} />
          {list.map((b, i) => {
            const cx = left + slot * i + slot / 2;
            return (
              <g key={b.long}>
                <rect
                  x={cx - bar - 1}
                  y={y(b.alerts)}
                  width={bar}
                  height={top + plot - y(b.alerts)}
                  fill={colours.alerts}
                >
                  <title>{`${b.long}: ${b.alerts} alerts`}</title>
                </rect>
                <rect
                  x={cx + 1}
                  y={y(b.incorrect)}
                  width={bar}
                  height={top + plot - y(b.incorrect)}
                  fill={colours.incorrect}
                >
                  <title>{`${b.long}: ${b.incorrect} false alerts`}</title>
                </rect>
                <text x={cx - bar / 2 - 1} y={y(b.alerts) - 3} fontSize={10} textAnchor="middle" fill={colours.axis}>
                  {b.alerts}
                </text>
                <text x={cx + bar / 2 + 1} y={y(b.incorrect) - 3} fontSize={10} textAnchor="middle" fill={colours.axis}>
                  {b.incorrect}
                </text>
                <text x={cx} y={top + plot + 16} fontSize={11} textAnchor="middle" fill={colours.axis}>
                  {b.label}
                </text>
              </g>
            );
          })}
          <line x1={left} x2={width - right} y1={top + plot} y2={top + plot} stroke={colours.axis} />
          <text
            x={left + (width - left - right) / 2}
            y={height - 4}
            fontSize={11}
            textAnchor="middle"
            fill={colours.axis}
          >
            {per === 'week' ? 'Week commencing (UTC)' : 'Deployment date (UTC)'}
          </text>
        </g>
      </svg>
      <figcaption>{title}.</figcaption>
      <details>
        <summary>The figures as a table</summary>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{per === 'week' ? 'Week' : 'Date'}</th>
              <th scope="col">Deployments</th>
              <th scope="col">Alerts</th>
              <th scope="col">False alerts</th>
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.long}>
                <th scope="row">{b.long}</th>
                <td>{b.deployments}</td>
                <td>{b.alerts}</td>
                <td>{b.incorrect}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

const outcomeLabels = [
  ['arrest', 'Arrest'],
  ['other-disposal', 'Other disposal'],
  ['no-further-action', 'No further action'],
  ['not-the-person', 'Not the person'],
  ['not-recorded', 'Not recorded'],
] as const;

function LiveSection({ r }: { r: Report }) {
  const { per, list } = buckets(r);
  return (
    <section className="card" aria-labelledby="live-title">
      <h2 id="live-title">Live deployments</h2>
      {r.deployments.length === 0 ? (
        <p className="empty" data-testid="no-deployments">
          No deployments in this period.
        </p>
      ) : (
        <>
          <AlertsChart list={list} per={per} />
          <h3>Outcomes by watchlist category</h3>
          {r.byCategory.length === 0 ? (
            <p className="empty">No alerts in this period, so no outcomes to show.</p>
          ) : (
            <table data-testid="by-category">
              <caption>Alerts and engagement outcomes by the category of the watchlist entry</caption>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col">Alerts</th>
                  <th scope="col">Positive</th>
                  <th scope="col">False</th>
                  {outcomeLabels.map(([k, label]) => (
                    <th scope="col" key={k}>
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.byCategory.map((c) => (
                  <tr key={c.category}>
                    <th scope="row">{c.category}</th>
                    <td>{c.totalAlerts}</td>
                    <td>{c.positiveAlerts}</td>
                    <td>{c.incorrectAlerts}</td>
                    {outcomeLabels.map(([k]) => (
                      <td key={k}>{c.outcomes[k]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Deployments</h3>
          <table>
            <caption>The deployment record of each deployment that started in the period</caption>
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">Date</th>
                <th scope="col">Hours</th>
                <th scope="col">Faces seen</th>
                <th scope="col">Alerts</th>
                <th scope="col">False</th>
                <th scope="col">False per face seen</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {r.deployments.map((d) => (
                <tr key={d.deploymentId}>
                  <th scope="row">{d.deployment}</th>
                  <td>{d.date}</td>
                  <td>{(d.durationMinutes / 60).toFixed(1)}</td>
                  <td>{int(d.facesSeen)}</td>
                  <td>{d.totalAlerts}</td>
                  <td>{d.incorrectAlerts}</td>
                  <td>{perFace(d.incorrectAlertRate)}</td>
                  <td>{d.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {r.notDeployed.length > 0 && (
        <>
          <h3>Authorised but not deployed</h3>
          <ul>
            {r.notDeployed.map((d) => (
              <li key={d.deploymentId}>
                {d.deployment}, planned {formatTime(d.plannedStart)} ({d.status})
              </li>
            ))}
          </ul>
        </>
      )}
      {r.falseAlertsByGroup.recordedAlerts > 0 && (
        <>
          <h3>False alerts by recorded demographic group</h3>
          <p className="muted">{r.falseAlertsByGroup.note}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Alerts</th>
                <th scope="col">False</th>
                <th scope="col">False per alert</th>
              </tr>
            </thead>
            <tbody>
              {r.falseAlertsByGroup.groups.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.group}</th>
                  <td>{g.totalAlerts}</td>
                  <td>{g.incorrectAlerts}</td>
                  <td>{pct(g.falseAlertsPerAlert)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

// --- Bias evaluation ------------------------------------------------------------------------------

function BiasChart({ b }: { b: BiasAvailable }) {
  const id = useId();
  const groups = [...b.groups].sort((x, y) => (y.fmr ?? -1) - (x.fmr ?? -1));
  const xMaxRaw = Math.max(...groups.map((g) => Math.max(g.ciHigh ?? 0, g.fmr ?? 0)), b.pooledFmr ?? 0, 1e-6);
  const xTicks = ticks(xMaxRaw, 4);
  const xMax = xTicks[xTicks.length - 1]!;
  const left = 170;
  const right = 70;
  const top = 10;
  const row = 26;
  const plotW = 460;
  const width = left + plotW + right;
  const height = top + row * groups.length + 40;
  const x = (v: number) => left + (v / xMax) * plotW;
  const tag = (g: string) => (g === b.worstGroup ? 'worst' : g === b.bestGroup ? 'best' : '');
  const title = `False match rate by group at threshold ${b.threshold.toFixed(3)}, with 95% intervals (${b.modelId})`;
  const desc = groups
    .map(
      (g) =>
        `${g.group}${tag(g.group) ? ` (${tag(g.group)})` : ''}: ${fmrText(g.fmr)}, 95% interval ${fmrText(g.ciLow)} to ${fmrText(g.ciHigh)}, ${g.falseMatches} false matches in ${int(g.pairs)} pairs`,
    )
    .join('; ');
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        data-testid="bias-chart"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <g aria-hidden="true">
          {xTicks.map((v) => (
            <g key={v}>
              <line x1={x(v)} x2={x(v)} y1={top} y2={top + row * groups.length} stroke="#d6dce2" />
              <text x={x(v)} y={top + row * groups.length + 14} fontSize={10} textAnchor="middle" fill={colours.axis}>
                {Number(v.toPrecision(3))}
              </text>
            </g>
          ))}
          {groups.map((g, i) => {
            const cy = top + row * i + row / 2;
            const t = tag(g.group);
            const fill = t === 'worst' ? colours.incorrect : t === 'best' ? colours.best : colours.alerts;
            return (
              <g key={g.group}>
                <text x={left - 8} y={cy + 4} fontSize={11} textAnchor="end" fill={colours.axis}>
                  {g.group}
                </text>
                {g.fmr === null ? (
                  <text x={left + 4} y={cy + 4} fontSize={11} fill={colours.axis}>
                    no pairs
                  </text>
                ) : (
                  <rect x={left} y={cy - 8} width={Math.max(1, x(g.fmr) - left)} height={16} fill={fill}>
                    <title>{`${g.group}: ${fmrText(g.fmr)}`}</title>
                  </rect>
                )}
                {g.ciLow !== null && g.ciHigh !== null && (
                  <g stroke={colours.axis} strokeWidth={1.5}>
                    <line x1={x(g.ciLow)} x2={x(g.ciHigh)} y1={cy} y2={cy} />
                    <line x1={x(g.ciLow)} x2={x(g.ciLow)} y1={cy - 5} y2={cy + 5} />
                    <line x1={x(g.ciHigh)} x2={x(g.ciHigh)} y1={cy - 5} y2={cy + 5} />
                  </g>
                )}
                {t && (
                  <text
                    x={x(Math.max(g.ciHigh ?? 0, g.fmr ?? 0)) + 6}
                    y={cy + 4}
                    fontSize={11}
                    fontWeight={700}
                    fill={fill}
                  >
                    {t}
                  </text>
                )}
              </g>
            );
          })}
          {b.pooledFmr !== null && (
            <g>
              <line
                x1={x(b.pooledFmr)}
                x2={x(b.pooledFmr)}
                y1={top}
                y2={top + row * groups.length}
                stroke={colours.ink}
                strokeDasharray="4 3"
              />
            </g>
          )}
          <line x1={left} x2={left} y1={top} y2={top + row * groups.length} stroke={colours.axis} />
          <text x={left + plotW / 2} y={height - 4} fontSize={11} textAnchor="middle" fill={colours.axis}>
            False match rate (bars), 95% interval (whiskers), pooled rate (dashed)
          </text>
        </g>
      </svg>
      <figcaption>{title}.</figcaption>
      <details>
        <summary>The figures as a table</summary>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Impostor pairs</th>
              <th scope="col">False matches</th>
              <th scope="col">FMR</th>
              <th scope="col">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.group}>
                <th scope="row">
                  {g.group}
                  {tag(g.group) ? ` (${tag(g.group)})` : ''}
                </th>
                <td>{int(g.pairs)}</td>
                <td>{int(g.falseMatches)}</td>
                <td>{fmrText(g.fmr)}</td>
                <td>
                  {fmrText(g.ciLow)} – {fmrText(g.ciHigh)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function BiasSection({ r }: { r: Report }) {
  return (
    <section className="card" aria-labelledby="bias-title">
      <h2 id="bias-title">Bias evaluation: false match rates by group</h2>
      <p className="muted">
        A laboratory measurement on a labelled test set at the operating threshold (R27), not a count of false alerts.
      </p>
      {r.biasReports.length === 0 && <p className="empty">No model was in use, so there is no bias evaluation.</p>}
      {r.biasReports.map((b) => (
        <div key={b.modelId} className="subcard" data-testid="bias-report">
          <h3>Model {b.modelId}</h3>
          {b.available ? (
            <>
              <p>
                Measured {formatTime(b.measuredAt)} on {b.dataset}
                {b.operatingFmr ? `; threshold calibrated for FMR ${b.operatingFmr}` : ''}; pooled FMR{' '}
                {fmrText(b.pooledFmr)}; intervals: {b.ciMethod}.
              </p>
              {b.worstGroup && b.bestGroup && (
                <p data-testid="bias-callout">
                  Highest false match rate: <strong>{b.worstGroup}</strong>; lowest: <strong>{b.bestGroup}</strong>
                  {b.worstToBestRatio !== null
                    ? `; ${b.worstToBestRatio.toFixed(1)} times as high`
                    : '; the lowest group had no false match'}
                  {b.conservativeRatio !== null
                    ? ` (at least ${b.conservativeRatio.toFixed(1)} times against the lowest group’s upper bound)`
                    : ''}
                  .
                </p>
              )}
              {b.groups.length === 0 ? <p className="empty">The report measured no groups.</p> : <BiasChart b={b} />}
            </>
          ) : (
            <p className="notice">No bias evaluation available: {b.reason}</p>
          )}
          {b.thresholdsInUse.length > 0 && (
            <ul className="plain">
              {b.thresholdsInUse.map((t) => (
                <li key={`${t.use}-${t.threshold}`}>
                  {t.use === 'live' ? 'Live' : 'Retrospective'} threshold {t.threshold.toFixed(3)}, used by {t.count}{' '}
                  {t.use === 'live' ? 'deployment' : 'search'}
                  {t.count === 1 ? '' : 's'}:{' '}
                  {t.measuredAs ? (
                    `measured (${t.measuredAs})`
                  ) : (
                    <span className="warn">not measured by the bias evaluation</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

// --- Retrospective ------------------------------------------------------------------------------

function RetrospectiveSection({ r }: { r: Report }) {
  const t = r.retrospective.totals;
  return (
    <section className="card" aria-labelledby="rfr-title">
      <h2 id="rfr-title">Retrospective searches (RFR) by offence type</h2>
      {t.searches === 0 ? (
        <p className="empty" data-testid="no-searches">
          No RFR searches in this period.
        </p>
      ) : (
        <table data-testid="by-offence">
          <caption>
            {t.searches} search{t.searches === 1 ? '' : 'es'}; hit rate: searches with a candidate accepted as a lead
          </caption>
          <thead>
            <tr>
              <th scope="col">Offence type</th>
              <th scope="col">Searches</th>
              <th scope="col">With a possible match</th>
              <th scope="col">With an accepted lead</th>
              <th scope="col">Hit rate</th>
              <th scope="col">Supervisor reviewed</th>
            </tr>
          </thead>
          <tbody>
            {r.retrospective.byOffenceType.map((o) => (
              <tr key={o.offenceType}>
                <th scope="row">{o.offenceType}</th>
                <td>{o.searches}</td>
                <td>
                  {o.withPossibleMatch} ({pct(o.possibleMatchRate)})
                </td>
                <td>{o.withAcceptedLead}</td>
                <td>
                  <RateBar rate={o.acceptedLeadRate} />
                </td>
                <td>{o.supervisorReviewed}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">All offences</th>
              <td>{t.searches}</td>
              <td>
                {t.withPossibleMatch} ({pct(t.possibleMatchRate)})
              </td>
              <td>{t.withAcceptedLead}</td>
              <td>
                <RateBar rate={t.acceptedLeadRate} />
              </td>
              <td>{t.supervisorReviewed}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A rate as text with a small bar beside it (decorative: the text carries it). */
function RateBar({ rate }: { rate: number | null }) {
  return (
    <span className="rate">
      <svg width={60} height={10} aria-hidden="true" focusable="false">
        <rect x={0} y={0} width={60} height={10} fill="#e3e8ed" />
        <rect x={0} y={0} width={Math.round((rate ?? 0) * 60)} height={10} fill={colours.alerts} />
      </svg>{' '}
      {pct(rate)}
    </span>
  );
}
