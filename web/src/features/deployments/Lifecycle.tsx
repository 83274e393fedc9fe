/**
 * Authorisation and operation: authorise (R1, R30), refuse or withdraw (R20: every input and output
 * deleted), start, stop (R10: the watchlist is destroyed) and the post-deployment review (R6).
 * Each irreversible step asks for confirmation with a reason, which the server records.
 */
import { useState } from 'react';
import { api, ok, type Schemas } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime, useAction, useLoad } from '../../app/ui';
import { Confirm } from '../users/Confirm';
import '../admin.css';
import { closeReasonLabel } from './labels';

type Deployment = Schemas['Deployment'];

export function Lifecycle({ d, onChange }: { d: Deployment; onChange: () => void }) {
  const { can } = useSession();
  const path = { params: { path: { id: d.id } } };
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState<'stop' | 'refuse'>();
  const act = useAction();
  const mayAuthorise = can('deployments:authorise') && d.status === 'draft';
  const mayRefuse = can('deployments:authorise') && ['draft', 'authorised', 'live'].includes(d.status);
  const check = useLoad(
    () =>
      mayAuthorise ? ok(api.GET('/v1/deployments/{id}/authorisation-check', path)) : Promise.resolve({ problems: [] }),
    [d.id, d.status, mayAuthorise],
  );
  const run = (f: () => Promise<unknown>) =>
    void act.run(async () => {
      await f();
      setAsking(undefined);
      onChange();
    });
  const withdraw = d.status === 'draft' ? 'Refuse authorisation' : 'Withdraw authorisation';
  return (
    <section className="card" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">Authorisation and operation</h2>
      {mayAuthorise && (
        <div>
          {check.data && check.data.problems.length > 0 && (
            <div className="banner banner-warn" role="status">
              <strong>Not ready to authorise:</strong>
              <ul>
                {check.data.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
          <Field label="Authorisation note" hint="why this deployment is necessary and proportionate">
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </Field>
          <button
            type="button"
            disabled={act.busy || !note.trim()}
            onClick={() => run(() => ok(api.POST('/v1/deployments/{id}/authorise', { ...path, body: { note } })))}
          >
            Authorise deployment
          </button>
        </div>
      )}
      <div className="actions">
        {can('deployments:operate') && d.status === 'authorised' && (
          <button
            type="button"
            disabled={act.busy}
            onClick={() => run(() => ok(api.POST('/v1/deployments/{id}/start', { ...path, body: {} })))}
          >
            Start deployment
          </button>
        )}
        {d.status === 'live' && can('alerts:read') && <Link to={`/operate/${d.id}`}>Open the operator view</Link>}
        {can('deployments:operate') && d.status === 'live' && !asking && (
          <button type="button" className="danger" disabled={act.busy} onClick={() => setAsking('stop')}>
            Stop deployment…
          </button>
        )}
        {mayRefuse && !asking && (
          <button type="button" className="danger secondary" disabled={act.busy} onClick={() => setAsking('refuse')}>
            {withdraw}…
          </button>
        )}
      </div>
      {asking === 'stop' && (
        <Confirm
          title={`Stop ${d.name}?`}
          confirmLabel="Stop and close the deployment"
          reason="required"
          danger
          busy={act.busy}
          error={act.error}
          onCancel={() => setAsking(undefined)}
          onConfirm={(reason) => run(() => ok(api.POST('/v1/deployments/{id}/stop', { ...path, body: { reason } })))}
        >
          <p>
            Matching stops on every camera and the deployment closes. The watchlist’s images and templates are destroyed
            (its membership manifest is kept); this cannot be undone. Alerts stay for their retention window.
          </p>
        </Confirm>
      )}
      {asking === 'refuse' && (
        <Confirm
          title={`${withdraw} for ${d.name}?`}
          confirmLabel={withdraw}
          reason="required"
          danger
          busy={act.busy}
          error={act.error}
          onCancel={() => setAsking(undefined)}
          onConfirm={(reason) => run(() => ok(api.POST('/v1/deployments/{id}/refuse', { ...path, body: { reason } })))}
        >
          <p>
            R20: use stops at once and every input and output is deleted: the watchlist’s biometric copies and every
            alert with its images. The manifest and the audit trail remain. Give the reason (at least 10 characters);
            this cannot be undone.
          </p>
        </Confirm>
      )}
      {can('deployments:authorise') && d.status === 'closed' && <Review d={d} busy={act.busy} run={run} />}
      {d.status === 'reviewed' && <p>Reviewed by {d.reviewedBy}.</p>}
      {d.closedAt && (
        <p className="muted" data-testid="closed">
          Closed {formatTime(d.closedAt)} ({d.closeReason ? closeReasonLabel(d.closeReason) : 'closed'}).
        </p>
      )}
      {!mayAuthorise && d.status === 'draft' && (
        <p className="muted">Waiting for authorisation by an authorising officer.</p>
      )}
      {!asking && <ErrorMessage error={act.error} />}
    </section>
  );
}

function Review({ d, busy, run }: { d: Deployment; busy: boolean; run: (f: () => Promise<unknown>) => void }) {
  const [summary, setSummary] = useState('');
  const [arrests, setArrests] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        run(() =>
          ok(
            api.POST('/v1/deployments/{id}/review', {
              params: { path: { id: d.id } },
              body: { summary, ...(arrests ? { arrestsOrDisposals: Number(arrests) } : {}) },
            }),
          ),
        );
      }}
    >
      <h3>Post-deployment review</h3>
      <Field label="Review summary">
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} required rows={3} />
      </Field>
      <Field label="Arrests or disposals">
        <input type="number" min="0" value={arrests} onChange={(e) => setArrests(e.target.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        Record review
      </button>
    </form>
  );
}
