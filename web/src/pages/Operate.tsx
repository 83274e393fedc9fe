/**
 * The operator's view of a live deployment: camera tiles with status, and the alert queue pushed
 * over server-sent events. Each alert shows the face that raised it beside the watchlist image,
 * with score and threshold, camera, time and category; the operator confirms, rejects or cannot
 * determine (keys c, r, u); the engagement officer records the outcome. Nothing about faces that
 * did not match is shown: nothing is kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ok } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { ErrorMessage, Field, formatTime, Resource, score, useAction, useLoad } from '../app/ui';
import { useAlertStream, type Alert } from './alert-stream';

type Decision = NonNullable<Alert['operator']>['decision'];
type Outcome = NonNullable<NonNullable<Alert['engagement']>['outcome']>;

export function OperatePage({ id }: { id?: string }) {
  if (!id) return <PickDeployment />;
  return <LiveDeployment key={id} id={id} />;
}

function PickDeployment() {
  const live = useLoad(() => ok(api.GET('/v1/deployments', { params: { query: { status: 'live', limit: 50 } } })), []);
  return (
    <section className="page">
      <h1>Operator</h1>
      <Resource loaded={live} isEmpty={(d) => d.deployments.length === 0} empty="No deployment is live now.">
        {(d) => (
          <ul className="plain">
            {d.deployments.map((x) => (
              <li key={x.id}>
                <Link to={`/operate/${x.id}`}>{x.name}</Link> <span className="muted">{x.locationName}</span>
              </li>
            ))}
          </ul>
        )}
      </Resource>
    </section>
  );
}

function LiveDeployment({ id }: { id: string }) {
  const session = useSession();
  const { can } = session;
  const path = { params: { path: { id } } };
  const deployment = useLoad(() => ok(api.GET('/v1/deployments/{id}', path)), [id]);
  const [cameraTick, setCameraTick] = useState(0);
  const mayReadCameras = can('cameras:read');
  const cameras = useLoad(
    () => (mayReadCameras ? ok(api.GET('/v1/deployments/{id}/cameras', path)) : Promise.resolve({ cameras: [] })),
    [id, cameraTick, mayReadCameras],
  );
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string>();
  const [announce, setAnnounce] = useState('');

  useEffect(() => {
    const t = setInterval(() => setCameraTick((n) => n + 1), 3000);
    return () => clearInterval(t);
  }, []);

  const onNew = useCallback((a: Alert) => {
    setFresh((s) => new Set(s).add(a.id));
    setAnnounce(`New alert: ${a.subjectReference}, ${a.category}, score ${score(a.score)}`);
    setTimeout(
      () =>
        setFresh((s) => {
          const n = new Set(s);
          n.delete(a.id);
          return n;
        }),
      8000,
    );
  }, []);
  // Merged by id, newest version kept; missed alerts fetched again after a drop (issue 14).
  const { alerts, state: stream, error: loadError, merge } = useAlertStream(id, onNew);

  const pending = alerts.filter((a) => !a.operator);
  useEffect(() => {
    document.title = pending.length > 0 ? `(${pending.length}) Vigil operator` : 'Vigil operator';
    return () => {
      document.title = 'Vigil console';
    };
  }, [pending.length]);

  const current = alerts.find((a) => a.id === selected) ?? pending[pending.length - 1] ?? alerts[0];
  const nextPending = pending.filter((a) => a.id !== current?.id).at(-1);
  const cameraName = (cid: string) => cameras.data?.cameras.find((c) => c.id === cid)?.name ?? cid.slice(0, 8);

  return (
    <section className="page operate">
      <p>
        <Link to={`/deployments/${id}`}>← Deployment</Link>
      </p>
      <h1>
        Operator: {deployment.data?.name ?? '…'}{' '}
        {deployment.data && <span className={`status status-${deployment.data.status}`}>{deployment.data.status}</span>}
      </h1>
      <p className="sr-only" aria-live="assertive" data-testid="alert-announcer">
        {announce}
      </p>
      <p className="muted">
        Alert stream:{' '}
        <span className={stream === 'open' ? 'ok' : 'warn'} data-testid="stream-state">
          {stream === 'open' ? 'connected' : stream === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>{' '}
        {stream === 'reconnecting' && (
          <span className="warn" role="status">
            The connection dropped: alerts raised meanwhile will be fetched when it is back.{' '}
          </span>
        )}
        · Only possible matches are shown: faces that match nobody are discarded at once and never kept.
      </p>
      <h2>Cameras</h2>
      {!mayReadCameras && <p className="muted">Camera status needs the cameras:read permission.</p>}
      <Resource
        loaded={cameras}
        isEmpty={(c) => mayReadCameras && c.cameras.length === 0}
        empty="This deployment has no cameras."
      >
        {(c) => (
          <ul className="camera-tiles">
            {c.cameras.map((cam) => {
              const s = cam.status as {
                state?: string;
                fpsIn?: number;
                fpsOut?: number;
                framesDropped?: number;
                lastError?: string;
              } | null;
              return (
                <li key={cam.id} className={`camera-tile state-${s?.state ?? 'idle'}`} data-testid="camera-tile">
                  <h3>{cam.name}</h3>
                  <p>
                    <strong>{s?.state ?? 'not running'}</strong>
                  </p>
                  {s && (
                    <p>
                      {(s.fpsOut ?? 0).toFixed(1)} fps analysed · {(s.fpsIn ?? 0).toFixed(1)} fps in ·{' '}
                      {s.framesDropped ?? 0} dropped
                    </p>
                  )}
                  {s?.lastError && <p className="warn">{s.lastError}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </Resource>
      <div className="operate-grid">
        <div>
          <h2>
            Alert queue <span className="badge">{pending.length} to decide</span>
          </h2>
          <ErrorMessage error={loadError} />
          {alerts.length === 0 ? (
            <p className="empty" role="status">
              No alerts yet. New alerts appear here the moment they are raised.
            </p>
          ) : (
            <ul className="alert-queue">
              {alerts.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    className={`alert-item${fresh.has(a.id) ? ' fresh' : ''}${a.id === current?.id ? ' current' : ''}`}
                    aria-pressed={a.id === current?.id}
                    onClick={() => setSelected(a.id)}
                  >
                    <span>{a.subjectReference}</span> <span className="muted">{a.category}</span>{' '}
                    <span>{score(a.score)}</span> <span className="muted">{formatTime(a.capturedAt)}</span>{' '}
                    <span className={a.operator ? 'ok' : 'warn'}>{a.operator?.decision ?? 'pending'}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {current && (
          <AlertDetail
            key={current.id}
            alert={current}
            cameraName={cameraName(current.cameraId)}
            fresh={fresh.has(current.id)}
            canDecide={can('alerts:adjudicate')}
            canEngage={can('alerts:engage')}
            onChange={(a) => {
              // Stay on the decided alert (its engagement may follow); the operator moves on with "n".
              setSelected(a.id);
              merge(a);
            }}
            onNext={nextPending ? () => setSelected(nextPending.id) : undefined}
            me={session.me?.user.username ?? ''}
          />
        )}
      </div>
    </section>
  );
}

const decisions: [Decision, string, string][] = [
  ['confirm', 'Confirm', 'c'],
  ['reject', 'Reject', 'r'],
  ['unable-to-determine', 'Unable to determine', 'u'],
];
const outcomes: [Outcome, string][] = [
  ['arrest', 'Arrest'],
  ['other-disposal', 'Other disposal'],
  ['no-further-action', 'No further action'],
  ['not-the-person', 'Not the person'],
];

function AlertDetail({
  alert,
  cameraName,
  fresh,
  canDecide,
  canEngage,
  onChange,
  onNext,
  me,
}: {
  me: string;
  onNext: (() => void) | undefined;
  alert: Alert;
  cameraName: string;
  fresh: boolean;
  canDecide: boolean;
  canEngage: boolean;
  onChange: (a: Alert) => void;
}) {
  const decide = useAction();
  const engage = useAction();
  const [engaged, setEngaged] = useState('yes');
  const [outcome, setOutcome] = useState<Outcome>('arrest');
  const [note, setNote] = useState('');
  const params = { params: { path: { alertId: alert.id } } };
  const busy = useRef(false);

  const record = useCallback(
    (decision: Decision) => {
      if (busy.current || alert.operator) return;
      busy.current = true;
      void decide
        .run(async () =>
          onChange(await ok(api.POST('/v1/alerts/{alertId}/decision', { ...params, body: { decision } }))),
        )
        .finally(() => (busy.current = false));
    },
    [alert.id, alert.operator],
  );

  useEffect(() => {
    if (!canDecide) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable))
        return;
      if (e.key.toLowerCase() === 'n' && onNext) {
        e.preventDefault();
        onNext();
        return;
      }
      const d = decisions.find(([, , key]) => key === e.key.toLowerCase());
      if (d) {
        e.preventDefault();
        record(d[0]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canDecide, record, onNext]);

  return (
    <article
      className={`card alert-detail${fresh ? ' fresh' : ''}`}
      aria-labelledby="alert-title"
      data-testid="alert-detail"
    >
      <h2 id="alert-title">
        Possible match: {alert.subjectReference} <span className="muted">({alert.category})</span>
      </h2>
      <div className="pair">
        <figure>
          {alert.hasProbeImage ? (
            <img src={`/v1/alerts/${alert.id}/probe`} alt="the face seen by the camera" />
          ) : (
            <div className="noimg">probe image no longer held</div>
          )}
          <figcaption>Camera: {cameraName}</figcaption>
        </figure>
        <figure>
          {alert.hasReferenceImage ? (
            <img src={`/v1/alerts/${alert.id}/reference`} alt={`watchlist image of ${alert.subjectReference}`} />
          ) : (
            <div className="noimg">watchlist image destroyed</div>
          )}
          <figcaption>Watchlist: {alert.subjectReference}</figcaption>
        </figure>
      </div>
      <dl className="facts two">
        <dt>Score</dt>
        <dd>
          <strong>{score(alert.score)}</strong> (threshold {score(alert.threshold)}, {alert.trackFrames} frames)
        </dd>
        <dt>Captured</dt>
        <dd>{formatTime(alert.capturedAt)}</dd>
        <dt>Camera</dt>
        <dd>{cameraName}</dd>
        <dt>Category</dt>
        <dd>{alert.category}</dd>
        <dt>Decision</dt>
        <dd data-testid="alert-decision">
          {alert.operator
            ? `${alert.operator.decision} by ${alert.operator.by} (${(alert.operator.decisionMs / 1000).toFixed(1)} s)`
            : 'pending'}
        </dd>
      </dl>
      {canDecide && !alert.operator && (
        <div className="decisions" role="group" aria-label="Operator decision">
          {decisions.map(([d, label, key]) => (
            <button
              key={d}
              type="button"
              className={d === 'confirm' ? '' : 'secondary'}
              disabled={decide.busy}
              aria-keyshortcuts={key}
              onClick={() => record(d)}
            >
              {label} <kbd>{key}</kbd>
            </button>
          ))}
        </div>
      )}
      <ErrorMessage error={decide.error} />
      {onNext && (
        <button type="button" className="secondary" aria-keyshortcuts="n" onClick={onNext}>
          Next pending alert <kbd>n</kbd>
        </button>
      )}
      {alert.engagement && (
        <p data-testid="engagement">
          Engagement: {alert.engagement.engaged ? 'engaged' : 'not engaged'}
          {alert.engagement.outcome ? `, ${alert.engagement.outcome}` : ''} by {alert.engagement.by}
        </p>
      )}
      {canEngage && alert.operator?.decision === 'confirm' && !alert.engagement && alert.operator.by === me && (
        <p className="muted">
          The engagement is recorded by an engagement officer other than the operator who decided.
        </p>
      )}
      {canEngage && alert.operator?.decision === 'confirm' && !alert.engagement && alert.operator.by !== me && (
        <form
          className="subcard"
          onSubmit={(e) => {
            e.preventDefault();
            void engage.run(async () =>
              onChange(
                await ok(
                  api.POST('/v1/alerts/{alertId}/engagement', {
                    ...params,
                    body: {
                      engaged: engaged === 'yes',
                      ...(engaged === 'yes' ? { outcome } : {}),
                      ...(note.trim() ? { note } : {}),
                    },
                  }),
                ),
              ),
            );
          }}
        >
          <h3>Engagement outcome</h3>
          <Field label="Was the person engaged?">
            <select value={engaged} onChange={(e) => setEngaged(e.target.value)}>
              <option value="yes">Engaged</option>
              <option value="no">Not engaged</option>
            </select>
          </Field>
          {engaged === 'yes' && (
            <Field label="Outcome">
              <select value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
                {outcomes.map(([o, label]) => (
                  <option key={o} value={o}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label="Note">
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          </Field>
          <ErrorMessage error={engage.error} />
          <button type="submit" disabled={engage.busy}>
            Record engagement
          </button>
        </form>
      )}
    </article>
  );
}
