/**
 * The threshold policy (R14, R27): the threshold in force for the model in use, its calibrated
 * floor and operating point, the history of changes, and (thresholds:change) a stricter threshold
 * with its reason. The server refuses one that no current verified bias report measured; the
 * measured points are offered here so the administrator sees which would be accepted.
 */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ok } from '../../api/client';
import { measuredPointLabel } from '../../app/labels';
import { loadedFrom } from '../../app/loaded';
import { ErrorMessage, Field, formatTime, Resource } from '../../app/ui';
import { refusal, threshold4, thresholdRefusals } from './labels';
import { assessmentKeys, useBiasReports, useInvalidate, useThresholds } from './queries';

export function ThresholdsSection({ canChange }: { canChange: boolean }) {
  const thresholds = useThresholds();
  return (
    <section className="card" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">Match threshold</h2>
      <Resource loaded={loadedFrom(thresholds)}>
        {(t) => (
          <>
            <dl className="facts" data-testid="threshold-in-force">
              <dt>Model</dt>
              <dd className="wrap">{t.modelId}</dd>
              <dt>Threshold in force</dt>
              <dd>
                <strong>{threshold4(t.threshold)}</strong>
              </dd>
              <dt>Calibrated floor</dt>
              <dd>
                {threshold4(t.floor)} <span className="hint">(operating false match rate {t.operatingFmr})</span>
              </dd>
            </dl>
            <h3>Changes</h3>
            {t.history.length === 0 ? (
              <p className="empty">No change on record: the calibrated threshold applies.</p>
            ) : (
              <table data-testid="threshold-history">
                <thead>
                  <tr>
                    <th scope="col">Set</th>
                    <th scope="col">Threshold</th>
                    <th scope="col">By</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {t.history.map((h) => (
                    <tr key={`${h.setAt}-${h.threshold}`}>
                      <td>{formatTime(h.setAt)}</td>
                      <td>{threshold4(h.threshold)}</td>
                      <td>{h.setBy}</td>
                      <td className="wrap">{h.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {canChange && <ChangeThreshold modelId={t.modelId} current={t.threshold} floor={t.floor} />}
          </>
        )}
      </Resource>
    </section>
  );
}

function ChangeThreshold({ modelId, current, floor }: { modelId: string; current: number; floor: number }) {
  const reports = useBiasReports();
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const invalidate = useInvalidate();
  const measured = (reports.data ?? [])
    .filter((r) => r.verified && r.modelId === modelId)
    .flatMap((r) => r.thresholds)
    .filter((t) => t.value >= floor)
    .sort((a, b) => a.value - b.value);
  const change = useMutation({
    mutationFn: () => ok(api.POST('/v1/thresholds', { body: { threshold: Number(value), reason } })),
    onSuccess: async (r) => {
      setDone(`The threshold for ${r.modelId} is now ${threshold4(r.threshold)}, for new deployments and searches.`);
      setValue('');
      setReason('');
      await invalidate(assessmentKeys.thresholds);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    change.mutate();
  };
  const n = Number(value);
  return (
    <form onSubmit={submit} className="subcard" aria-labelledby="change-threshold-title">
      <h3 id="change-threshold-title">Set a stricter threshold</h3>
      <p className="muted">
        Applies at once to new deployments and searches (each keeps the threshold it was made with). It must be at or
        above the floor, and a current verified bias report must have measured it.
      </p>
      {measured.length > 0 ? (
        <div className="actions" aria-label="Thresholds measured by a verified bias report">
          <span>Measured:</span>
          {measured.map((t) => (
            <button
              key={`${t.id}-${t.value}`}
              type="button"
              className="secondary small"
              onClick={() => setValue(threshold4(t.value))}
            >
              {threshold4(t.value)} ({measuredPointLabel(t.id)})
            </button>
          ))}
        </div>
      ) : (
        <p className="notice">No verified bias report measured this model at or above the floor yet.</p>
      )}
      <div className="inline">
        <Field label="New threshold" hint={`at least ${threshold4(floor)}; now ${threshold4(current)}`}>
          <input
            type="number"
            step="0.0001"
            min={-1}
            max={1}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            required
          />
        </Field>
      </div>
      <Field label="Reason for the change" hint="kept with the change and in the audit log; at least 10 characters">
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={10} rows={2} />
      </Field>
      <ErrorMessage error={change.error ? refusal(change.error, thresholdRefusals) : undefined} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <button type="submit" disabled={change.isPending || value === '' || reason.trim().length < 10}>
        {value !== '' && Number.isFinite(n)
          ? `Change the threshold from ${threshold4(current)} to ${threshold4(n)}`
          : 'Change the threshold'}
      </button>
    </form>
  );
}
