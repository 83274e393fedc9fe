/**
 * A case's archive of seized footage (issue 7): ingest a folder on the server with its provenance,
 * follow the batch's progress (polled while it runs) and its failed files with their reasons, and
 * ask where a person appears in it, the matches shown as leads, not identifications (R34).
 * Ingesting needs archive:ingest and searching archive:search; anyone who reads the case
 * (an RFR supervisor included) sees the progress.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, asIs, formData, ok, type paths, type Schemas } from '../api/client';
import { useLists } from '../app/lists';
import { useSession } from '../app/session';
import { ErrorMessage, Field, formatTime, useAction, useLoad } from '../app/ui';

type Batch = Schemas['ArchiveBatch'];
type Match = Schemas['ArchiveMatch'];
type BatchProgress =
  paths['/v1/cases/{caseId}/archive/batches/{batchId}']['get']['responses'][200]['content']['application/json'];
type SearchAnswer = paths['/v1/cases/{caseId}/archive/search']['post']['responses'][200]['content']['application/json'];
type Provenance =
  paths['/v1/cases/{caseId}/archive/ingest']['post']['requestBody']['content']['application/json']['provenance'];

/** How often a running batch is asked about. */
const pollMs = 2000;

/** A time in a video as m:ss. */
const minSec = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The batch will not move on by itself: its scan failed or the job queue no longer knows it. */
const stalled = (p: BatchProgress): boolean =>
  p.scan.state === 'failed' || p.scan.outcome === 'failed' || (p.scan.state === 'unknown' && !p.batch.scannedAt);

export function CaseArchive({ caseId, open }: { caseId: string; open: boolean }) {
  const { can } = useSession();
  const archive = useLoad(() => ok(api.GET('/v1/cases/{caseId}/archive', { params: { path: { caseId } } })), [caseId]);
  const [chosen, setChosen] = useState<string>();
  const batches = archive.data?.batches ?? [];
  // The batch the investigator picked, else the newest.
  const batchId = chosen ?? batches.at(-1)?.id;
  const progress = useLoad(
    () =>
      batchId
        ? ok(api.GET('/v1/cases/{caseId}/archive/batches/{batchId}', { params: { path: { caseId, batchId } } }))
        : Promise.resolve(undefined),
    [caseId, batchId],
  );
  const shown = progress.data?.batch.id === batchId ? progress.data : undefined;
  const running = shown !== undefined && !shown.finished && !stalled(shown);

  // While the batch runs, ask again ~2 s after each answer (never two requests at once).
  useEffect(() => {
    if (!running || progress.loading) return;
    const t = setTimeout(() => {
      archive.reload();
      progress.reload();
    }, pollMs);
    return () => clearTimeout(t);
  }, [running, progress.loading]);

  // The case's totals once more when a batch has finished (they were asked for alongside its last poll).
  const finished = shown?.finished === true;
  useEffect(() => {
    if (finished) archive.reload();
  }, [finished]);

  const mayIngest = open && can('archive:ingest');
  const maySearch = open && can('archive:search');

  return (
    <section className="card archive" aria-labelledby="archive-title">
      <h2 id="archive-title">Archive of seized footage</h2>
      <p className="muted">
        Images and videos ingested from a folder on the server, their faces indexed in this case only. The archive is
        deleted with the case.
      </p>
      {archive.error && <ErrorMessage error={`Could not load the archive: ${archive.error}`} />}
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
          {progress.error && <ErrorMessage error={`Could not load the batch’s progress: ${progress.error}`} />}
          {shown && <BatchView p={shown} running={running} />}
        </div>
        {mayIngest && (
          <IngestForm
            caseId={caseId}
            onIngested={(b) => {
              setChosen(b.id);
              archive.reload();
            }}
          />
        )}
      </div>
      {maySearch && <ArchiveSearch caseId={caseId} />}
    </section>
  );
}

