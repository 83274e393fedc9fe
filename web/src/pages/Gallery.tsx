/** The reference gallery: subjects with search, subject detail with images, quality and provenance; enrolment. */
import { useState, type FormEvent } from 'react';
import { api, ApiError, asIs, formData, ok, type Schemas } from '../api/client';
import { useLists } from '../app/lists';
import { Link, useRouter } from '../app/router';
import { useSession } from '../app/session';
import { ErrorMessage, Field, formatTime, Resource, score, useAction, useLoad } from '../app/ui';

type Quality = Schemas['ReferenceImage']['quality'];

const reasonText: Record<string, string> = {
  'too-small': 'the face is too small (eyes too close together in pixels)',
  yaw: 'the head is turned too far sideways',
  pitch: 'the head is tilted too far up or down',
  blurred: 'the image is too blurred',
  'too-dark': 'the image is too dark',
  'too-bright': 'the image is too bright',
};

export function QualitySummary({ quality }: { quality: Quality }) {
  return (
    <span className={quality.passed ? 'ok' : 'warn'}>
      {quality.passed
        ? 'Quality passed'
        : `Quality failed: ${quality.reasons.map((r) => reasonText[r] ?? r).join(', ')}`}{' '}
      (eyes {quality.interOcularPx.toFixed(0)} px apart, yaw {quality.yawDeg.toFixed(0)}°, pitch{' '}
      {quality.pitchDeg.toFixed(0)}
      °, sharpness {quality.sharpness.toFixed(0)}, brightness {quality.brightness.toFixed(0)})
    </span>
  );
}

export function GalleryPage() {
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const limit = 25;
  const list = useLoad(
    () => ok(api.GET('/v1/gallery/subjects', { params: { query: { limit, offset, ...(query ? { q: query } : {}) } } })),
    [query, offset],
  );
  const stats = useLoad(() => ok(api.GET('/v1/gallery/stats')), []);
  return (
    <section className="page">
      <h1>Reference gallery</h1>
      {stats.data && (
        <p className="muted">
          {stats.data.subjects} subjects, {stats.data.images} images, {stats.data.indexed} templates searchable (model{' '}
          {stats.data.modelId})
        </p>
      )}
      <div className="columns">
        <div>
          <form
            className="inline"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setOffset(0);
              setQuery(q.trim());
            }}
          >
            <Field label="Search subjects">
              <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="reference or name" />
            </Field>
            <button type="submit">Search</button>
          </form>
          <Resource
            loaded={list}
            isEmpty={(d) => d.subjects.length === 0}
            empty={query ? `No subject matches “${query}”.` : 'The gallery is empty: enrol the first subject.'}
          >
            {(d) => (
              <>
                <table>
                  <caption>
                    {d.total} subject{d.total === 1 ? '' : 's'}
                    {query ? ` matching “${query}”` : ''}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Reference</th>
                      <th scope="col">Name</th>
                      <th scope="col">Category</th>
                      <th scope="col">Images</th>
                      <th scope="col">Enrolled</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.subjects.map((s) => (
                      <tr key={s.id}>
                        <td>
                          <Link to={`/gallery/${s.id}`}>{s.reference}</Link>
                        </td>
                        <td>{s.displayName}</td>
                        <td>{s.category ?? '—'}</td>
                        <td>{s.imageCount}</td>
                        <td>
                          {formatTime(s.createdAt)} by {s.createdBy}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="pager">
                  <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
                    Previous
                  </button>
                  <button type="button" disabled={offset + limit >= d.total} onClick={() => setOffset(offset + limit)}>
                    Next
                  </button>
                </div>
              </>
            )}
          </Resource>
        </div>
        {can('gallery:enrol') && (
          <EnrolForm
            onEnrolled={() => {
              list.reload();
              stats.reload();
            }}
          />
        )}
      </div>
    </section>
  );
}

type Enrolment = Awaited<ReturnType<typeof enrol>>;

function enrol(form: FormData) {
  return ok(api.POST('/v1/gallery/subjects', { body: form as never, bodySerializer: asIs }));
}

