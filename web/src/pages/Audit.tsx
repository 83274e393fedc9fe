/** Oversight: the audit log with filters, and the status of its hash chain and signed anchors (R29). */
import { useState, type FormEvent } from 'react';
import { api, ok } from '../api/client';
import { useSession } from '../app/session';
import { Field, formatTime, Resource, useLoad } from '../app/ui';

interface Filters {
  actor: string;
  action: string;
  targetType: string;
  from: string;
  to: string;
}
const none: Filters = { actor: '', action: '', targetType: '', from: '', to: '' };

export function AuditPage() {
  const { can } = useSession();
  const [draft, setDraft] = useState<Filters>(none);
  const [filters, setFilters] = useState<Filters>(none);
  const [offset, setOffset] = useState(0);
  const limit = 50;
  const log = useLoad(() => {
    const q = {
      limit,
      offset,
      ...(filters.actor ? { actor: filters.actor } : {}),
      ...(filters.action ? { action: filters.action } : {}),
      ...(filters.targetType ? { targetType: filters.targetType } : {}),
      ...(filters.from ? { from: new Date(filters.from).toISOString() } : {}),
      ...(filters.to ? { to: new Date(filters.to).toISOString() } : {}),
    };
    return ok(api.GET('/v1/audit', { params: { query: q } }));
  }, [filters, offset]);
  const verify = useLoad(() => (can('audit:verify') ? ok(api.GET('/v1/audit/verify')) : Promise.resolve(null)), []);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilters(draft);
  };
  return (
    <section className="page">
      <h1>Audit log</h1>
      {can('audit:verify') && (
        <Resource loaded={verify}>
          {(v) =>
            v && (
              <div className={`banner ${v.ok ? 'banner-ok' : 'banner-down'}`} role="status" data-testid="chain-status">
                {v.ok ? (
                  <>
                    <strong>Chain intact.</strong> {v.entries} entries verified
                    {v.head ? `, head #${v.head.seq}` : ''}; {v.anchors.checked} signed anchor
                    {v.anchors.checked === 1 ? '' : 's'} checked
                    {v.anchors.latest
                      ? `, latest at #${v.anchors.latest.seq} (${formatTime(v.anchors.latest.at)})`
                      : ''}
                    .
                  </>
                ) : (
                  <>
                    <strong>Chain broken.</strong>{' '}
                    {v.firstBad ? `First bad entry #${v.firstBad.seq}: ${v.firstBad.message}` : ''}
                    {v.anchors.invalid > 0 ? ` ${v.anchors.invalid} invalid anchor(s).` : ''}
                  </>
                )}{' '}
                <button type="button" className="secondary small" onClick={verify.reload}>
                  Verify again
                </button>
              </div>
            )
          }
        </Resource>
      )}
      <form className="inline" onSubmit={submit} aria-label="Filter the audit log">
        <Field label="Actor">
          <input value={draft.actor} onChange={set('actor')} maxLength={100} />
        </Field>
        <Field label="Action starts with">
          <input value={draft.action} onChange={set('action')} placeholder="e.g. search." maxLength={100} />
        </Field>
        <Field label="Target type">
          <input value={draft.targetType} onChange={set('targetType')} maxLength={50} />
        </Field>
        <Field label="From">
          <input type="datetime-local" value={draft.from} onChange={set('from')} />
        </Field>
        <Field label="To">
          <input type="datetime-local" value={draft.to} onChange={set('to')} />
        </Field>
        <button type="submit">Filter</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(none);
            setFilters(none);
            setOffset(0);
          }}
        >
          Clear
        </button>
      </form>
      <Resource loaded={log} isEmpty={(l) => l.entries.length === 0} empty="No audit entries match these filters.">
        {(l) => (
          <>
            <table className="audit">
              <caption>
                {l.total} entr{l.total === 1 ? 'y' : 'ies'}, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Target</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {l.entries.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>{formatTime(e.at)}</td>
                    <td>{e.actor ?? '—'}</td>
                    <td>{e.action}</td>
                    <td className={e.outcome === 'ok' ? '' : 'warn'}>{e.outcome}</td>
                    <td>{e.target ? `${e.target.type} ${e.target.id.slice(0, 8)}` : '—'}</td>
                    <td>
                      <code className="details">{JSON.stringify(e.details)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
                Newer
              </button>
              <button type="button" disabled={offset + limit >= l.total} onClick={() => setOffset(offset + limit)}>
                Older
              </button>
            </div>
          </>
        )}
      </Resource>
    </section>
  );
}
