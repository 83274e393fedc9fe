/** Enrolling a subject: provenance, a category from the configured list, quality and duplicate feedback. */
import { useState, type FormEvent } from 'react';
import { ApiError, describeError, formData } from '../../api/client';
import { useLists } from '../../app/lists';
import { Link } from '../../app/router';
import { ErrorMessage, Field, score } from '../../app/ui';
import { categoryLabel, qualityReasonLabel } from './labels';
import { QualitySummary } from './QualitySummary';
import { useEnrol, type Enrolment } from './queries';

const blank = {
  reference: '',
  displayName: '',
  category: '',
  dateOfBirth: '',
  source: '',
  legalBasis: '',
  captureDate: '',
  reason: '',
  faceIndex: '',
};

export function EnrolForm() {
  const [f, setF] = useState(blank);
  const lists = useLists();
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [result, setResult] = useState<Enrolment>();
  const [refusal, setRefusal] = useState<string[]>();
  const enrol = useEnrol((err) => {
    if (err instanceof ApiError && err.code === 'quality-gate') {
      const reasons = (err.details?.['reasons'] as string[] | undefined) ?? [];
      setRefusal(reasons.map(qualityReasonLabel));
    }
  });
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  // The configured categories, and the one chosen if it is no longer configured.
  const categories = lists.data?.watchlistCategories ?? [];
  const categoryOptions = f.category && !categories.includes(f.category) ? [...categories, f.category] : categories;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setResult(undefined);
    setRefusal(undefined);
    enrol.mutate(formData({ ...f, image: file }), {
      onSuccess: (r) => {
        setResult(r);
        setF(blank);
        setFile(null);
        setFileKey((k) => k + 1);
      },
    });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="enrol-title">
      <h2 id="enrol-title">Enrol a subject</h2>
      <Field label="Reference" hint="the force’s own reference, e.g. a custody number; unique">
        <input value={f.reference} onChange={set('reference')} required maxLength={100} />
      </Field>
      <Field label="Name">
        <input value={f.displayName} onChange={set('displayName')} required maxLength={200} />
      </Field>
      <Field label="Watchlist category" hint="from the force’s configured list; optional">
        <select value={f.category} onChange={set('category')}>
          <option value="">No category</option>
          {categoryOptions.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </Field>
      {lists.error && <ErrorMessage error={`Could not load the configured categories: ${lists.error}`} />}
      <Field label="Date of birth" hint="used to block under-18 watchlist entries">
        <input type="date" value={f.dateOfBirth} onChange={set('dateOfBirth')} />
      </Field>
      <Field label="Reference image" hint="JPEG, PNG, WebP, GIF or TIFF showing the face clearly">
        <input
          key={fileKey}
          type="file"
          accept="image/*"
          required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </Field>
      <Field label="Face to enrol" hint="only when the image shows several faces: 0 is the largest, 1 the next">
        <input type="number" min="0" max="999" value={f.faceIndex} onChange={set('faceIndex')} />
      </Field>
      <Field label="Source" hint="where the image came from">
        <input value={f.source} onChange={set('source')} required maxLength={200} />
      </Field>
      <Field label="Legal basis">
        <input value={f.legalBasis} onChange={set('legalBasis')} required maxLength={200} />
      </Field>
      <Field label="Capture date">
        <input type="date" value={f.captureDate} onChange={set('captureDate')} />
      </Field>
      <Field label="Reason for adding">
        <textarea value={f.reason} onChange={set('reason')} required maxLength={500} rows={2} />
      </Field>
      {refusal && (
        <div className="banner banner-warn" role="alert">
          <strong>Image refused by the quality gates.</strong>
          <ul>
            {refusal.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          Use a sharper, frontal, well-lit image.
        </div>
      )}
      {!refusal && enrol.error && <ErrorMessage error={describeError(enrol.error)} />}
      <button type="submit" disabled={enrol.isPending || !file}>
        {enrol.isPending ? 'Enrolling…' : 'Enrol'}
      </button>
      {result && <EnrolResult result={result} />}
    </form>
  );
}

function EnrolResult({ result }: { result: Enrolment }) {
  return (
    <div className="result" role="status">
      <p className="ok">
        Enrolled <Link to={`/gallery/${result.subject.id}`}>{result.subject.reference}</Link>.{' '}
        {result.images[0] && <QualitySummary quality={result.images[0].quality} />}
      </p>
      {result.possibleDuplicates.length > 0 && (
        <div className="banner banner-warn" role="alert" data-testid="duplicate-warning">
          <strong>Possible duplicate.</strong> This face reaches the match threshold ({score(result.threshold)})
          against:
          <ul>
            {result.possibleDuplicates.map((d) => (
              <li key={d.subjectId}>
                <Link to={`/gallery/${d.subjectId}`}>{d.reference}</Link> (score {score(d.score)})
              </li>
            ))}
          </ul>
          Check before relying on either record.
        </div>
      )}
    </div>
  );
}
