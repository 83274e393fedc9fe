/** One gallery subject: its facts, reference images with quality and provenance, and deletion. */
import { useState } from 'react';
import { describeError } from '../../api/client';
import { loadedFrom } from '../../app/loaded';
import { Link, useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorMessage, formatTime, Resource } from '../../app/ui';
import { categoryLabel } from './labels';
import { QualitySummary } from './QualitySummary';
import { useDeleteSubject, useSubject } from './queries';

export function SubjectPage({ id }: { id: string }) {
  const { can } = useSession();
  const { navigate } = useRouter();
  const subject = useSubject(id);
  const remove = useDeleteSubject(id);
  return (
    <section className="page">
      <p>
        <Link to="/gallery">← Gallery</Link>
      </p>
      <Resource loaded={loadedFrom(subject)}>
        {({ subject: s, images }) => (
          <>
            <h1>
              {s.displayName} <span className="muted">{s.reference}</span>
            </h1>
            <dl className="facts">
              <dt>Category</dt>
              <dd>{categoryLabel(s.category)}</dd>
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
                {remove.error && <ErrorMessage error={describeError(remove.error)} />}
                <button
                  type="button"
                  className="danger"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (!window.confirm(`Delete ${s.reference}, its images and templates?`)) return;
                    remove.mutate(undefined, { onSuccess: () => navigate('/gallery') });
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
