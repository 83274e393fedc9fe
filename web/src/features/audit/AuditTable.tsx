/** The audit entries as a readable table; each row opens to its details, target and hash. */
import { Fragment, useState } from 'react';
import { auditActionLabel, labelOf, targetTypeLabels } from '../../app/labels';
import { formatTime } from '../../app/ui';
import { detailKeyLabel, detailValue, outcomeText, targetText, type AuditEntry } from './format';

export function AuditTable({ entries, caption }: { entries: readonly AuditEntry[]; caption: string }) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (seq: number) => {
    const next = new Set(open);
    if (next.has(seq)) next.delete(seq);
    else next.add(seq);
    setOpen(next);
  };
  return (
    <table className="audit fixed">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col" style={{ width: '4.5rem' }}>
            Entry
          </th>
          <th scope="col" style={{ width: '12rem' }}>
            Time
          </th>
          <th scope="col" style={{ width: '13rem' }}>
            Who
          </th>
          <th scope="col">Action</th>
          <th scope="col" style={{ width: '6.5rem' }}>
            Outcome
          </th>
          <th scope="col">Target</th>
          <th scope="col" style={{ width: '7rem' }}>
            <span className="sr-only">Details</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const shown = open.has(e.seq);
          return (
            <Fragment key={e.seq}>
              <tr className={shown ? 'selected' : undefined}>
                <td>{e.seq}</td>
                <td>{formatTime(e.at)}</td>
                <td className="wrap">
                  {e.actorName ?? e.actor ?? <span className="muted">the system</span>}
                  {e.actorName && e.actor && e.actorName !== e.actor && <div className="hint">{e.actor}</div>}
                </td>
                <td className="wrap">{auditActionLabel(e.action)}</td>
                <td>
                  <span className={`chip tone-${e.outcome === 'ok' ? 'ok' : 'warn'}`}>{outcomeText(e.outcome)}</span>
                </td>
                <td className="wrap">{targetText(e)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    aria-expanded={shown}
                    aria-controls={`audit-${e.seq}`}
                    aria-label={`${shown ? 'Hide' : 'Show'} the details of entry ${e.seq}`}
                    onClick={() => toggle(e.seq)}
                  >
                    {shown ? 'Hide' : 'Details'}
                  </button>
                </td>
              </tr>
              {shown && (
                <tr id={`audit-${e.seq}`} className="audit-details">
                  <td colSpan={7}>
                    <dl className="facts">
                      {Object.entries(e.details).map(([k, v]) => (
                        <Fragment key={k}>
                          <dt>{detailKeyLabel(k)}</dt>
                          <dd className="wrap">{detailValue(k, v)}</dd>
                        </Fragment>
                      ))}
                      {e.target && (
                        <>
                          <dt>{labelOf(targetTypeLabels, e.target.type)} id</dt>
                          <dd className="wrap">
                            <code>{e.target.id}</code>
                          </dd>
                        </>
                      )}
                      <dt>Action code</dt>
                      <dd>
                        <code>{e.action}</code>
                      </dd>
                      <dt>Entry hash</dt>
                      <dd className="wrap">
                        <code>{e.hash}</code>
                      </dd>
                    </dl>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
