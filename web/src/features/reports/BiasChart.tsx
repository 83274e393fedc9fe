/** False match rate by group with 95% intervals (R27), as an SVG chart with its figures as a table. */
import { useId } from 'react';
import { colours, fmrText, int, ticks, type BiasAvailable } from './format';

export function BiasChart({ b }: { b: BiasAvailable }) {
  const id = useId();
  const groups = [...b.groups].sort((x, y) => (y.fmr ?? -1) - (x.fmr ?? -1));
  const xMaxRaw = Math.max(...groups.map((g) => Math.max(g.ciHigh ?? 0, g.fmr ?? 0)), b.pooledFmr ?? 0, 1e-6);
  const xTicks = ticks(xMaxRaw, 4);
  const xMax = xTicks[xTicks.length - 1]!;
  const left = 170;
  const right = 70;
  const top = 10;
  const row = 26;
  const plotW = 460;
  const width = left + plotW + right;
  const height = top + row * groups.length + 40;
  const x = (v: number) => left + (v / xMax) * plotW;
  const tag = (g: string) => (g === b.worstGroup ? 'worst' : g === b.bestGroup ? 'best' : '');
  const title = `False match rate by group at threshold ${b.threshold.toFixed(3)}, with 95% intervals (${b.modelId})`;
  const desc = groups
    .map(
      (g) =>
        `${g.group}${tag(g.group) ? ` (${tag(g.group)})` : ''}: ${fmrText(g.fmr)}, 95% interval ${fmrText(g.ciLow)} to ${fmrText(g.ciHigh)}, ${g.falseMatches} false matches in ${int(g.pairs)} pairs`,
    )
    .join('; ');
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        data-testid="bias-chart"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <g aria-hidden="true">
          {xTicks.map((v) => (
            <g key={v}>
              <line x1={x(v)} x2={x(v)} y1={top} y2={top + row * groups.length} stroke="#d6dce2" />
              <text x={x(v)} y={top + row * groups.length + 14} fontSize={10} textAnchor="middle" fill={colours.axis}>
                {Number(v.toPrecision(3))}
              </text>
            </g>
          ))}
          {groups.map((g, i) => {
            const cy = top + row * i + row / 2;
            const t = tag(g.group);
            const fill = t === 'worst' ? colours.incorrect : t === 'best' ? colours.best : colours.alerts;
            return (
              <g key={g.group}>
                <text x={left - 8} y={cy + 4} fontSize={11} textAnchor="end" fill={colours.axis}>
                  {g.group}
                </text>
                {g.fmr === null ? (
                  <text x={left + 4} y={cy + 4} fontSize={11} fill={colours.axis}>
                    no pairs
                  </text>
                ) : (
                  <rect x={left} y={cy - 8} width={Math.max(1, x(g.fmr) - left)} height={16} fill={fill}>
                    <title>{`${g.group}: ${fmrText(g.fmr)}`}</title>
                  </rect>
                )}
                {g.ciLow !== null && g.ciHigh !== null && (
                  <g stroke={colours.axis} strokeWidth={1.5}>
                    <line x1={x(g.ciLow)} x2={x(g.ciHigh)} y1={cy} y2={cy} />
                    <line x1={x(g.ciLow)} x2={x(g.ciLow)} y1={cy - 5} y2={cy + 5} />
                    <line x1={x(g.ciHigh)} x2={x(g.ciHigh)} y1={cy - 5} y2={cy + 5} />
                  </g>
                )}
                {t && (
                  <text
                    x={x(Math.max(g.ciHigh ?? 0, g.fmr ?? 0)) + 6}
                    y={cy + 4}
                    fontSize={11}
                    fontWeight={700}
                    fill={fill}
                  >
                    {t}
                  </text>
                )}
              </g>
            );
          })}
          {b.pooledFmr !== null && (
            <g>
              <line
                x1={x(b.pooledFmr)}
                x2={x(b.pooledFmr)}
                y1={top}
                y2={top + row * groups.length}
                stroke={colours.ink}
                strokeDasharray="4 3"
              />
            </g>
          )}
          <line x1={left} x2={left} y1={top} y2={top + row * groups.length} stroke={colours.axis} />
          <text x={left + plotW / 2} y={height - 4} fontSize={11} textAnchor="middle" fill={colours.axis}>
            False match rate (bars), 95% interval (whiskers), pooled rate (dashed)
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
              <th scope="col">Group</th>
              <th scope="col">Impostor pairs</th>
              <th scope="col">False matches</th>
              <th scope="col">FMR</th>
              <th scope="col">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.group}>
                <th scope="row">
                  {g.group}
                  {tag(g.group) ? ` (${tag(g.group)})` : ''}
                </th>
                <td>{int(g.pairs)}</td>
                <td>{int(g.falseMatches)}</td>
                <td>{fmrText(g.fmr)}</td>
                <td>
                  {fmrText(g.ciLow)} – {fmrText(g.ciHigh)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
