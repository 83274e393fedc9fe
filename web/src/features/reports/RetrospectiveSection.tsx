/** Retrospective searches (RFR) in the period by offence type, with hit rates. */
import { colours, pct, type Report } from './format';
import { listValue } from './labels';

export function RetrospectiveSection({ r }: { r: Report }) {
  const t = r.retrospective.totals;
  return (
    <section className="card" aria-labelledby="rfr-title">
      <h2 id="rfr-title">Retrospective searches (RFR) by offence type</h2>
      {t.searches === 0 ? (
        <p className="empty" data-testid="no-searches">
          No RFR searches in this period.
        </p>
      ) : (
        <table data-testid="by-offence">
          <caption>
            {t.searches} search{t.searches === 1 ? '' : 'es'}; hit rate: searches with a candidate accepted as a lead
          </caption>
          <thead>
            <tr>
              <th scope="col">Offence type</th>
              <th scope="col">Searches</th>
              <th scope="col">With a possible match</th>
              <th scope="col">With an accepted lead</th>
              <th scope="col">Hit rate</th>
              <th scope="col">Supervisor reviewed</th>
            </tr>
          </thead>
          <tbody>
            {r.retrospective.byOffenceType.map((o) => (
              <tr key={o.offenceType}>
                <th scope="row">{listValue(o.offenceType)}</th>
                <td>{o.searches}</td>
                <td>
                  {o.withPossibleMatch} ({pct(o.possibleMatchRate)})
                </td>
                <td>{o.withAcceptedLead}</td>
                <td>
                  <RateBar rate={o.acceptedLeadRate} />
                </td>
                <td>{o.supervisorReviewed}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">All offences</th>
              <td>{t.searches}</td>
              <td>
                {t.withPossibleMatch} ({pct(t.possibleMatchRate)})
              </td>
              <td>{t.withAcceptedLead}</td>
              <td>
                <RateBar rate={t.acceptedLeadRate} />
              </td>
              <td>{t.supervisorReviewed}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A rate as text with a small bar beside it (decorative: the text carries it). */
function RateBar({ rate }: { rate: number | null }) {
  return (
    <span className="rate">
      <svg width={60} height={10} aria-hidden="true" focusable="false">
        <rect x={0} y={0} width={60} height={10} fill="#e3e8ed" />
        <rect x={0} y={0} width={Math.round((rate ?? 0) * 60)} height={10} fill={colours.alerts} />
      </svg>{' '}
      {pct(rate)}
    </span>
  );
}
