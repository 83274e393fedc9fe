/**
 * Live deployments: the draft with every R1 field, the watchlist built from gallery subjects by
 * category, cameras, the expected false alerts shown before authorising, authorise, start, stop,
 * the post-deployment review, and the deployment record as a table with CSV export.
 */
import { useState, type FormEvent } from 'react';
import { api, ok, type paths, type Schemas } from '../api/client';
import { useLists } from '../app/lists';
import { Link, useRouter } from '../app/router';
import { useSession } from '../app/session';
import {
  ErrorMessage,
  Field,
  formatTime,
  fromLocalInput,
  Resource,
  score,
  toLocalInput,
  useAction,
  useLoad,
} from '../app/ui';

type Deployment = Schemas['Deployment'];
type DraftBody = paths['/v1/deployments']['post']['requestBody']['content']['application/json'];

export function DeploymentsPage() {
  const { can } = useSession();
  const list = useLoad(() => ok(api.GET('/v1/deployments', { params: { query: { limit: 100 } } })), []);
  return (
    <section className="page">
      <h1>Deployments</h1>
      <div className="columns">
        <Resource loaded={list} isEmpty={(d) => d.deployments.length === 0} empty="No deployments yet.">
          {(d) => (
            <table>
              <caption>Deployments, latest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Location</th>
                  <th scope="col">Planned</th>
                  <th scope="col">Alerts</th>
                </tr>
              </thead>
              <tbody>
                {d.deployments.map((x) => (
                  <tr key={x.id}>
                    <td>
                      <Link to={`/deployments/${x.id}`}>{x.name}</Link>
                    </td>
                    <td>
                      <span className={`status status-${x.status}`}>{x.status}</span>
                    </td>
                    <td>{x.locationName || '—'}</td>
                    <td>
                      {formatTime(x.plannedStart)} – {formatTime(x.plannedEnd)}
                    </td>
                    <td>{x.counts.alerts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Resource>
        {can('deployments:write') && <DraftForm />}
      </div>
    </section>
  );
}

function draftFrom(d?: Deployment) {
  const now = new Date();
  return {
    name: d?.name ?? '',
    type: d?.type ?? 'overt LFR',
    policingObjective: d?.policingObjective ?? '',
    intelligenceCase: d?.intelligenceCase ?? '',
    locationName: d?.locationName ?? '',
    locationBoundary: d?.locationBoundary ?? '',
    locationReason: d?.locationReason ?? '',
    plannedStart: toLocalInput(d ? new Date(d.plannedStart) : now),
    plannedEnd: toLocalInput(d ? new Date(d.plannedEnd) : new Date(now.getTime() + 4 * 3600_000)),
    categories: d?.categories ?? [],
    cameraCount: String(d?.cameraCount ?? 1),
    plannedFootfall: String(d?.plannedFootfall ?? 0),
    threshold: d ? String(d.threshold) : '',
    dpiaVersion: d?.dpiaVersion ?? '',
    eiaVersion: d?.eiaVersion ?? '',
    policyVersion: d?.policyVersion ?? '',
    noticePublishedAt: d?.notice.publishedAt ? toLocalInput(new Date(d.notice.publishedAt)) : '',
    signage: d?.notice.signage ?? '',
    exception: d?.notice.exception ?? '',
  };
}
type Draft = ReturnType<typeof draftFrom>;

function bodyOf(f: Draft): DraftBody {
  return {
    name: f.name,
    type: f.type,
    policingObjective: f.policingObjective,
    intelligenceCase: f.intelligenceCase,
    locationName: f.locationName,
    locationBoundary: f.locationBoundary,
    locationReason: f.locationReason,
    plannedStart: fromLocalInput(f.plannedStart),
    plannedEnd: fromLocalInput(f.plannedEnd),
    categories: f.categories,
    cameraCount: Number(f.cameraCount),
    plannedFootfall: Number(f.plannedFootfall),
    ...(f.threshold.trim() ? { threshold: Number(f.threshold) } : {}),
    dpiaVersion: f.dpiaVersion,
    eiaVersion: f.eiaVersion,
    policyVersion: f.policyVersion,
    notice: {
      ...(f.noticePublishedAt ? { publishedAt: fromLocalInput(f.noticePublishedAt) } : {}),
      ...(f.signage.trim() ? { signage: f.signage } : {}),
      ...(f.exception.trim() ? { exception: f.exception } : {}),
    },
  };
}

function DraftFields({ f, setF }: { f: Draft; setF: (f: Draft) => void }) {
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const toggle = (c: string) =>
    setF({ ...f, categories: f.categories.includes(c) ? f.categories.filter((x) => x !== c) : [...f.categories, c] });
  const lists = useLists();
  // The configured categories, and any the draft already has that are no longer configured.
  const categoryOptions = [
    ...(lists.data?.watchlistCategories ?? []),
    ...f.categories.filter((c) => !lists.data?.watchlistCategories.includes(c)),
  ];
  return (
    <>
      <Field label="Name">
        <input value={f.name} onChange={set('name')} required maxLength={200} />
      </Field>
      <Field label="Type" hint="the published type, e.g. overt LFR, van-mounted (overt only)">
        <input value={f.type} onChange={set('type')} required maxLength={200} />
      </Field>
      <Field label="Policing objective">
        <textarea value={f.policingObjective} onChange={set('policingObjective')} rows={2} maxLength={2000} />
      </Field>
      <Field label="Intelligence case">
        <textarea value={f.intelligenceCase} onChange={set('intelligenceCase')} rows={2} maxLength={4000} />
      </Field>
      <Field label="Location">
        <input value={f.locationName} onChange={set('locationName')} maxLength={200} />
      </Field>
      <Field label="Location boundary">
        <input value={f.locationBoundary} onChange={set('locationBoundary')} maxLength={1000} />
      </Field>
      <Field label="Why watchlisted people may be expected there">
        <textarea value={f.locationReason} onChange={set('locationReason')} rows={2} maxLength={2000} />
      </Field>
      <Field label="Planned start">
        <input type="datetime-local" value={f.plannedStart} onChange={set('plannedStart')} required />
      </Field>
      <Field label="Planned end">
        <input type="datetime-local" value={f.plannedEnd} onChange={set('plannedEnd')} required />
      </Field>
      <fieldset>
        <legend>Watchlist categories</legend>
        {lists.error && <ErrorMessage error={`Could not load the configured categories: ${lists.error}`} />}
        {!lists.data && !lists.error && <p className="muted">Loading the configured categories…</p>}
        {categoryOptions.map((c) => (
          <label key={c} className="radio">
            <input type="checkbox" checked={f.categories.includes(c)} onChange={() => toggle(c)} /> {c}
          </label>
        ))}
      </fieldset>
      <Field label="Cameras">
        <input type="number" min="0" max="64" value={f.cameraCount} onChange={set('cameraCount')} />
      </Field>
      <Field label="Planned footfall" hint="people expected to pass: drives the false-alert forecast">
        <input type="number" min="0" value={f.plannedFootfall} onChange={set('plannedFootfall')} />
      </Field>
      <Field label="Threshold" hint="empty: the calibrated threshold in force">
        <input type="number" step="0.001" min="-1" max="1" value={f.threshold} onChange={set('threshold')} />
      </Field>
      <Field label="DPIA version">
        <input value={f.dpiaVersion} onChange={set('dpiaVersion')} maxLength={100} />
      </Field>
      <Field label="Equality impact assessment version">
        <input value={f.eiaVersion} onChange={set('eiaVersion')} maxLength={100} />
      </Field>
      <Field label="Policy version">
        <input value={f.policyVersion} onChange={set('policyVersion')} maxLength={100} />
      </Field>
      <Field label="Public notice published">
        <input type="datetime-local" value={f.noticePublishedAt} onChange={set('noticePublishedAt')} />
      </Field>
      <Field label="Signage">
        <input value={f.signage} onChange={set('signage')} maxLength={500} />
      </Field>
      <Field label="Notice exception" hint="only when there is no notice or signage: why">
        <input value={f.exception} onChange={set('exception')} maxLength={1000} />
      </Field>
    </>
  );
}

function DraftForm() {
  const { navigate } = useRouter();
  const [f, setF] = useState(() => draftFrom());
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const d = await ok(api.POST('/v1/deployments', { body: bodyOf(f) }));
      navigate(`/deployments/${d.id}`);
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="draft-title">
      <h2 id="draft-title">Draw up a deployment</h2>
      <DraftFields f={f} setF={setF} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        Save draft
      </button>
    </form>
  );
}

export function DeploymentPage({ id }: { id: string }) {
  const { can } = useSession();
  const path = { params: { path: { id } } };
  const deployment = useLoad(() => ok(api.GET('/v1/deployments/{id}', path)), [id]);
  const reloadAll = () => deployment.reload();
  return (
    <section className="page">
      <p>
        <Link to="/deployments">← Deployments</Link>
      </p>
      <Resource loaded={deployment}>
        {(d) => (
          <>
            <h1>
              {d.name} <span className={`status status-${d.status}`}>{d.status}</span>
            </h1>
            <Overview d={d} />
            {can('deployments:write') && d.status === 'draft' && <EditDraft d={d} onSaved={reloadAll} />}
            {can('watchlists:read') && <Watchlist d={d} onChange={reloadAll} />}
            {(can('cameras:read') || can('deployments:write')) && <Cameras d={d} onChange={reloadAll} />}
            <Forecast d={d} />
            <Lifecycle d={d} onChange={reloadAll} />
            {can('reports:read') && <RecordTable d={d} />}
          </>
        )}
      </Resource>
    </section>
  );
}

function Overview({ d }: { d: Deployment }) {
  return (
    <dl className="facts two">
      <dt>Type</dt>
      <dd>{d.type}</dd>
      <dt>Objective</dt>
      <dd>{d.policingObjective || '—'}</dd>
      <dt>Location</dt>
      <dd>
        {d.locationName || '—'} {d.locationBoundary && `(${d.locationBoundary})`}
      </dd>
      <dt>Planned</dt>
      <dd>
        {formatTime(d.plannedStart)} – {formatTime(d.plannedEnd)}
      </dd>
      <dt>Categories</dt>
      <dd>{d.categories.join(', ') || '—'}</dd>
      <dt>Threshold</dt>
      <dd>
        {score(d.threshold)} (model {d.modelId})
      </dd>
      <dt>Footfall planned</dt>
      <dd>{d.plannedFootfall}</dd>
      <dt>Assessments</dt>
      <dd>
        DPIA {d.dpiaVersion || '—'}, EIA {d.eiaVersion || '—'}, policy {d.policyVersion || '—'}
      </dd>
      <dt>Authorisation</dt>
      <dd>
        {d.authorisation
          ? `by ${d.authorisation.by} at ${formatTime(d.authorisation.at)}: ${d.authorisation.note ?? ''} (expected false alerts ${d.authorisation.expectedFalseAlerts.toFixed(2)}, watchlist ${d.authorisation.watchlistSize})`
          : 'not authorised'}
      </dd>
      <dt>Counts</dt>
      <dd>
        {d.counts.facesSeen} faces seen, {d.counts.facesCompared} compared, {d.counts.alerts} alerts
      </dd>
    </dl>
  );
}

function EditDraft({ d, onSaved }: { d: Deployment; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [f, setF] = useState(() => draftFrom(d));
  const { busy, error, run } = useAction();
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Edit draft
      </button>
    );
  }
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await ok(api.PATCH('/v1/deployments/{id}', { params: { path: { id: d.id } }, body: bodyOf(f) }));
          setOpen(false);
          onSaved();
        });
      }}
    >
      <h2>Edit draft</h2>
      <DraftFields f={f} setF={setF} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        Save changes
      </button>
    </form>
  );
}

