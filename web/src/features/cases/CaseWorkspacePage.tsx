/**
 * A case: its probes (image or video) and searches. Picking a probe opens the search form on it;
 * picking a search opens its candidates. Everything shown comes from the server, so a probe
 * reopened later, by a second reviewer or by the supervisor, looks as it did to the uploader.
 */
import { useState } from 'react';
import { loadedFrom } from '../../app/loaded';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { formatTime, Resource } from '../../app/ui';
import { ArchivePanel } from './archive/ArchivePanel';
import { caseStatusLabel, offenceLabel, plural, probeKindLabel, provenanceLabel } from './labels';
import { ProbeSearch } from './ProbeSearch';
import { useInvalidateCase, useWorkspace } from './queries';
import { SearchResults } from './SearchResults';
import { UploadProbe } from './UploadProbe';

type Open = { kind: 'probe'; id: string; warnings: readonly string[] } | { kind: 'search'; id: string };

export function CaseWorkspacePage({ id }: { id: string }) {
  const { can } = useSession();
  const workspace = useWorkspace(id);
  const invalidate = useInvalidateCase(id);
  const [open, setOpen] = useState<Open>();

  return (
    <section className="page">
      <p>
        <Link to="/cases">← Investigations</Link>
      </p>
      <Resource loaded={loadedFrom(workspace)}>
        {(w) => {
          const probe = open?.kind === 'probe' ? w.probes.find((p) => p.id === open.id) : undefined;
          return (
            <>
              <h1>
                {w.case.title} <span className="muted">{w.case.reference}</span>
              </h1>
              <p className="muted">
                {offenceLabel(w.case.offenceType)} · {caseStatusLabel(w.case.status)} · opened{' '}
                {formatTime(w.case.createdAt)} by {w.case.createdBy}
              </p>
              <div className="columns">
                <div>
                  <h2>Probes</h2>
                  {w.probes.length === 0 ? (
                    <p className="empty">No probes yet: upload an image or a video.</p>
                  ) : (
                    <ul className="plain">
                      {w.probes.map((p) => (
                        <li key={p.id}>
                          <button
                            type="button"
                            className="linklike"
                            aria-current={p.id === probe?.id ? 'true' : undefined}
                            onClick={() => setOpen({ kind: 'probe', id: p.id, warnings: [] })}
                          >
                            {probeKindLabel(p.kind)} probe {p.filename ?? `of ${formatTime(p.createdAt)}`}
                          </button>{' '}
                          <span className="muted">
                            {provenanceLabel(p.provenance)}, {p.width}×{p.height} px, by {p.uploadedBy}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {can('cases:write') && w.case.status === 'open' && (
                    <UploadProbe
                      caseId={id}
                      onUploaded={(p, warnings) => {
                        setOpen({ kind: 'probe', id: p.id, warnings });
                        void invalidate();
                      }}
                    />
                  )}
                </div>
                <div>
                  <h2>Searches</h2>
                  {w.searches.length === 0 ? (
                    <p className="empty">No searches yet.</p>
                  ) : (
                    <ul className="plain">
                      {[...w.searches].reverse().map((s) => (
                        <li key={s.id}>
                          <button
                            type="button"
                            className="linklike"
                            aria-current={open?.kind === 'search' && open.id === s.id ? 'true' : undefined}
                            onClick={() => setOpen({ kind: 'search', id: s.id })}
                          >
                            Search of {formatTime(s.createdAt)}
                          </button>{' '}
                          <span className="muted">
                            by {s.requestedBy}, {plural(s.candidateCount, 'candidate')}
                            {s.enhancements.length > 0 ? `, ${plural(s.enhancements.length, 'enhancement step')}` : ''}
                            {s.supervisorReview ? ', reviewed by a supervisor' : ''}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </div>
              {probe && open?.kind === 'probe' && (
                <ProbeSearch
                  key={probe.id}
                  caseId={id}
                  offenceType={w.case.offenceType}
                  probe={probe}
                  warnings={open.warnings}
                  onSearched={(searchId) => {
                    setOpen({ kind: 'search', id: searchId });
                    void invalidate();
                  }}
                />
              )}
              {open?.kind === 'search' && (
                <SearchResults key={open.id} caseId={id} searchId={open.id} probes={w.probes} />
              )}
              <ArchivePanel caseId={id} open={w.case.status === 'open'} />
            </>
          );
        }}
      </Resource>
    </section>
  );
}
