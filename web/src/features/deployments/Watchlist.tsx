/** The bespoke watchlist of a deployment: entries with provenance, added from the gallery by category. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError, ok, type Schemas } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime, Resource } from '../../app/ui';
import { categoryLabel } from '../gallery/labels';
import { useSubjects } from '../gallery/queries';
import { useInvalidateDeployment, useWatchlist } from './queries';

type Deployment = Schemas['Deployment'];
type Subjects = NonNullable<ReturnType<typeof useSubjects>['data']>;

export function Watchlist({ d }: { d: Deployment }) {
  const { can } = useSession();
  const list = useWatchlist(d.id);
  const invalidate = useInvalidateDeployment(d.id);
  const editable = can('watchlists:write') && (d.status === 'draft' || d.status === 'authorised');
  const remove = useMutation({
    mutationFn: (entryId: string) =>
      ok(api.DELETE('/v1/deployments/{id}/watchlist/{entryId}', { params: { path: { id: d.id, entryId } } })),
    onSuccess: invalidate,
  });
  return (
    <section className="card" aria-labelledby="watchlist-title">
      <h2 id="watchlist-title">Watchlist</h2>
      <Resource loaded={loadedFrom(list)}>
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
                      <td>{categoryLabel(e.category)}</td>
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
                            disabled={remove.isPending}
                            onClick={() => remove.mutate(e.id)}
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
            {remove.error && <ErrorMessage error={describeError(remove.error)} />}
            {editable && can('gallery:read') && (
              <AddEntries d={d} listed={new Set(w.entries.map((e) => e.subjectId))} />
            )}
          </>
        )}
      </Resource>
    </section>
  );
}

/** Gallery subjects in one of the deployment's categories, to add with a reason. */
function AddEntries({ d, listed }: { d: Deployment; listed: Set<string> }) {
  const [category, setCategory] = useState(d.categories[0] ?? '');
  const [reason, setReason] = useState('');
  const subjects = useSubjects({ limit: 200 });
  const invalidate = useInvalidateDeployment(d.id);
  const add = useMutation({
    mutationFn: (subjectId: string) =>
      ok(
        api.POST('/v1/deployments/{id}/watchlist', {
          params: { path: { id: d.id } },
          body: { subjectId, category, reason },
        }),
      ),
    onSuccess: invalidate,
  });
  if (d.categories.length === 0) {
    return <p className="notice">Choose the deployment’s watchlist categories in the draft before adding people.</p>;
  }
  const addable = (s: Subjects) => s.subjects.filter((x) => x.category === category && !listed.has(x.id));
  return (
    <div className="subcard">
      <h3>Add from the gallery</h3>
      <div className="inline">
        <Field label="Category">
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {d.categories.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason for listing" hint="why this person is on this watchlist">
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
        </Field>
      </div>
      <Resource
        loaded={loadedFrom(subjects)}
        isEmpty={(s) => addable(s).length === 0}
        empty={`No gallery subjects in the category “${categoryLabel(category)}” left to add.`}
      >
        {(s) => (
          <ul className="plain">
            {addable(s).map((x) => (
              <li key={x.id}>
                {x.reference} {x.displayName}{' '}
                <button
                  type="button"
                  className="secondary small"
                  disabled={add.isPending || !reason.trim()}
                  onClick={() => add.mutate(x.id)}
                >
                  Add {x.reference}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Resource>
      {!reason.trim() && <p className="hint">Give a reason to add people.</p>}
      {add.error && <ErrorMessage error={describeError(add.error)} />}
    </div>
  );
}
