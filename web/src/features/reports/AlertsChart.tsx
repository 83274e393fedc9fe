/** Alerts and false alerts per deployment date (or week), as an SVG bar chart with its figures as a table. */
import { useId } from 'react';
import { colours, ticks } from './format';

export interface Bucket {
  readonly label: string;
  readonly long: string;
  readonly alerts: number;
  readonly incorrect: number;
  readonly deployments: number;
}

export function AlertsChart({ list, per }: { list: Bucket[]; per: 'date' | 'week' }) {
  const id = useId();
  const yTicks = ticks(Math.max(...list.map((b) => b.alerts), 1));
  const yMax = yTicks[yTicks.length - 1]!;
  const left = 44;
  const right = 12;
  const top = 28;
  const bottom = 40;
  // At least wide enough for the legend; bars no wider than 80 units a date.
  const width = Math.max(380, left + right + Math.max(36, Math.min(80, 600 / list.length)) * list.length);
  const slot = (width - left - right) / list.length;
  const height = 240;
  const plot = height - top - bottom;
  const y = (v: number) => top + plot - (v / yMax) * plot;
  const bar = Math.min(22, (slot - 10) / 2);
  const title = `Alerts and false alerts per ${per === 'week' ? 'week' : 'deployment date'}`;
  const desc = list.map((b) => `${b.long}: ${b.alerts} alerts, ${b.incorrect} false`).join('; ');
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        data-testid="alerts-chart"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <g aria-hidden="true">
          <rect x={left} y={4} width={12} height={12} fill={colours.alerts} />
          <text x={left + 16} y={14} fontSize={12} fill={colours.axis}>
            Alerts
          </text>
          <rect x={left + 70} y={4} width={12} height={12} fill={colours.incorrect} />
          <text x={left + 86} y={14} fontSize={12} fill={colours.axis}>
            False (incorrect) alerts
          </text>
          {yTicks.map((v) => (
            <g key={v}>
              <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} stroke="#d6dce2" />
              <text x={left - 6} y={y(v) + 4} fontSize={11} textAnchor="end" fill={colours.axis}>
                {v}
              </text>
            </g>
          ))}
          <line x1={left} x2={left} y1={top} y2={top + plot} stroke={colours.axis} />
          {list.map((b, i) => {
            const cx = left + slot * i + slot / 2;
            return (
              <g key={b.long}>
                <rect
                  x={cx - bar - 1}
                  y={y(b.alerts)}
                  width={bar}
                  height={top + plot - y(b.alerts)}
                  fill={colours.alerts}
                >
                  <title>{`${b.long}: ${b.alerts} alerts`}</title>
                </rect>
                <rect
                  x={cx + 1}
                  y={y(b.incorrect)}
                  width={bar}
                  height={top + plot - y(b.incorrect)}
                  fill={colours.incorrect}
                >
                  <title>{`${b.long}: ${b.incorrect} false alerts`}</title>
                </rect>
                <text x={cx - bar / 2 - 1} y={y(b.alerts) - 3} fontSize={10} textAnchor="middle" fill={colours.axis}>
                  {b.alerts}
                </text>
                <text x={cx + bar / 2 + 1} y={y(b.incorrect) - 3} fontSize={10} textAnchor="middle" fill={colours.axis}>
                  {b.incorrect}
                </text>
                <text x={cx} y={top + plot + 16} fontSize={11} textAnchor="middle" fill={colours.axis}>
                  {b.label}
                </text>
              </g>
            );
          })}
          <line x1={left} x2={width - right} y1={top + plot} y2={top + plot} stroke={colours.axis} />
          <text
            x={left + (width - left - right) / 2}
            y={height - 4}
            fontSize={11}
            textAnchor="middle"
            fill={colours.axis}
          >
            {per === 'week' ? 'Week commencing (UTC)' : 'Deployment date (UTC)'}
          </text>
        </g>
      </svg>
      <figcaption>{title}.</figcaption>
      <details>
        <summary>The figures as a table</summary>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{per === 'week' ? 'Week' : 'Date'}</th>
              <th scope="col">Deployments</th>
              <th scope="col">Alerts</th>
              <th scope="col">False alerts</th>
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.long}>
                <th scope="row">{b.long}</th>
                <td>{b.deployments}</td>
                <td>{b.alerts}</td>
                <td>{b.incorrect}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
