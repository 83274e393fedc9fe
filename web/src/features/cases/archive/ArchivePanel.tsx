/**
 * A case's archive of seized footage (issue 7): ingest a folder on the server with its provenance,
 * follow the batch's progress (polled while it runs) and its failed files with their reasons, and
 * ask where a person appears in it, the matches shown as leads, not identifications (R34).
 * Ingesting needs archive:ingest and searching archive:search; anyone who reads the case
 * (an RFR supervisor included) sees the progress.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, describeError, ok } from '../../../api/client';
import { useSession } from '../../../app/session';
import { ErrorMessage } from '../../../app/ui';
import { ArchiveSearch } from './ArchiveSearch';
import { BatchList, BatchView } from './BatchView';
import { pollMs, stalled } from './common';
import { IngestForm } from './IngestForm';

const archiveKeys = {
  archive: (caseId: string) => ['cases', caseId, 'archive'] as const,
  batch: (caseId: string, batchId: string) => ['cases', caseId, 'archive', 'batch', batchId] as const,
};

export function ArchivePanel({ caseId, open }: { caseId: string; open: boolean }) {
  const { can } = useSession();
  const client = useQueryClient();
  const archive = useQuery({
    queryKey: archiveKeys.archive(caseId),
    queryFn: () => ok(api.GET('/v1/cases/{caseId}/archive', { params: { path: { caseId } } })),
  });
  const [chosen, setChosen] = useState<string>();
  const batches = archive.data?.batches ?? [];
  // The batch the investigator picked, else the newest.
  const batchId = chosen ?? batches.at(-1)?.id;
  const progress = useQuery({
    queryKey: archiveKeys.batch(caseId, batchId ?? ''),
    enabled: batchId !== undefined,
    queryFn: () =>
      ok(
        api.GET('/v1/cases/{caseId}/archive/batches/{batchId}', {
          params: { path: { caseId, batchId: batchId ?? '' } },
        }),
      ),
    // While the batch runs, asked again ~2 s after each answer (never two requests at once).
    refetchInterval: (q) => {
      const p = q.state.data;
      return p && !p.finished && !stalled(p) ? pollMs : false;
    },
  });
  const shown = progress.data?.batch.id === batchId ? progress.data : undefined;
  const running = shown !== undefined && !shown.finished && !stalled(shown);

  // The case's totals follow each poll of a running batch, and once more when it has finished.
  const updatedAt = progress.dataUpdatedAt;
  useEffect(() => {
    if (updatedAt > 0) void client.invalidateQueries({ queryKey: archiveKeys.archive(caseId), exact: true });
  }, [updatedAt]);

  const mayIngest = open && can('archive:ingest');
  const maySearch = open && can('archive:search');

  return (
    <section className="card archive" aria-labelledby="archive-title">
      <h2 id="archive-title">Archive of seized footage</h2>
      <p className="muted">
        Images and videos ingested from a folder on the server, their faces indexed in this case only. The archive is
        deleted with the case.
      </p>
      {archive.error && <ErrorMessage error={`Could not load the archive: ${describeError(archive.error)}`} />}
      {archive.data && (
        <dl className="stats" data-testid="archive-totals">
          <div className="stat">
            <dt>Files indexed</dt>
            <dd>{archive.data.done}</dd>
          </div>
          <div className="stat">
            <dt>Files failed</dt>
            <dd>{archive.data.failed}</dd>
          </div>
          <div className="stat">
            <dt>Files queued</dt>
            <dd>{archive.data.queued}</dd>
          </div>
          <div className="stat">
            <dt>Faces indexed</dt>
            <dd>{archive.data.faces}</dd>
          </div>
        </dl>
      )}
      {!open && (
        <p className="muted">The case is closed: nothing more can be ingested into or searched in its archive.</p>
      )}
      {open && (!mayIngest || !maySearch) && (
        <p className="muted">
          {!mayIngest && !maySearch
            ? 'Ingesting folders and searching the archive need the archive:ingest and archive:search permissions.'
            : !mayIngest
              ? 'Ingesting folders needs the archive:ingest permission.'
              : 'Searching the archive needs the archive:search permission.'}
        </p>
      )}
      <div className={mayIngest ? 'columns' : undefined}>
        <div>
          {batches.length === 0 ? (
            archive.data && <p className="empty">Nothing ingested yet.</p>
          ) : (
            <BatchList batches={batches} current={batchId} onChoose={setChosen} />
          )}
          {progress.error && (
            <ErrorMessage error={`Could not load the batch’s progress: ${describeError(progress.error)}`} />
          )}
          {shown && <BatchView p={shown} running={running} />}
        </div>
        {mayIngest && (
          <IngestForm
            caseId={caseId}
            onIngested={(b) => {
              setChosen(b.id);
              void client.invalidateQueries({ queryKey: archiveKeys.archive(caseId), exact: true });
            }}
          />
        )}
      </div>
      {maySearch && <ArchiveSearch caseId={caseId} />}
    </section>
  );
}