function BatchList({
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
            <td>{b.provenance}</td>
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

function BatchView({ p, running }: { p: BatchProgress; running: boolean }) {
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
        Batch of {formatTime(p.batch.createdAt)} <span className="muted">({p.batch.provenance})</span>
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
                <td>{f.kind}</td>
                <td>{f.reason ?? 'no reason recorded'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function IngestForm({ caseId, onIngested }: { caseId: string; onIngested: (b: Batch) => void }) {
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
              {p}
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

function ArchiveSearch({ caseId }: { caseId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [faceIndex, setFaceIndex] = useState('0');
  const [limit, setLimit] = useState('20');
  const [minScore, setMinScore] = useState('');
  const [answer, setAnswer] = useState<{ r: SearchAnswer; image: string; name: string }>();
  const { busy, error, run } = useAction();
  // The object URL of the photo shown beside the matches is released when replaced.
  useEffect(
    () => () => {
      if (answer) URL.revokeObjectURL(answer.image);
    },
    [answer],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => {
      const r = await ok(
        api.POST('/v1/cases/{caseId}/archive/search', {
          params: { path: { caseId } },
          body: formData({ image: file, faceIndex, limit, minScore: minScore.trim() }) as never,
          bodySerializer: asIs,
        }),
      );
      setAnswer({ r, image: URL.createObjectURL(file), name: file.name });
    });
  };

  return (
    <section className="subcard" aria-labelledby="archive-search-title">
      <h3 id="archive-search-title">Where does this person appear?</h3>
      <form onSubmit={submit} className="inline archive-search-form">
        <Field label="Photo of the person">
          <input type="file" accept="image/*" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <Field label="Face in the photo" hint="0 is the largest">
          <input type="number" min="0" max="999" value={faceIndex} onChange={(e) => setFaceIndex(e.target.value)} />
        </Field>
        <Field label="Most matches">
          <input type="number" min="1" max="500" value={limit} onChange={(e) => setLimit(e.target.value)} />
        </Field>
        <Field label="Lowest score" hint="empty: the threshold in force">
          <input
            type="number"
            min="-1"
            max="1"
            step="0.0001"
            value={minScore}
            onChange={(e) => setMinScore(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={busy || !file}>
          {busy ? 'Searching the archive…' : 'Search the archive'}
        </button>
      </form>
      <ErrorMessage error={error} />
      {answer && <ArchiveMatches {...answer} />}
    </section>
  );
}

function ArchiveMatches({ r, image, name }: { r: SearchAnswer; image: string; name: string }) {
  return (
    <div className="archive-matches" data-testid="archive-matches">
      <div className="banner banner-policy" role="note" data-testid="archive-leads-banner">
        <strong>Leads, not identifications.</strong> {r.notice}
      </div>
      <div className="archive-probe">
        <img src={image} alt={`the photo searched with, ${name}`} />
        <p className="muted">
          {name}: {plural(r.facesCompared, 'face')} in the archive compared, model {r.modelId}, scores from{' '}
          {r.minScore.toFixed(4)} shown.
        </p>
      </div>
      {r.matches.length === 0 ? (
        <p className="empty" role="status">
          No matches at or above {r.minScore.toFixed(4)}. This is not evidence that the person does not appear in the
          footage.
        </p>
      ) : (
        <table>
          <caption>{plural(r.matches.length, 'match', 'matches')}, best first (leads for a person to review)</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Time in the video</th>
              <th scope="col">Track seen</th>
              <th scope="col">Face box</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {r.matches.map((m, i) => (
              <MatchRow key={`${m.sha256}-${m.trackNo ?? i}-${i}`} m={m} rank={i + 1} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function MatchRow({ m, rank }: { m: Match; rank: number }) {
  const video = m.kind === 'video';
  return (
    <tr data-testid={`archive-match-${rank}`}>
      <td>{rank}</td>
      <td>
        <code className="path">{m.path}</code>
      </td>
      <td>{video ? 'video' : 'image'}</td>
      <td>{video && m.timestampMs !== null ? minSec(m.timestampMs) : '—'}</td>
      <td>
        {video && m.firstMs !== null && m.lastMs !== null
          ? `${m.trackNo !== null ? `track ${m.trackNo}, ` : ''}${minSec(m.firstMs)}–${minSec(m.lastMs)}`
          : '—'}
      </td>
      <td>
        {Math.round(m.box.width)}×{Math.round(m.box.height)} at ({Math.round(m.box.x)}, {Math.round(m.box.y)})
      </td>
      <td className="score">{m.score.toFixed(4)}</td>
    </tr>
  );
}