function EnrolForm({ onEnrolled }: { onEnrolled: () => void }) {
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
  const [f, setF] = useState(blank);
  const lists = useLists();
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [result, setResult] = useState<Enrolment>();
  const [refusal, setRefusal] = useState<string[]>();
  const { busy, error, run } = useAction();
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setResult(undefined);
    setRefusal(undefined);
    void run(async () => {
      try {
        const r = await enrol(formData({ ...f, image: file }));
        setResult(r);
        setF(blank);
        setFile(null);
        setFileKey((k) => k + 1);
        onEnrolled();
      } catch (err) {
        if (err instanceof ApiError && err.code === 'quality-gate') {
          const reasons = (err.details?.['reasons'] as string[] | undefined) ?? [];
          setRefusal(reasons.map((r) => reasonText[r] ?? r));
        }
        throw err;
      }
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
        <input value={f.category} onChange={set('category')} maxLength={100} list="categories" />
      </Field>
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
      <datalist id="categories">
        {(lists.data?.watchlistCategories ?? []).map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {lists.error && <ErrorMessage error={`Could not load the configured categories: ${lists.error}`} />}
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
      {!refusal && <ErrorMessage error={error} />}
      <button type="submit" disabled={busy || !file}>
        {busy ? 'Enrolling…' : 'Enrol'}
      </button>
      {result && (
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
      )}
    </form>
  );
}

export function SubjectPage({ id }: { id: string }) {
  const { can } = useSession();
  const { navigate } = useRouter();
  const subject = useLoad(() => ok(api.GET('/v1/gallery/subjects/{id}', { params: { path: { id } } })), [id]);
  const remove = useAction();
  return (
    <section className="page">
      <p>
        <Link to="/gallery">← Gallery</Link>
      </p>
      <Resource loaded={subject}>
        {({ subject: s, images }) => (
          <>
            <h1>
              {s.displayName} <span className="muted">{s.reference}</span>
            </h1>
            <dl className="facts">
              <dt>Category</dt>
              <dd>{s.category ?? '—'}</dd>
              <dt>Date of birth</dt>
              <dd>{s.dateOfBirth ?? '—'}</dd>
              <dt>Enrolled</dt>
              <dd>
                {formatTime(s.createdAt)} by {s.createdBy}
              </dd>
            </dl>
            <h2>Reference images</h2>
            {images.length === 0 ? (
              <p className="empty">No images.</p>
            ) : (
              <ul className="image-list">
                {images.map((i) => (
                  <li key={i.id} className="card">
                    {can('gallery:view-images') ? (
                      <ReferenceFace imageId={i.id} reference={s.reference} />
                    ) : (
                      <p className="muted">Viewing images needs the gallery:view-images permission.</p>
                    )}
                    <dl className="facts">
                      <dt>Size</dt>
                      <dd>
                        {i.width}×{i.height} {i.format}
                      </dd>
                      <dt>Source</dt>
                      <dd>{i.source}</dd>
                      <dt>Legal basis</dt>
                      <dd>{i.legalBasis}</dd>
                      <dt>Captured</dt>
                      <dd>{i.captureDate ?? '—'}</dd>
                      <dt>Added</dt>
                      <dd>
                        {formatTime(i.createdAt)} by {i.addedBy}: {i.reason}
                      </dd>
                      <dt>Quality</dt>
                      <dd>
                        <QualitySummary quality={i.quality} />
                      </dd>
                    </dl>
                  </li>
                ))}
              </ul>
            )}
            {can('gallery:delete') && (
              <>
                <ErrorMessage error={remove.error} />
                <button
                  type="button"
                  className="danger"
                  disabled={remove.busy}
                  onClick={() => {
                    if (!window.confirm(`Delete ${s.reference}, its images and templates?`)) return;
                    void remove.run(async () => {
                      await ok(api.DELETE('/v1/gallery/subjects/{id}', { params: { path: { id } } }));
                      navigate('/gallery');
                    });
                  }}
                >
                  Delete subject
                </button>
              </>
            )}
          </>
        )}
      </Resource>
    </section>
  );
}

/** The enrolled face, cut by the server (audited); the whole photo only on request (audited too). */
function ReferenceFace({ imageId, reference }: { imageId: string; reference: string }) {
  const [whole, setWhole] = useState(false);
  return (
    <figure className="reference-face">
      <img
        src={`/v1/gallery/images/${imageId}/${whole ? 'content' : 'face'}`}
        alt={whole ? `reference image of ${reference}` : `reference face of ${reference}`}
        className="thumb"
      />
      <figcaption>
        <button type="button" className="linklike small" onClick={() => setWhole(!whole)} aria-pressed={whole}>
          {whole ? 'Show the face only' : 'Show the whole photo'}
        </button>
      </figcaption>
    </figure>
  );
}
