/**
 * Oversight: the periodic report (R25) for a chosen period: the totals, alerts and false alerts
 * over time, the bias evaluation's per-group false match rates with their 95% intervals, outcomes
 * by watchlist category, RFR searches by offence type with hit rates, and the CSV and printable
 * exports for those who may export. The charts are SVG drawn here, each with a title, a description
 * and the same figures as a table.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime, Resource } from '../../app/ui';
import { BiasSection } from './BiasSection';
import { addDays, int, isDate, pct, perFace, periodFrom, shortDate, utcDate, type Report } from './format';
import { LiveSection } from './LiveSection';
import { RetrospectiveSection } from './RetrospectiveSection';

export function ReportsPage() {
  const { can } = useSession();
  const { search, navigate } = useRouter();
  const period = periodFrom(search);
  const [draft, setDraft] = useState(period);
  const [formError, setFormError] = useState<string>();
  // The API's period is [from, to): the day after the last day shown.
  const query = { from: period.from, to: addDays(period.to, 1) };
  const report = loadedFrom(
    useQuery({
      queryKey: ['reports', 'periodic', query.from, query.to],
      queryFn: () => ok(api.GET('/v1/reports/periodic', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  );
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
