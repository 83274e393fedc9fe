/** The deployment draft: every R1 field, for a new draft and for editing one. */
import { useState, type FormEvent } from 'react';
import { api, ok, type paths, type Schemas } from '../../api/client';
import { useLists } from '../../app/lists';
import { useRouter } from '../../app/router';
import { ErrorMessage, Field, fromLocalInput, toLocalInput, useAction } from '../../app/ui';

type Deployment = Schemas['Deployment'];
type DraftBody = paths['/v1/deployments']['post']['requestBody']['content']['application/json'];

function draftFrom(d?: Deployment) {
  const now = new Date();
  return {
    name: d?.name ?? '',
    type: d?.type ?? 'overt LFR',
    policingObjective: d?.policingObjective ?? '',
    intelligenceCase: d?.intelligenceCase ?? '',
    locationName: d?.locationName ?? '',
    locationBoundary: d?.locationBoundary ?? '',
    locationReason: d?.locationReason ?? '',
    plannedStart: toLocalInput(d ? new Date(d.plannedStart) : now),
    plannedEnd: toLocalInput(d ? new Date(d.plannedEnd) : new Date(now.getTime() + 4 * 3600_000)),
    categories: d?.categories ?? [],
    cameraCount: String(d?.cameraCount ?? 1),
    plannedFootfall: String(d?.plannedFootfall ?? 0),
    threshold: d ? d.threshold.toFixed(4) : '',
    dpiaVersion: d?.dpiaVersion ?? '',
    eiaVersion: d?.eiaVersion ?? '',
    policyVersion: d?.policyVersion ?? '',
    noticePublishedAt: d?.notice.publishedAt ? toLocalInput(new Date(d.notice.publishedAt)) : '',
    signage: d?.notice.signage ?? '',
    exception: d?.notice.exception ?? '',
  };
}
type Draft = ReturnType<typeof draftFrom>;

function bodyOf(f: Draft): DraftBody {
  return {
    name: f.name,
    type: f.type,
    policingObjective: f.policingObjective,
    intelligenceCase: f.intelligenceCase,
    locationName: f.locationName,
    locationBoundary: f.locationBoundary,
    locationReason: f.locationReason,
    plannedStart: fromLocalInput(f.plannedStart),
    plannedEnd: fromLocalInput(f.plannedEnd),
    categories: f.categories,
    cameraCount: Number(f.cameraCount),
    plannedFootfall: Number(f.plannedFootfall),
    ...(f.threshold.trim() ? { threshold: Number(f.threshold) } : {}),
    dpiaVersion: f.dpiaVersion,
    eiaVersion: f.eiaVersion,
    policyVersion: f.policyVersion,
    notice: {
      ...(f.noticePublishedAt ? { publishedAt: fromLocalInput(f.noticePublishedAt) } : {}),
      ...(f.signage.trim() ? { signage: f.signage } : {}),
      ...(f.exception.trim() ? { exception: f.exception } : {}),
    },
  };
}

function DraftFields({ f, setF }: { f: Draft; setF: (f: Draft) => void }) {
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const toggle = (c: string) =>
    setF({ ...f, categories: f.categories.includes(c) ? f.categories.filter((x) => x !== c) : [...f.categories, c] });
  const lists = useLists();
  // The configured categories, and any the draft already has that are no longer configured.
  const categoryOptions = [
    ...(lists.data?.watchlistCategories ?? []),
    ...f.categories.filter((c) => !lists.data?.watchlistCategories.includes(c)),
  ];
  return (
    <>
      <Field label="Name">
        <input value={f.name} onChange={set('name')} required maxLength={200} />
      </Field>
      <Field label="Type" hint="the published type, e.g. overt LFR, van-mounted (overt only)">
        <input value={f.type} onChange={set('type')} required maxLength={200} />
      </Field>
      <Field label="Policing objective">
        <textarea value={f.policingObjective} onChange={set('policingObjective')} rows={2} maxLength={2000} />
      </Field>
      <Field label="Intelligence case">
        <textarea value={f.intelligenceCase} onChange={set('intelligenceCase')} rows={2} maxLength={4000} />
      </Field>
      <Field label="Location">
        <input value={f.locationName} onChange={set('locationName')} maxLength={200} />
      </Field>
      <Field label="Location boundary">
        <input value={f.locationBoundary} onChange={set('locationBoundary')} maxLength={1000} />
      </Field>
      <Field label="Why watchlisted people may be expected there">
        <textarea value={f.locationReason} onChange={set('locationReason')} rows={2} maxLength={2000} />
      </Field>
      <Field label="Planned start">
        <input type="datetime-local" value={f.plannedStart} onChange={set('plannedStart')} required />
      </Field>
      <Field label="Planned end">
        <input type="datetime-local" value={f.plannedEnd} onChange={set('plannedEnd')} required />
      </Field>
      <fieldset>
        <legend>Watchlist categories</legend>
        {lists.error && <ErrorMessage error={`Could not load the configured categories: ${lists.error}`} />}
        {!lists.data && !lists.error && <p className="muted">Loading the configured categories…</p>}
        {categoryOptions.map((c) => (
          <label key={c} className="radio">
            <input type="checkbox" checked={f.categories.includes(c)} onChange={() => toggle(c)} /> {c}
          </label>
        ))}
      </fieldset>
      <Field label="Cameras">
        <input type="number" min="0" max="64" value={f.cameraCount} onChange={set('cameraCount')} />
      </Field>
      <Field label="Planned footfall" hint="people expected to pass: drives the false-alert forecast">
        <input type="number" min="0" value={f.plannedFootfall} onChange={set('plannedFootfall')} />
      </Field>
      <Field label="Threshold" hint="empty: the calibrated threshold in force">
        <input type="number" step="0.0001" min="-1" max="1" value={f.threshold} onChange={set('threshold')} />
      </Field>
      <Field label="DPIA version">
        <input value={f.dpiaVersion} onChange={set('dpiaVersion')} maxLength={100} />
      </Field>
      <Field label="Equality impact assessment version">
        <input value={f.eiaVersion} onChange={set('eiaVersion')} maxLength={100} />
      </Field>
      <Field label="Policy version">
        <input value={f.policyVersion} onChange={set('policyVersion')} maxLength={100} />
      </Field>
      <Field label="Public notice published">
        <input type="datetime-local" value={f.noticePublishedAt} onChange={set('noticePublishedAt')} />
      </Field>
      <Field label="Signage">
        <input value={f.signage} onChange={set('signage')} maxLength={500} />
      </Field>
      <Field label="Notice exception" hint="only when there is no notice or signage: why">
        <input value={f.exception} onChange={set('exception')} maxLength={1000} />
      </Field>
    </>
  );
}

export function DraftForm() {
  const { navigate } = useRouter();
  const [f, setF] = useState(() => draftFrom());
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const d = await ok(api.POST('/v1/deployments', { body: bodyOf(f) }));
      navigate(`/deployments/${d.id}`);
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="draft-title">
      <h2 id="draft-title">Draw up a deployment</h2>
      <DraftFields f={f} setF={setF} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        Save draft
      </button>
    </form>
  );
}

export function EditDraft({ d, onSaved }: { d: Deployment; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [f, setF] = useState(() => draftFrom(d));
  const { busy, error, run } = useAction();
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Edit draft
      </button>
    );
  }
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await ok(api.PATCH('/v1/deployments/{id}', { params: { path: { id: d.id } }, body: bodyOf(f) }));
          setOpen(false);
          onSaved();
        });
      }}
    >
      <h2>Edit draft</h2>
      <DraftFields f={f} setF={setF} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy}>
        Save changes
      </button>
    </form>
  );
}
