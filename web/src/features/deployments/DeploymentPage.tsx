/** One deployment: its facts, draft, watchlist, cameras, forecast, life and record. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, formatTime, Resource } from '../../app/ui';
import { Cameras } from './Cameras';
import { EditDraft } from './DraftForm';
import { statusLabel } from './labels';
import { Lifecycle } from './Lifecycle';
import { deploymentKeys } from './queries';
import { RecordTable } from './RecordTable';
import { Watchlist } from './Watchlist';

type Deployment = Schemas['Deployment'];

export function DeploymentPage({ id }: { id: string }) {
  const { can } = useSession();
  const client = useQueryClient();
  const deployment = useQuery({
    queryKey: deploymentKeys.one(id),
    queryFn: () => ok(api.GET('/v1/deployments/{id}', { params: { path: { id } } })),
  });
  // A change to one part (watchlist, cameras, life) is read again everywhere it shows.
  const reloadAll = () => void client.invalidateQueries({ queryKey: deploymentKeys.all });
  return (
    <section className="page">
      <p>
        <Link to="/deployments">← Deployments</Link>
      </p>
      <Resource loaded={loadedFrom(deployment)}>
        {(d) => (
          <>
            <h1>
              {d.name} <span className={`status status-${d.status}`}>{statusLabel(d.status)}</span>
            </h1>
            <Overview d={d} />
            {can('deployments:write') && d.status === 'draft' && <EditDraft d={d} onSaved={reloadAll} />}
            {can('watchlists:read') && <Watchlist d={d} />}
            {(can('cameras:read') || can('deployments:write')) && <Cameras d={d} />}
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
        {d.threshold.toFixed(4)} (model {d.modelId})
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
          ? `by ${d.authorisation.by} at ${formatTime(d.authorisation.at)}: ${d.authorisation.note ?? ''} (expected false alerts ${d.authorisation.expectedFalseAlerts.toFixed(2)}, watchlist of ${d.authorisation.watchlistSize} when authorised)`
          : 'not authorised'}
      </dd>
      <dt>Counts</dt>
      <dd>
        {d.counts.facesSeen} faces seen, {d.counts.facesCompared} compared, {d.counts.alerts} matching sightings
        (grouped into alerts per person and camera)
      </dd>
    </dl>
  );
}

function Forecast({ d }: { d: Deployment }) {
  // Read again whenever anything of the deployment changes (the watchlist above all): the size shown is the list's.
  const forecast = useQuery({
    queryKey: [...deploymentKeys.one(d.id), 'forecast'],
    queryFn: () => ok(api.GET('/v1/deployments/{id}/forecast', { params: { path: { id: d.id } } })),
  });
  return (
    <section className="card" aria-labelledby="forecast-title">
      <h2 id="forecast-title">Expected false alerts</h2>
      {forecast.error && <ErrorMessage error={forecast.error.message} />}
      {forecast.data &&
        ((f) => (
          <p data-testid="forecast">
            About <strong>{f.expectedFalseAlerts.toFixed(2)}</strong> false alert
            {f.expectedFalseAlerts === 1 ? '' : 's'} expected for {f.footfall} passers-by against a watchlist of{' '}
            {f.watchlistSize} at threshold {f.threshold.toFixed(4)} (false match rate {f.fmr.toExponential(1)} per
            comparison, {f.basis}).
          </p>
        ))(forecast.data)}
    </section>
  );
}
