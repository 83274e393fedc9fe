/**
 * Bias reports (R27): each stored report with the model and thresholds it measured and whether its
 * attestation verifies; storing one takes the signed JSON file that `vigil eval demographics`
 * writes, sent as it is. A refusal is shown in words, by its code.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, ok } from '../../api/client';
import { measuredPointLabel } from '../../app/labels';
import { loadedFrom } from '../../app/loaded';
import { ErrorMessage, Field, formatTime, Resource } from '../../app/ui';
import { biasRefusals, refusal, threshold4 } from './labels';
import { assessmentKeys, useBiasReports, useInvalidate } from './queries';

export function BiasReportsSection({ canWrite }: { canWrite: boolean }) {
  const reports = useBiasReports();
  return (
    <section className="card" aria-labelledby="bias-reports-title">
      <h2 id="bias-reports-title">Bias reports</h2>
      <p className="muted">
        Demographic evaluations of a model at the thresholds it measured. Only a report signed by this
        installation&apos;s evaluation and unchanged since counts towards an authorisation or a threshold change.
      </p>
      <Resource loaded={loadedFrom(reports)} isEmpty={(l) => l.length === 0} empty="No bias report is stored yet.">
        {(rows) => (
          <table data-testid="bias-reports">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Measured</th>
                <th scope="col">Dataset</th>
                <th scope="col">Thresholds measured</th>
                <th scope="col">Attestation</th>
                <th scope="col">Stored</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className="wrap">
                    {r.modelId}
                  </th>
                  <td>{formatTime(r.measuredAt)}</td>
                  <td className="wrap">{r.dataset}</td>
                  <td>
                    <ul className="plain">
                      {[...r.thresholds]
                        .sort((a, b) => a.value - b.value)
                        .map((t) => (
                          <li key={t.id}>
                            {threshold4(t.value)} <span className="hint">({measuredPointLabel(t.id)})</span>
                          </li>
                        ))}
                    </ul>
                  </td>
                  <td>
                    {r.verified ? (
                      <span className="chip tone-ok">Verified</span>
                    ) : (
                      <span className="chip tone-warn">Does not verify: not counted</span>
                    )}
                  </td>
                  <td>
                    {formatTime(r.storedAt)} by {r.storedBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Resource>
      {canWrite && <StoreReport />}
    </section>
  );
}

function StoreReport() {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string>();
  const invalidate = useInvalidate();
  const store = useMutation({
    mutationFn: async (f: File) => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await f.text()) as Record<string, unknown>;
      } catch {
        throw new Error(
          `${f.name} is not a JSON file: choose the .json report that \`vigil eval demographics\` wrote.`,
        );
      }
      return ok(api.POST('/v1/bias-reports', { body }));
    },
    onSuccess: async (r) => {
      setDone(`Stored the bias report for ${r.modelId}; its attestation verified.`);
      setFile(null);
      if (input.current) input.current.value = '';
      await invalidate(assessmentKeys.biasReports, assessmentKeys.thresholds);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    if (file) store.mutate(file);
  };
  return (
    <form onSubmit={submit} className="subcard" aria-labelledby="store-report-title">
      <h3 id="store-report-title">Store a signed report</h3>
      <Field label="Report file" hint="the demographics-<model>.json that `vigil eval demographics` wrote, unchanged">
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          onChange={(e) => {
            setDone(undefined);
            store.reset();
            setFile(e.target.files?.[0] ?? null);
          }}
        />
      </Field>
      <ErrorMessage error={store.error ? refusal(store.error, biasRefusals) : undefined} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <button type="submit" disabled={!file || store.isPending}>
        Store report
      </button>
    </form>
  );
}
