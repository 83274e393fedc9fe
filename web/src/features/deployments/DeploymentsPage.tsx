/** The list of deployments, latest first, and a new draft beside it. */
import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { formatTime, Resource } from '../../app/ui';
import { DraftForm } from './DraftForm';
import { statusLabel } from './labels';
import { deploymentKeys } from './queries';

export function DeploymentsPage() {
  const { can } = useSession();
  const list = useQuery({
    queryKey: deploymentKeys.list,
    queryFn: () => ok(api.GET('/v1/deployments', { params: { query: { limit: 100 } } })),
  });
  return (
    <section className="page">
      <h1>Deployments</h1>
      <div className="columns">
        <Resource loaded={loadedFrom(list)} isEmpty={(l) => l.deployments.length === 0} empty="No deployments yet.">
          {(l) => (
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
                {l.deployments.map((x) => (
                  <tr key={x.id}>
                    <td>
                      <Link to={`/deployments/${x.id}`}>{x.name}</Link>
                    </td>
                    <td>
                      <span className={`status status-${x.status}`}>{statusLabel(x.status)}</span>
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
