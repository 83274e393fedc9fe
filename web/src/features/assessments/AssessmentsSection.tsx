/**
 * Assessment versions on record (R26): what an authorisation links. Recording one needs
 * assessments:write; the kind is chosen, never preselected.
 */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api, describeError, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { ErrorMessage, Field, formatTime, fromLocalInput, Resource } from '../../app/ui';
import { kindLabels, kindShort } from './labels';
import { assessmentKeys, useAssessments, useInvalidate, type Assessment } from './queries';

export function AssessmentsSection({ canWrite }: { canWrite: boolean }) {
  const list = useAssessments();
  return (
    <section className="card" aria-labelledby="assessments-title">
      <h2 id="assessments-title">Assessments and policy</h2>
      <p className="muted">
        The approved versions a deployment&apos;s authorisation links: data protection and equality impact assessments,
        and the force policy.
      </p>
      <Resource loaded={loadedFrom(list)} isEmpty={(l) => l.length === 0} empty="No assessment is on record yet.">
        {(rows) => (
          <table data-testid="assessments" className="fixed">
            <thead>
              <tr>
                <th scope="col" style={{ width: '7rem' }}>
                  Kind
                </th>
                <th scope="col" style={{ width: '8rem' }}>
                  Version
                </th>
                <th scope="col">Title and summary</th>
                <th scope="col" style={{ width: '13rem' }}>
                  Approved
                </th>
                <th scope="col" style={{ width: '11rem' }}>
                  Recorded by
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <abbr title={kindLabels[a.kind]}>{kindShort[a.kind]}</abbr>
                  </td>
                  <th scope="row" className="wrap">
                    {a.version}
                  </th>
                  <td className="wrap">
                    <strong>{a.title}</strong>
                    <div>{a.summary}</div>
                    {a.documentSha256 && <div className="hint">Document SHA-256 {a.documentSha256.slice(0, 16)}…</div>}
                  </td>
                  <td className="wrap">
                    {a.approvedBy}, {formatTime(a.approvedAt)}
                  </td>
                  <td className="wrap">{a.createdBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Resource>
      {canWrite && <RecordAssessment />}
    </section>
  );
}

const blank = { kind: '', version: '', title: '', summary: '', approvedBy: '', approvedAt: '', documentSha256: '' };

function RecordAssessment() {
  const [form, setForm] = useState(blank);
  const [done, setDone] = useState<string>();
  const invalidate = useInvalidate();
  const record = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/assessments', {
          body: {
            kind: form.kind as Assessment['kind'],
            version: form.version,
            title: form.title,
            summary: form.summary,
            approvedBy: form.approvedBy,
            approvedAt: fromLocalInput(form.approvedAt),
            ...(form.documentSha256 ? { documentSha256: form.documentSha256.toLowerCase() } : {}),
          },
        }),
      ),
    onSuccess: async (a) => {
      setDone(`Recorded ${kindLabels[a.kind]} version ${a.version}.`);
      setForm(blank);
      await invalidate(assessmentKeys.assessments);
    },
  });
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    record.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="record-assessment-title" className="subcard">
      <h3 id="record-assessment-title">Record an approved version</h3>
      <div className="inline">
        <Field label="Kind">
          <select value={form.kind} onChange={set('kind')} required>
            <option value="" disabled>
              Choose…
            </option>
            {(Object.keys(kindLabels) as Assessment['kind'][]).map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Version">
          <input value={form.version} onChange={set('version')} required maxLength={100} />
        </Field>
        <Field label="Title">
          <input value={form.title} onChange={set('title')} required maxLength={300} size={36} />
        </Field>
        <Field label="Approved by">
          <input value={form.approvedBy} onChange={set('approvedBy')} required maxLength={200} />
        </Field>
        <Field label="Approved on">
          <input type="datetime-local" value={form.approvedAt} onChange={set('approvedAt')} required />
        </Field>
      </div>
      <Field label="Summary">
        <textarea value={form.summary} onChange={set('summary')} required maxLength={4000} rows={2} />
      </Field>
      <Field label="Document SHA-256" hint="optional: the hash of the approved document (64 hex characters)">
        <input
          value={form.documentSha256}
          onChange={set('documentSha256')}
          pattern="[0-9a-fA-F]{64}"
          size={66}
          maxLength={64}
        />
      </Field>
      <ErrorMessage error={record.error ? describeError(record.error) : undefined} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <button type="submit" disabled={record.isPending}>
        Record assessment
      </button>
    </form>
  );
}
