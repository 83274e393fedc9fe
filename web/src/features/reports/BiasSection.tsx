/** The bias evaluation of each model in use: per-group false match rates and the thresholds in use (R27). */
import { measuredPointLabel } from '../../app/labels';
import { formatTime } from '../../app/ui';
import { BiasChart } from './BiasChart';
import { fmrText, type Report } from './format';
import { thresholdUseLabels } from './labels';

export function BiasSection({ r }: { r: Report }) {
  return (
    <section className="card" aria-labelledby="bias-title">
      <h2 id="bias-title">Bias evaluation: false match rates by group</h2>
      <p className="muted">
        A laboratory measurement on a labelled test set at the operating threshold (R27), not a count of false alerts.
      </p>
      {r.biasReports.length === 0 && <p className="empty">No model was in use, so there is no bias evaluation.</p>}
      {r.biasReports.map((b) => (
        <div key={b.modelId} className="subcard" data-testid="bias-report">
          <h3>Model {b.modelId}</h3>
          {b.available ? (
            <>
              <p>
                Measured {formatTime(b.measuredAt)} on {b.dataset}
                {b.operatingFmr ? `; threshold calibrated for FMR ${b.operatingFmr}` : ''}; pooled FMR{' '}
                {fmrText(b.pooledFmr)}; intervals: {b.ciMethod}.
              </p>
              {b.worstGroup && b.bestGroup && (
                <p data-testid="bias-callout">
                  Highest false match rate: <strong>{b.worstGroup}</strong>; lowest: <strong>{b.bestGroup}</strong>
                  {b.worstToBestRatio !== null
                    ? `; ${b.worstToBestRatio.toFixed(1)} times as high`
                    : '; the lowest group had no false match'}
                  {b.conservativeRatio !== null
                    ? ` (at least ${b.conservativeRatio.toFixed(1)} times against the lowest group’s upper bound)`
                    : ''}
                  .
                </p>
              )}
              {b.groups.length === 0 ? <p className="empty">The report measured no groups.</p> : <BiasChart b={b} />}
            </>
          ) : (
            <p className="notice">No bias evaluation available: {b.reason}</p>
          )}
          {b.thresholdsInUse.length > 0 && (
            <ul className="plain">
              {b.thresholdsInUse.map((t) => (
                <li key={`${t.use}-${t.threshold}`}>
                  {thresholdUseLabels[t.use].name} threshold {t.threshold.toFixed(4)}, used by {t.count}{' '}
                  {thresholdUseLabels[t.use].unit}
                  {t.count === 1 ? '' : t.use === 'live' ? 's' : 'es'}:{' '}
                  {t.measuredAs ? (
                    `measured (${measuredPointLabel(t.measuredAs)})`
                  ) : (
                    <span className="warn">not measured by the bias evaluation</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
