/** "Where does this person appear?": a photo searched against the case's archive, matches as leads (R34). */
import { useEffect, useState, type FormEvent } from 'react';
import { api, asIs, formData, ok } from '../../../api/client';
import { ErrorMessage, Field, useAction } from '../../../app/ui';
import { minSec, plural, type Match, type SearchAnswer } from './common';

export function ArchiveSearch({ caseId }: { caseId: string }) {
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
