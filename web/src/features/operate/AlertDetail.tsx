/**
 * One alert as the operator decides it: the face seen beside the watchlist image, name, category,
 * score against the threshold in force, camera, when first and last seen (R16 grouping), and the
 * decision (keys c, r, u act on this alert, the one shown); then the engagement officer's record,
 * with nothing preselected.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ok } from '../../api/client';
import { ErrorMessage, Field, formatTime, score, useAction } from '../../app/ui';
import type { Alert } from '../../pages/alert-stream';
import {
  decisionChoices,
  decisionLabels,
  outcomeLabels,
  shortTime,
  subjectOf,
  type Decision,
  type Outcome,
} from './labels';

export function AlertDetail({
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
  // Nothing preselected (issue 13): the officer chooses each answer.
  const [engaged, setEngaged] = useState<'' | 'yes' | 'no'>('');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
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
      const d = decisionChoices.find(([, , key]) => key === e.key.toLowerCase());
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
        Possible match: {subjectOf(alert)} <span className="muted">({alert.category})</span>
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
            <img src={`/v1/alerts/${alert.id}/reference`} alt={`watchlist image of ${subjectOf(alert)}`} />
          ) : (
            <div className="noimg">watchlist image destroyed</div>
          )}
          <figcaption>Watchlist: {subjectOf(alert)}</figcaption>
        </figure>
      </div>
      <dl className="facts two">
        <dt>Score</dt>
        <dd>
          <strong>{score(alert.score)}</strong> (threshold {score(alert.threshold)}, {alert.trackFrames} frames)
        </dd>
        <dt>First seen</dt>
        <dd>{formatTime(alert.capturedAt)}</dd>
        <dt>Seen</dt>
        <dd data-testid="alert-seen">
          {alert.seenCount === 1
            ? 'once'
            : `${alert.seenCount} times (seen again ${alert.seenCount - 1}×), last ${formatTime(alert.lastSeenAt)}; crop kept from ${shortTime(alert.bestCapturedAt)}`}
        </dd>
        <dt>Camera</dt>
        <dd>{cameraName}</dd>
        <dt>Category</dt>
        <dd>{alert.category}</dd>
        <dt>Decision</dt>
        <dd data-testid="alert-decision">
          {alert.operator
            ? `${decisionLabels[alert.operator.decision]} by ${alert.operator.by} (${(alert.operator.decisionMs / 1000).toFixed(1)} s)`
            : 'To decide'}
        </dd>
      </dl>
      {canDecide && !alert.operator && (
        <div className="decisions" role="group" aria-label="Operator decision">
          {decisionChoices.map(([d, label, key]) => (
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
          {alert.engagement.outcome ? `, ${outcomeLabels[alert.engagement.outcome].toLowerCase()}` : ''} by{' '}
          {alert.engagement.by}
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
                      ...(engaged === 'yes' && outcome ? { outcome } : {}),
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
            <select value={engaged} required onChange={(e) => setEngaged(e.target.value as typeof engaged)}>
              <option value="" disabled>
                Choose…
              </option>
              <option value="yes">Engaged</option>
              <option value="no">Not engaged</option>
            </select>
          </Field>
          {engaged === 'yes' && (
            <Field label="Outcome">
              <select value={outcome} required onChange={(e) => setOutcome(e.target.value as Outcome)}>
                <option value="" disabled>
                  Choose…
                </option>
                {(Object.entries(outcomeLabels) as [Outcome, string][]).map(([o, label]) => (
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
          <button type="submit" disabled={engage.busy || !engaged || (engaged === 'yes' && !outcome)}>
            Record engagement
          </button>
        </form>
      )}
    </article>
  );
}
