/** The investigator's list of cases, and the form to open one (R31, R32). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, describeError, ok } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { useLists } from '../../app/lists';
import { Link, useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime, Resource } from '../../app/ui';
import { caseStatusLabel, offenceLabel } from './labels';
import { caseKeys, useCases } from './queries';

export function CasesPage() {
  const { can } = useSession();
  const cases = useCases();
  return (
    <section className="page">
      <h1>Investigations</h1>
      <div className="columns">
        <Resource loaded={loadedFrom(cases)} isEmpty={(d) => d.cases.length === 0} empty="No cases yet.">
          {(d) => (
            <table>
              <caption>Cases, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Title</th>
                  <th scope="col">Offence</th>
                  <th scope="col">Status</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {d.cases.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/cases/${c.id}`}>{c.reference}</Link>
                    </td>
                    <td>{c.title}</td>
                    <td>{offenceLabel(c.offenceType)}</td>
                    <td>{caseStatusLabel(c.status)}</td>
                    <td>
                      {formatTime(c.createdAt)} by {c.createdBy}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Resource>
        {can('cases:write') && <OpenCase />}
      </div>
    </section>
  );
}

function OpenCase() {
  const { navigate } = useRouter();
  const client = useQueryClient();
  const lists = useLists();
  const offenceTypes = lists.data?.offenceTypes ?? [];
  const [f, setF] = useState({ reference: '', offenceType: '', title: '', authorisationRef: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const create = useMutation({
    mutationFn: () =>
      ok(api.POST('/v1/cases', { body: { ...f, authorisationRef: f.authorisationRef.trim() || undefined } })),
    onSuccess: async (c) => {
      await client.invalidateQueries({ queryKey: caseKeys.list });
      navigate(`/cases/${c.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-case">
      <h2 id="new-case">Open a case</h2>
      <Field label="Case reference">
        <input value={f.reference} onChange={set('reference')} required maxLength={100} />
      </Field>
      <Field label="Offence type" hint="one of the force’s configured offence types">
        <input value={f.offenceType} onChange={set('offenceType')} required list="offence-types" />
      </Field>
      <datalist id="offence-types">
        {offenceTypes.map((o) => (
          <option key={o} value={o} label={offenceLabel(o)} />
        ))}
      </datalist>
      {lists.error && <ErrorMessage error={`Could not load the configured offence types: ${lists.error}`} />}
      <Field label="Title">
        <input value={f.title} onChange={set('title')} required maxLength={200} />
      </Field>
      <Field label="Authorisation reference" hint="where policy requires one for this offence type">
        <input value={f.authorisationRef} onChange={set('authorisationRef')} maxLength={100} />
      </Field>
      <ErrorMessage error={create.error ? describeError(create.error) : undefined} />
      <button type="submit" disabled={create.isPending}>
        Open case
      </button>
    </form>
  );
}
