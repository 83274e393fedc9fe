/** Uploading a probe image or video into the case (never into the gallery, R33). */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, asIs, describeError, formData, ok } from '../../api/client';
import { useLists } from '../../app/lists';
import { ErrorMessage, Field } from '../../app/ui';
import { provenanceLabel } from './labels';
import type { Probe } from './queries';

export function UploadProbe({
  caseId,
  onUploaded,
}: {
  caseId: string;
  onUploaded: (p: Probe, warnings: readonly string[]) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const lists = useLists();
  const provenances = lists.data?.probeProvenances ?? [];
  // No preselected provenance: the investigator says where the probe came from.
  const [provenance, setProvenance] = useState('');
  const [description, setDescription] = useState('');
  const upload = useMutation({
    mutationFn: (f: File) =>
      ok(
        api.POST('/v1/cases/{caseId}/probes', {
          params: { path: { caseId } },
          body: formData({ file: f, provenance, description }) as never,
          bodySerializer: asIs,
        }),
      ),
    onSuccess: (r) => onUploaded(r.probe, r.warnings),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="upload-probe">
      <h3 id="upload-probe">Upload a probe</h3>
      <p className="muted">Probes stay in this case: they are never added to the gallery.</p>
      <Field label="Probe image or video">
        <input type="file" accept="image/*,video/*" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Field>
      <Field label="Provenance" hint="where the probe came from">
        <select value={provenance} required onChange={(e) => setProvenance(e.target.value)}>
          <option value="" disabled>
            Choose where it came from…
          </option>
          {provenances.map((p) => (
            <option key={p} value={p}>
              {provenanceLabel(p)}
            </option>
          ))}
        </select>
      </Field>
      {lists.error && <ErrorMessage error={`Could not load the configured provenances: ${lists.error}`} />}
      <Field label="Description">
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
      </Field>
      <ErrorMessage error={upload.error ? describeError(upload.error) : undefined} />
      <button type="submit" disabled={upload.isPending || !file || !provenance}>
        {upload.isPending ? 'Uploading and analysing…' : 'Upload probe'}
      </button>
    </form>
  );
}