function Watchlist({ d, onChange }: { d: Deployment; onChange: () => void }) {
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

function Cameras({ d, onChange }: { d: Deployment; onChange: () => void }) {
  const { can } = useSession();
  const mayList = can('cameras:read');
  const cams = useLoad(
    () =>
      mayList ? ok(api.GET('/v1/deployments/{id}/cameras', { params: { path: { id: d.id } } })) : Promise.resolve(null),
    [d.id, mayList],
  );
  const [added, setAdded] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'rtsp' | 'http' | 'file' | 'folder'>('rtsp');
  const [where, setWhere] = useState('');
  const add = useAction();
  return (
    <section className="card" aria-labelledby="cameras-title">
      <h2 id="cameras-title">Cameras</h2>
      <p className="muted">{d.cameraCount} camera(s) authorised for this deployment.</p>
      {added.length > 0 && <p role="status">Added: {added.join(', ')}</p>}
      <Resource loaded={cams} isEmpty={(c) => c !== null && c.cameras.length === 0} empty="No cameras yet.">
        {(c) =>
          c === null ? (
            <p className="muted">Listing cameras needs the cameras:read permission.</p>
          ) : (
            <ul className="plain">
              {c.cameras.map((cam) => (
                <li key={cam.id}>
                  {cam.name}{' '}
                  <span className="muted">
                    ({cam.source.kind}: {cam.source.url ?? cam.source.path})
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Resource>
      {can('deployments:write') && d.status === 'draft' && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void add.run(async () => {
              const source =
                kind === 'file' || kind === 'folder' ? { kind, path: where, loop: true } : { kind, url: where };
              await ok(
                api.POST('/v1/deployments/{id}/cameras', { params: { path: { id: d.id } }, body: { name, source } }),
              );
              setAdded([...added, name]);
              setName('');
              setWhere('');
              cams.reload();
              onChange();
            });
          }}
        >
          <Field label="Camera name">
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </Field>
          <Field label="Source kind">
            <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="rtsp">RTSP stream</option>
              <option value="http">HTTP stream</option>
              <option value="file">video file</option>
              <option value="folder">folder of images</option>
            </select>
          </Field>
          <Field label={kind === 'file' || kind === 'folder' ? 'Path on the server' : 'URL'}>
            <input value={where} onChange={(e) => setWhere(e.target.value)} required maxLength={2000} />
          </Field>
          <button type="submit" disabled={add.busy}>
            Add camera
          </button>
          <ErrorMessage error={add.error} />
        </form>
      )}
    </section>
  );
}

function Forecast({ d }: { d: Deployment }) {
  const forecast = useLoad(() => ok(api.GET('/v1/deployments/{id}/forecast', { params: { path: { id: d.id } } })), [d]);
  return (
    <section className="card" aria-labelledby="forecast-title">
      <h2 id="forecast-title">Expected false alerts</h2>
      <Resource loaded={forecast}>
        {(f) => (
          <p data-testid="forecast">
            About <strong>{f.expectedFalseAlerts.toFixed(2)}</strong> false alert
            {f.expectedFalseAlerts === 1 ? '' : 's'} expected for {f.footfall} passers-by against a watchlist of{' '}
            {f.watchlistSize} at threshold {score(f.threshold)} (false match rate {f.fmr.toExponential(1)} per
            comparison, {f.basis}).
          </p>
        )}
      </Resource>
    </section>
  );
}

function Lifecycle({ d, onChange }: { d: Deployment; onChange: () => void }) {
  const { can } = useSession();
  const path = { params: { path: { id: d.id } } };
  const [note, setNote] = useState('');
  const [summary, setSummary] = useState('');
  const [arrests, setArrests] = useState('');
  const act = useAction();
  const mayAuthorise = can('deployments:authorise') && d.status === 'draft';
  const check = useLoad(
    () =>
      mayAuthorise ? ok(api.GET('/v1/deployments/{id}/authorisation-check', path)) : Promise.resolve({ problems: [] }),
    [d.id, d.status, mayAuthorise],
  );
  const run = (f: () => Promise<unknown>) =>
    void act.run(async () => {
      await f();
      onChange();
    });
  return (
    <section className="card" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">Authorisation and operation</h2>
      {mayAuthorise && (
        <div>
          {check.data && check.data.problems.length > 0 && (
            <div className="banner banner-warn" role="status">
              <strong>Not ready to authorise:</strong>
              <ul>
                {check.data.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <Field label="Authorisation note" hint="why this deployment is necessary and proportionate">
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </Field>
          <button
            type="button"
            disabled={act.busy || !note.trim()}
            onClick={() => run(() => ok(api.POST('/v1/deployments/{id}/authorise', { ...path, body: { note } })))}
          >
            Authorise deployment
          </button>
        </div>
      )}
      {can('deployments:operate') && d.status === 'authorised' && (
        <button
          type="button"
          disabled={act.busy}
          onClick={() => run(() => ok(api.POST('/v1/deployments/{id}/start', { ...path, body: {} })))}
        >
          Start deployment
        </button>
      )}
      {d.status === 'live' && can('alerts:read') && (
        <p>
          <Link to={`/operate/${d.id}`}>Open the operator view</Link>
        </p>
      )}
      {can('deployments:operate') && d.status === 'live' && (
        <button
          type="button"
          className="danger"
          disabled={act.busy}
          onClick={() => run(() => ok(api.POST('/v1/deployments/{id}/stop', { ...path, body: {} })))}
        >
          Stop deployment
        </button>
      )}
      {can('deployments:authorise') && d.status === 'closed' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(() =>
              ok(
                api.POST('/v1/deployments/{id}/review', {
                  ...path,
                  body: { summary, ...(arrests ? { arrestsOrDisposals: Number(arrests) } : {}) },
                }),
              ),
            );
          }}
        >
          <h3>Post-deployment review</h3>
          <Field label="Review summary">
            <textarea value={summary} onChange={(e) => setSummary(e.target.value)} required rows={3} />
          </Field>
          <Field label="Arrests or disposals">
            <input type="number" min="0" value={arrests} onChange={(e) => setArrests(e.target.value)} />
          </Field>
          <button type="submit" disabled={act.busy}>
            Record review
          </button>
        </form>
      )}
      {d.status === 'reviewed' && <p>Reviewed by {d.reviewedBy}.</p>}
      {d.closedAt && (
        <p className="muted">
          Closed {formatTime(d.closedAt)} ({d.closeReason}).
        </p>
      )}
      {!mayAuthorise && d.status === 'draft' && (
        <p className="muted">Waiting for authorisation by an authorising officer.</p>
      )}
      <ErrorMessage error={act.error} />
    </section>
  );
}

/** The record's coverage gaps (a camera dropped, or its pipeline process died) as one line each. */
function gapsText(gaps: readonly { camera: string; from: string; seconds: number | null; reason: string }[]): string {
  if (gaps.length === 0) return 'none';
  return gaps
    .map(
      (g) => `${g.camera}: ${g.reason} at ${g.from.slice(11, 19)} (${g.seconds === null ? 'open' : `${g.seconds} s`})`,
    )
    .join('; ');
}

function RecordTable({ d }: { d: Deployment }) {
  const record = useLoad(
    () => ok(api.GET('/v1/deployments/{id}/record', { params: { path: { id: d.id }, query: { format: 'json' } } })),
    [d.id, d.status, d.counts.alerts],
  );
  return (
    <section className="card" aria-labelledby="record-title">
      <h2 id="record-title">Deployment record</h2>
      <Resource loaded={record}>
        {(r) => (
          <table className="record">
            <tbody>
              {Object.entries(r).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{v === null ? '—' : Array.isArray(v) ? gapsText(v) : String(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Resource>
      <a className="button" href={`/v1/deployments/${d.id}/record?format=csv`} download>
        Export CSV
      </a>
    </section>
  );
}
