/** Live deployments in the period: alerts over time, outcomes by watchlist category, each deployment's record. */
import { formatTime } from '../../app/ui';
import { AlertsChart, type Bucket } from './AlertsChart';
import { addDays, int, pct, perFace, shortDate, type Report } from './format';
import { deploymentStatusLabel, engagementOutcomeLabels, listValue } from './labels';

/** Per deployment date, or per week (commencing Monday) when there are more than 14 dates. */
function buckets(r: Report): { per: 'date' | 'week'; list: Bucket[] } {
  const dates = [...new Set(r.deployments.map((d) => d.date))].sort();
  const per = dates.length > 14 ? 'week' : 'date';
  const keyOf = (date: string) => {
    if (per === 'date') return date;
    const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    return addDays(date, -dow);
  };
  const map = new Map<string, { alerts: number; incorrect: number; deployments: number }>();
  for (const d of r.deployments) {
    const k = keyOf(d.date);
    const b = map.get(k) ?? { alerts: 0, incorrect: 0, deployments: 0 };
    b.alerts += d.totalAlerts;
    b.incorrect += d.incorrectAlerts;
    b.deployments += 1;
    map.set(k, b);
  }
  const list = [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, b]) => ({
      label: shortDate(k),
      long: per === 'week' ? `week commencing ${shortDate(k)} ${k.slice(0, 4)}` : `${shortDate(k)} ${k.slice(0, 4)}`,
      ...b,
    }));
  return { per, list };
}

export function LiveSection({ r }: { r: Report }) {
  const { per, list } = buckets(r);
  return (
    <section className="card" aria-labelledby="live-title">
      <h2 id="live-title">Live deployments</h2>
      {r.deployments.length === 0 ? (
        <p className="empty" data-testid="no-deployments">
          No deployments in this period.
        </p>
      ) : (
        <>
          <AlertsChart list={list} per={per} />
          <h3>Outcomes by watchlist category</h3>
          {r.byCategory.length === 0 ? (
            <p className="empty">No alerts in this period, so no outcomes to show.</p>
          ) : (
            <table data-testid="by-category">
              <caption>Alerts and engagement outcomes by the category of the watchlist entry</caption>
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col">Alerts</th>
                  <th scope="col">Positive</th>
                  <th scope="col">False</th>
                  {engagementOutcomeLabels.map(([k, label]) => (
                    <th scope="col" key={k}>
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.byCategory.map((c) => (
                  <tr key={c.category}>
                    <th scope="row">{listValue(c.category)}</th>
                    <td>{c.totalAlerts}</td>
                    <td>{c.positiveAlerts}</td>
                    <td>{c.incorrectAlerts}</td>
                    {engagementOutcomeLabels.map(([k]) => (
                      <td key={k}>{c.outcomes[k]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Deployments</h3>
          <table>
            <caption>The deployment record of each deployment that started in the period</caption>
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">Date</th>
                <th scope="col">Hours</th>
                <th scope="col">Faces seen</th>
                <th scope="col">Alerts</th>
                <th scope="col">False</th>
                <th scope="col">False per face seen</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {r.deployments.map((d) => (
                <tr key={d.deploymentId}>
                  <th scope="row">{d.deployment}</th>
                  <td>{d.date}</td>
                  <td>{(d.durationMinutes / 60).toFixed(1)}</td>
                  <td>{int(d.facesSeen)}</td>
                  <td>{d.totalAlerts}</td>
                  <td>{d.incorrectAlerts}</td>
                  <td>{perFace(d.incorrectAlertRate)}</td>
                  <td>{deploymentStatusLabel(d.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {r.notDeployed.length > 0 && (
        <>
          <h3>Authorised but not deployed</h3>
          <ul>
            {r.notDeployed.map((d) => (
              <li key={d.deploymentId}>
                {d.deployment}, planned {formatTime(d.plannedStart)} ({deploymentStatusLabel(d.status)})
              </li>
            ))}
          </ul>
        </>
      )}
      {r.falseAlertsByGroup.recordedAlerts > 0 && (
        <>
          <h3>False alerts by recorded demographic group</h3>
          <p className="muted">{r.falseAlertsByGroup.note}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Alerts</th>
                <th scope="col">False</th>
                <th scope="col">False per alert</th>
              </tr>
            </thead>
            <tbody>
              {r.falseAlertsByGroup.groups.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{listValue(g.group)}</th>
                  <td>{g.totalAlerts}</td>
                  <td>{g.incorrectAlerts}</td>
                  <td>{pct(g.falseAlertsPerAlert)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
