/** The reference gallery: subjects with search and paging, the gallery's counts, and enrolment. */
import { useState } from 'react';
import { loadedFrom } from '../../app/loaded';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { Field, formatTime, Resource } from '../../app/ui';
import { EnrolForm } from './EnrolForm';
import { categoryLabel } from './labels';
import { useGalleryStats, useSubjects } from './queries';

const limit = 25;

export function GalleryPage() {
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useSubjects({ limit, offset, ...(query ? { q: query } : {}) });
  const stats = useGalleryStats();
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
            loaded={loadedFrom(list)}
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
                        <td>{categoryLabel(s.category)}</td>
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
        {can('gallery:enrol') && <EnrolForm />}
      </div>
    </section>
  );
}
