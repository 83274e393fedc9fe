/** The bespoke watchlist of a deployment: entries with provenance, added from the gallery by category. */
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime, Resource, useAction, useLoad } from '../../app/ui';

type Deployment = Schemas['Deployment'];

export function Watchlist({ d, onChange }: { d: Deployment; onChange: () => void }) {
  const { can } = useSession();
  const path = { params: { path: { id: d.id } } };
  const list = useLoad(() => ok(api.GET('/v1/deployments/{id}/watchlist', path)), [d.id, d.status]);
  const editable = can('watchlists:write') && (d.status === 'draft' || d.status === 'authorised');
  const remove = useAction();
  return (
    <section className="card" aria-labelledby="watchlist-title">
      <h2 id="watchlist-title">Watchlist</h2>
      <Resource loaded={list}>
        {(w) => (
          <>
            <p className="muted">
              {w.size} entr{w.size === 1 ? 'y' : 'ies'} · manifest hash {w.hash.slice(0, 16)}…
            </p>
            {w.entries.length === 0 ? (
              <p className="empty">The watchlist is empty.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">Category</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Provenance</th>
                    <th scope="col">Added</th>
                    {editable && <th scope="col">Remove</th>}
                  </tr>
                </thead>
                <tbody>
                  {w.entries.map((e) => (
                    <tr key={e.id}>
                      <td>{e.subjectReference}</td>
                      <td>{e.category}</td>
                      <td>{e.reason}</td>
                      <td>
                        {e.source}; {e.legalBasis}; {e.qualityPassed ? 'quality passed' : 'quality failed'}
                        {e.destroyed ? '; destroyed' : ''}
                      </td>
                      <td>
                        {e.addedBy}, {formatTime(e.addedAt)}
                      </td>
                      {editable && (
                        <td>
                          <button
                            type="button"
                            className="secondary small"
                            aria-label={`remove ${e.subjectReference}`}
                            onClick={() =>
                              void remove.run(async () => {
                                await ok(
                                  api.DELETE('/v1/deployments/{id}/watchlist/{entryId}', {
                                    params: { path: { id: d.id, entryId: e.id } },
                                  }),
                                );
                                list.reload();
                                onChange();
                              })
                            }
                          >
                            Remove
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <ErrorMessage error={remove.error} />
            {editable && can('gallery:read') && (
              <AddEntries
                d={d}
                onAdded={() => {
                  list.reload();
                  onChange();
                }}
                listed={new Set(w.entries.map((e) => e.subjectId))}
              />
            )}
          </>
        )}
      </Resource>
    </section>
  );
}

/** Gallery subjects in one of the deployment's categories, to add with a reason. */
function AddEntries({ d, onAdded, listed }: { d: Deployment; onAdded: () => void; listed: Set<string> }) {
  const [category, setCategory] = useState(d.categories[0] ?? '');
  const [reason, setReason] = useState('');
  const subjects = useLoad(() => ok(api.GET('/v1/gallery/subjects', { params: { query: { limit: 200 } } })), []);
  const add = useAction();
  if (d.categories.length === 0) {
    return <p className="notice">Choose the deployment’s watchlist categories in the draft before adding people.</p>;
  }
  return (
    <div className="subcard">
      <h3>Add from the gallery</h3>
      <div className="inline">
        <Field label="Category">
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {d.categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason for listing" hint="why this person is on this watchlist">
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
        </Field>
      </div>
      <Resource
        loaded={subjects}
        isEmpty={(s) => s.subjects.filter((x) => x.category === category && !listed.has(x.id)).length === 0}
        empty={`No gallery subjects in the category “${category}” left to add.`}
      >
        {(s) => (
          <ul className="plain">
            {s.subjects
              .filter((x) => x.category === category && !listed.has(x.id))
              .map((x) => (
                <li key={x.id}>
                  {x.reference} {x.displayName}{' '}
                  <button
                    type="button"
                    className="secondary small"
                    disabled={add.busy || !reason.trim()}
                    onClick={() =>
                      void add.run(async () => {
                        await ok(
                          api.POST('/v1/deployments/{id}/watchlist', {
                            params: { path: { id: d.id } },
                            body: { subjectId: x.id, category, reason },
                          }),
                        );
                        onAdded();
                      })
                    }
                  >
                    Add {x.reference}
                  </button>
                </li>
              ))}
          </ul>
        )}
      </Resource>
      {!reason.trim() && <p className="hint">Give a reason to add people.</p>}
      <ErrorMessage error={add.error} />
    </div>
  );
}
