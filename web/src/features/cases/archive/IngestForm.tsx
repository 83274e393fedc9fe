/** Asking the server to ingest a folder of seized footage into the case's archive. */
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../../api/client';
import { useLists } from '../../../app/lists';
import { ErrorMessage, Field, useAction } from '../../../app/ui';
import { provenanceLabel } from '../labels';
import type { Batch, Provenance } from './common';

export function IngestForm({ caseId, onIngested }: { caseId: string; onIngested: (b: Batch) => void }) {
  const lists = useLists();
  const provenances = lists.data?.probeProvenances ?? [];
  const [chosen, setChosen] = useState('');
  // The first configured provenance until the user picks one.
  const provenance = (chosen || provenances[0] || '') as Provenance;
  const [folder, setFolder] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const b = await ok(
        api.POST('/v1/cases/{caseId}/archive/ingest', {
          params: { path: { caseId } },
          body: { folder: folder.trim(), provenance },
        }),
      );
      setFolder('');
      onIngested(b);
    });
  };
  return (
    <form className="archive-ingest" onSubmit={submit} aria-labelledby="ingest-title">
      <h3 id="ingest-title">Ingest a folder</h3>
      <p className="muted">Every image and video under the folder is indexed; a file the case already holds is not.</p>
      <Field label="Folder on the server" hint="an absolute path inside one of the configured archive roots">
        <input
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          required
          maxLength={4096}
          spellCheck={false}
        />
      </Field>
      <Field label="Where the footage came from" hint="its provenance, recorded with every file">
        <select value={provenance} required onChange={(e) => setChosen(e.target.value)}>
          {provenances.map((p) => (
            <option key={p} value={p}>
              {provenanceLabel(p)}
            </option>
          ))}
        </select>
      </Field>
      {lists.error && <ErrorMessage error={`Could not load the configured provenances: ${lists.error}`} />}
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || !folder.trim() || !provenance}>
        {busy ? 'Requesting…' : 'Ingest folder'}
      </button>
    </form>
  );
}
