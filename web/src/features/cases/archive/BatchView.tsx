/** The archive's ingestion batches and one batch's progress, with the files that failed and why. */
import { formatTime } from '../../../app/ui';
import { provenanceLabel } from '../labels';
import { plural, stalled, type Batch, type BatchProgress } from './common';

export function BatchList({
  batches,
  current,
  onChoose,
}: {
  batches: readonly Batch[];
  current: string | undefined;
  onChoose: (id: string) => void;
}) {
  return (
    <table>
      <caption>Ingestion batches, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Folder</th>
          <th scope="col">Provenance</th>
          <th scope="col">Requested</th>
          <th scope="col">Files found</th>
        </tr>
      </thead>
      <tbody>
        {[...batches].reverse().map((b) => (
          <tr key={b.id} aria-current={b.id === current ? 'true' : undefined}>
            <td>
              {b.id === current ? (
                <code className="path">{b.folder}</code>
              ) : (
                <button
                  type="button"
                  className="linklike"
                  onClick={() => onChoose(b.id)}
                  aria-label={`Show the progress of ${b.folder}, ${formatTime(b.createdAt)}`}
                >
                  <code className="path">{b.folder}</code>
                </button>
              )}
            </td>
            <td>{provenanceLabel(b.provenance)}</td>
            <td>
              {formatTime(b.createdAt)} by {b.requestedBy}
            </td>
            <td>{b.filesTotal ?? 'not scanned yet'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BatchView({ p, running }: { p: BatchProgress; running: boolean }) {
  const processed = p.done + p.failed;
  const total = p.batch.filesTotal;
  const state = p.finished
    ? `Finished: ${plural(p.done, 'file')} indexed, ${p.failed} failed, ${plural(p.faces, 'face')} found.`
    : stalled(p)
      ? `Stopped: the folder’s scan ${p.scan.state === 'unknown' ? 'is no longer known to the job queue' : 'failed'}${p.scan.detail ? ` (${p.scan.detail})` : ''}.`
      : total === null
        ? 'Scanning the folder…'
        : `Indexing: ${processed} of ${plural(total, 'file')} processed (${p.done} indexed, ${p.failed} failed, ${p.queued} queued), ${plural(p.faces, 'face')} so far…`;
  return (
    <div className="subcard" aria-labelledby="batch-title">
      <h3 id="batch-title">
        Batch of {formatTime(p.batch.createdAt)} <span className="muted">({provenanceLabel(p.batch.provenance)})</span>
      </h3>
      <p className="muted">
        <code className="path">{p.batch.folder}</code>
      </p>
      <p
        className={p.finished ? 'ok' : stalled(p) ? 'error' : undefined}
        role="status"
        aria-live="polite"
        data-testid="batch-state"
      >
        {state}
      </p>
      {running && total !== null && total > 0 && (
        <progress max={total} value={processed} aria-label="Files processed" className="batch-progress" />
      )}
      {p.failedFiles.length > 0 && (
        <table data-testid="failed-files">
          <caption>Files that could not be indexed</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {p.failedFiles.map((f) => (
              <tr key={f.sha256}>
                <td>
                  <code className="path">{f.path}</code>
                </td>
                <td>{f.kind === 'video' ? 'Video' : 'Image'}</td>
                <td>{f.reason ?? 'no reason recorded'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
