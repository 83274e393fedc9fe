/**
 * The operator's view of a live deployment (issue 13): the camera grid (each camera's current
 * analysed frame with faces boxed, its rates and state) beside the alert queue pushed over
 * server-sent events. Alerts are grouped per person per camera (R16): a "seen again" updates the
 * alert in place. The alert shown is always the one highlighted, and the keys act on it; a new
 * alert never moves the selection. Nothing about faces that matched nobody is kept or shown.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { api, describeError, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, Resource, score } from '../../app/ui';
import { useAlertStream, type Alert } from '../../pages/alert-stream';
import { AlertDetail } from './AlertDetail';
import { AlertQueue } from './AlertQueue';
import { CameraGrid, useCameras } from './CameraGrid';
import { statusLabel } from '../deployments/labels';
import { subjectOf } from './labels';

export function OperatePage({ id }: { id?: string }) {
  if (!id) return <PickDeployment />;
  return <LiveDeployment key={id} id={id} />;
}

function PickDeployment() {
  const live = useQuery({
    queryKey: ['deployments', 'list', 'live'],
    queryFn: () => ok(api.GET('/v1/deployments', { params: { query: { status: 'live', limit: 50 } } })),
  });
  return (
    <section className="page">
      <h1>Operator</h1>
      <Resource
        loaded={loadedFrom(live)}
        isEmpty={(l) => l.deployments.length === 0}
        empty="No deployment is live now."
      >
        {(l) => (
          <ul className="plain">
            {l.deployments.map((x) => (
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
  const deployment = useQuery({
    queryKey: ['deployments', id],
    queryFn: () => ok(api.GET('/v1/deployments/{id}', { params: { path: { id } } })),
    refetchInterval: 10_000,
  });
  const mayReadCameras = can('cameras:read');
  const cameras = useCameras(id, mayReadCameras);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string>();
  const [announce, setAnnounce] = useState('');

  const onNew = useCallback((a: Alert) => {
    setFresh((s) => new Set(s).add(a.id));
    setAnnounce(`New alert: ${subjectOf(a)}, ${a.category}, score ${score(a.score)}`);
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

  // The selection is explicit: the oldest pending alert when nothing is chosen yet, and it stays
  // put when alerts arrive, so what is highlighted is what is shown and what the keys decide.
  const fallback = pending.at(-1)?.id ?? alerts[0]?.id;
  useEffect(() => {
    if (!alerts.some((a) => a.id === selected) && fallback) setSelected(fallback);
  }, [alerts, selected, fallback]);
  const current = alerts.find((a) => a.id === selected);
  const nextPending = pending.filter((a) => a.id !== current?.id).at(-1);
  const cameraName = (a: Alert) =>
    a.cameraName ?? cameras.data?.cameras.find((c) => c.id === a.cameraId)?.name ?? 'a camera of this deployment';
  const d = deployment.data;

  return (
    <section className="page operate">
      <p>
        <Link to={`/deployments/${id}`}>← Deployment</Link>
      </p>
      <h1>
        Operator: {d?.name ?? '…'} {d && <span className={`status status-${d.status}`}>{statusLabel(d.status)}</span>}
      </h1>
      {deployment.error && !d && <ErrorMessage error={`Could not load this: ${describeError(deployment.error)}`} />}
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
        · Faces that match nobody are discarded at once; the live view is never recorded.
      </p>
      <div className={mayReadCameras ? 'operate-layout' : ''}>
        {mayReadCameras && (
          <section aria-labelledby="cameras-title">
            <h2 id="cameras-title">Cameras</h2>
            <CameraGrid deploymentId={id} showFrames={can('deployments:operate')} />
          </section>
        )}
        <section aria-labelledby="queue-title">
          <h2 id="queue-title">
            Alert queue <span className="badge">{pending.length} to decide</span>
          </h2>
          <ErrorMessage error={loadError} />
          {current && (
            <AlertDetail
              key={current.id}
              alert={current}
              cameraName={cameraName(current)}
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
          <AlertQueue alerts={alerts} currentId={current?.id} fresh={fresh} onSelect={setSelected} />
        </section>
      </div>
    </section>
  );
}
