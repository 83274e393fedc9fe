/**
 * The investigator's view: cases, probes (image or video), the faces or video tracks to search,
 * the recorded enhancement chain with a server preview, the search, and the candidates as leads
 * side by side with the probe, with the examiner's and the officer's decisions (R31-R37).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, asIs, formData, ok, type Schemas } from '../api/client';
import { describeStep, loadImage, renderChain, type Step } from '../app/enhance';
import { useLists } from '../app/lists';
import { Link, useRouter } from '../app/router';
import { useSession } from '../app/session';
import { ErrorMessage, Field, formatTime, Resource, score, useAction, useLoad } from '../app/ui';
import { CaseArchive } from './CaseArchive';

type Probe = Schemas['Probe'];
type Face = {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  quality: Schemas['ReferenceImage']['quality'];
};
type Track = Schemas['ProbeTrack'];
type SearchResult = Awaited<ReturnType<typeof getSearch>>;

/** Probe images uploaded in this browser session (the API keeps probes but serves no probe pixels). */
const localProbeImages = new Map<string, string>();

function getSearch(searchId: string) {
  return ok(api.GET('/v1/searches/{searchId}', { params: { path: { searchId } } }));
}

export function CasesPage() {
  const { can } = useSession();
  const { navigate } = useRouter();
  const cases = useLoad(() => ok(api.GET('/v1/cases', { params: { query: { limit: 100 } } })), []);
  const lists = useLists();
  const [f, setF] = useState({ reference: '', offenceType: '', title: '', authorisationRef: '' });
  const create = useAction();
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run(async () => {
      const c = await ok(
        api.POST('/v1/cases', {
          body: { ...f, authorisationRef: f.authorisationRef.trim() || undefined },
        }),
      );
      navigate(`/cases/${c.id}`);
    });
  };
  return (
    <section className="page">
      <h1>Investigations</h1>
      <div className="columns">
        <Resource loaded={cases} isEmpty={(d) => d.cases.length === 0} empty="No cases yet.">
          {(d) => (
            <table>
              <caption>Cases, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Title</th>
                  <th scope="col">Offence</th>
                  <th scope="col">Status</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {d.cases.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/cases/${c.id}`}>{c.reference}</Link>
                    </td>
                    <td>{c.title}</td>
                    <td>{c.offenceType}</td>
                    <td>{c.status}</td>
                    <td>
                      {formatTime(c.createdAt)} by {c.createdBy}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Resource>
        {can('cases:write') && (
          <form className="card" onSubmit={submit} aria-labelledby="new-case">
            <h2 id="new-case">Open a case</h2>
            <Field label="Case reference">
              <input value={f.reference} onChange={set('reference')} required maxLength={100} />
            </Field>
            <Field label="Offence type" hint="one of the force’s configured offence types">
              <input value={f.offenceType} onChange={set('offenceType')} required list="offence-types" />
            </Field>
            {lists.error && <ErrorMessage error={`Could not load the configured offence types: ${lists.error}`} />}
            <datalist id="offence-types">
              {(lists.data?.offenceTypes ?? []).map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
            <Field label="Title">
              <input value={f.title} onChange={set('title')} required maxLength={200} />
            </Field>
            <Field label="Authorisation reference" hint="where policy requires one for this offence type">
              <input value={f.authorisationRef} onChange={set('authorisationRef')} maxLength={100} />
            </Field>
            <ErrorMessage error={create.error} />
            <button type="submit" disabled={create.busy}>
              Open case
            </button>
          </form>
        )}
      </div>
    </section>
  );
}

interface Picked {
  readonly probe: Probe;
  readonly faces: Face[];
  readonly tracks: Track[];
  readonly warnings: string[];
}

export function CaseWorkspacePage({ id }: { id: string }) {
  const { can } = useSession();
  const workspace = useLoad(() => ok(api.GET('/v1/cases/{caseId}', { params: { path: { caseId: id } } })), [id]);
  const [picked, setPicked] = useState<Picked>();
  const [result, setResult] = useState<SearchResult>();
  const openSearch = useAction();

  return (
    <section className="page">
      <p>
        <Link to="/cases">← Investigations</Link>
      </p>
      <Resource loaded={workspace}>
        {(w) => (
          <>
            <h1>
              {w.case.title} <span className="muted">{w.case.reference}</span>
            </h1>
            <p className="muted">
              {w.case.offenceType} · {w.case.status} · opened {formatTime(w.case.createdAt)} by {w.case.createdBy}
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
                          onClick={() =>
                            void openSearch.run(async () => {
                              const tracks =
                                p.kind === 'video'
                                  ? (
                                      await ok(
                                        api.GET('/v1/cases/{caseId}/probes/{probeId}/tracks', {
                                          params: { path: { caseId: id, probeId: p.id } },
                                        }),
                                      )
                                    ).tracks
                                  : [];
                              setPicked({ probe: p, faces: [], tracks, warnings: [] });
                              setResult(undefined);
                            })
                          }
                        >
                          {p.kind} probe {p.filename ?? p.id.slice(0, 8)}
                        </button>{' '}
                        <span className="muted">
                          {p.provenance}, {p.width}×{p.height}, {formatTime(p.createdAt)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
                {can('cases:write') && (
                  <UploadProbe
                    caseId={id}
                    onUploaded={(p) => {
                      setPicked(p);
                      setResult(undefined);
                      workspace.reload();
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
                    {w.searches.map((s) => (
                      <li key={s.id}>
                        <button
                          type="button"
                          className="linklike"
                          onClick={() => void openSearch.run(async () => setResult(await getSearch(s.id)))}
                        >
                          Search of {formatTime(s.createdAt)}
                        </button>{' '}
                        <span className="muted">
                          by {s.requestedBy}, {s.candidateCount} candidate{s.candidateCount === 1 ? '' : 's'}
                          {s.enhancements.length > 0 ? `, ${s.enhancements.length} enhancement step(s)` : ''}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
                <ErrorMessage error={openSearch.error} />
              </div>
            </div>
            {picked && !result && (
              <ProbeSearch
                key={picked.probe.id}
                caseId={id}
                offenceType={w.case.offenceType}
                picked={picked}
                onResult={(r) => {
                  setResult(r);
                  workspace.reload();
                }}
              />
            )}
            {result && <SearchResultView result={result} caseId={id} onChange={setResult} />}
            <CaseArchive caseId={id} open={w.case.status === 'open'} />
          </>
        )}
      </Resource>
    </section>
  );
}

function UploadProbe({ caseId, onUploaded }: { caseId: string; onUploaded: (p: Picked) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const lists = useLists();
  const provenances = lists.data?.probeProvenances ?? [];
  const [chosen, setChosen] = useState('');
  // The first configured provenance until the user picks one.
  const provenance = (chosen || provenances[0] || '') as Probe['provenance'];
  const [description, setDescription] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => {
      const r = await ok(
        api.POST('/v1/cases/{caseId}/probes', {
          params: { path: { caseId } },
          body: formData({ file, provenance, description }) as never,
          bodySerializer: asIs,
        }),
      );
      if (r.probe.kind === 'image') localProbeImages.set(r.probe.id, URL.createObjectURL(file));
      onUploaded({ probe: r.probe, faces: r.faces, tracks: r.tracks, warnings: r.warnings });
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="upload-probe">
      <h3 id="upload-probe">Upload a probe</h3>
      <p className="muted">Probes stay in this case: they are never added to the gallery.</p>
      <Field label="Probe image or video">
        <input type="file" accept="image/*,video/*" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Field>
      <Field label="Provenance" hint="where the probe came from">
        <select value={provenance} required onChange={(e) => setChosen(e.target.value)}>
          {provenances.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>
      {lists.error && <ErrorMessage error={`Could not load the configured provenances: ${lists.error}`} />}
      <Field label="Description">
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
      </Field>
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || !file || !provenance}>
        {busy ? 'Uploading and analysing…' : 'Upload probe'}
      </button>
    </form>
  );
}

/** The probe with the faces found on it, as buttons to pick one. */
function FacePicker({
  src,
  width,
  height,
  faces,
  chosen,
  onChoose,
}: {
  src: string | undefined;
  width: number;
  height: number;
  faces: Face[];
  chosen: number;
  onChoose: (i: number) => void;
}) {
  return (
    <div>
      {src ? (
        <div className="probe-frame">
          <img src={src} alt="the probe, as it will be searched" />
          {faces.map((f, i) => (
            <button
              key={i}
              type="button"
              className={`face-box${i === chosen ? ' chosen' : ''}`}
              aria-label={`face ${i + 1}`}
              aria-pressed={i === chosen}
              style={{
                left: `${(f.box.x / width) * 100}%`,
                top: `${(f.box.y / height) * 100}%`,
                width: `${(f.box.width / width) * 100}%`,
                height: `${(f.box.height / height) * 100}%`,
              }}
              onClick={() => onChoose(i)}
            />
          ))}
        </div>
      ) : (
        <p className="muted">The probe’s pixels are shown only in the browser session that uploaded it.</p>
      )}
      {faces.length === 0 ? (
        <p className="empty" role="status">
          No face found on the probe{src ? ' with these enhancements' : ''}.
        </p>
      ) : (
        <fieldset>
          <legend>Face to search</legend>
          {faces.map((f, i) => (
            <label key={i} className="radio">
              <input type="radio" name="face" checked={i === chosen} onChange={() => onChoose(i)} />
              Face {i + 1}
              {i === 0 ? ' (largest)' : ''}: {f.box.width.toFixed(0)}×{f.box.height.toFixed(0)} px, detector{' '}
              {f.score.toFixed(2)}, {f.quality.passed ? 'quality passed' : `quality: ${f.quality.reasons.join(', ')}`}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

function StepEditor({ chain, onChange }: { chain: Step[]; onChange: (c: Step[]) => void }) {
  const [op, setOp] = useState<Step['op']>('brightness');
  const [v, setV] = useState({ factor: '1.2', degrees: '90', x: '0', y: '0', width: '100', height: '100' });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const add = () => {
    const n = (s: string) => Number(s);
    const step: Step =
      op === 'crop'
        ? { op, x: n(v.x), y: n(v.y), width: n(v.width), height: n(v.height) }
        : op === 'rotate'
          ? { op, degrees: n(v.degrees) }
          : op === 'brightness' || op === 'contrast'
            ? { op, factor: n(v.factor) }
            : op === 'flip'
              ? { op, axis: 'horizontal' }
              : { op: 'grayscale' };
    onChange([...chain, step]);
  };
  return (
    <fieldset className="card">
      <legend>Enhancements (applied in order, recorded with the search)</legend>
      {chain.length === 0 ? (
        <p className="muted">None: the probe is searched as uploaded.</p>
      ) : (
        <ol>
          {chain.map((s, i) => (
            <li key={i}>
              {describeStep(s)}{' '}
              <button
                type="button"
                className="secondary small"
                onClick={() => onChange(chain.filter((_, j) => j !== i))}
                aria-label={`remove step ${i + 1}: ${describeStep(s)}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="inline">
        <Field label="Step">
          <select value={op} onChange={(e) => setOp(e.target.value as Step['op'])}>
            <option value="brightness">brightness</option>
            <option value="contrast">contrast</option>
            <option value="rotate">rotate</option>
            <option value="crop">crop</option>
            <option value="grayscale">grayscale</option>
            <option value="flip">flip horizontally</option>
          </select>
        </Field>
        {(op === 'brightness' || op === 'contrast') && (
          <Field label="Factor" hint="0.2 to 5">
            <input type="number" step="0.1" min="0.2" max="5" value={v.factor} onChange={set('factor')} />
          </Field>
        )}
        {op === 'rotate' && (
          <Field label="Degrees clockwise">
            <input type="number" min="-360" max="360" value={v.degrees} onChange={set('degrees')} />
          </Field>
        )}
        {op === 'crop' &&
          (['x', 'y', 'width', 'height'] as const).map((k) => (
            <Field key={k} label={`Crop ${k}`}>
              <input type="number" min={k === 'x' || k === 'y' ? 0 : 1} value={v[k]} onChange={set(k)} />
            </Field>
          ))}
        <button type="button" className="secondary" onClick={add}>
          Add step
        </button>
      </div>
    </fieldset>
  );
}

function ProbeSearch({
  caseId,
  offenceType,
  picked,
  onResult,
}: {
  caseId: string;
  offenceType: string;
  picked: Picked;
  onResult: (r: SearchResult) => void;
}) {
  const { can } = useSession();
  const { probe } = picked;
  const [trackId, setTrackId] = useState<string | undefined>(picked.tracks[0]?.id);
  const [chain, setChain] = useState<Step[]>([]);
  const [faces, setFaces] = useState<Face[]>(picked.faces);
  const [size, setSize] = useState({ width: probe.width, height: probe.height });
  const [shown, setShown] = useState<string>();
  const [previewed, setPreviewed] = useState(probe.kind === 'image' && picked.faces.length > 0);
  const [faceIndex, setFaceIndex] = useState(0);
  const [justification, setJustification] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [maxCandidates, setMaxCandidates] = useState('20');
  const preview = useAction();
  const search = useAction();
  const local = localProbeImages.get(probe.id);
  const base =
    probe.kind === 'video' && trackId ? `/v1/cases/${caseId}/probes/${probe.id}/tracks/${trackId}/crop` : local;

  // The local rendering of the chain, for the picture; the server's preview says where the faces are.
  useEffect(() => {
    let live = true;
    if (!base) {
      setShown(undefined);
      return;
    }
    loadImage(base)
      .then((img) => {
        if (!live) return;
        const r = renderChain(img, chain);
        setShown(r.url);
      })
      .catch(() => live && setShown(undefined));
    return () => {
      live = false;
    };
  }, [base, chain]);

  const runPreview = () =>
    void preview.run(async () => {
      const r = await ok(
        api.POST('/v1/cases/{caseId}/probes/{probeId}/preview', {
          params: { path: { caseId, probeId: probe.id } },
          body: { enhancements: chain, ...(probe.kind === 'video' && trackId ? { trackId } : {}) },
        }),
      );
      setFaces(r.faces);
      setSize({ width: r.width, height: r.height });
      setFaceIndex(0);
      setPreviewed(true);
    });

  useEffect(() => {
    // A video probe: the track's best frame is previewed (and its faces found) as soon as one is picked.
    if (probe.kind === 'video' && trackId) runPreview();
  }, [trackId]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search.run(async () => {
      const r = await ok(
        api.POST('/v1/cases/{caseId}/searches', {
          params: { path: { caseId } },
          body: {
            probeId: probe.id,
            ...(probe.kind === 'video' && trackId ? { trackId } : {}),
            faceIndex,
            enhancements: chain,
            offenceType,
            justification,
            legalBasis,
            maxCandidates: Number(maxCandidates),
          },
        }),
      );
      onResult(r);
    });
  };

  return (
    <section className="card" aria-labelledby="search-title">
      <h2 id="search-title">
        Search with the {probe.kind} probe {probe.filename ?? ''}
      </h2>
      {picked.warnings.map((w) => (
        <p key={w} className="warn">
          {w}
        </p>
      ))}
      {probe.kind === 'video' && (
        <fieldset>
          <legend>Face tracks in the video (pick whom to search)</legend>
          {picked.tracks.length === 0 ? (
            <p className="empty">No face was tracked in this video.</p>
          ) : (
            <ul className="tracks">
              {picked.tracks.map((t) => (
                <li key={t.id}>
                  <label className={`track${t.id === trackId ? ' chosen' : ''}`}>
                    <input type="radio" name="track" checked={t.id === trackId} onChange={() => setTrackId(t.id)} />
                    <img
                      src={`/v1/cases/${caseId}/probes/${probe.id}/tracks/${t.id}/crop`}
                      alt={`track ${t.trackNo}`}
                    />
                    <span>
                      Track {t.trackNo}: {(t.firstMs / 1000).toFixed(1)}–{(t.lastMs / 1000).toFixed(1)} s,{' '}
                      {t.frameCount} frames, {t.quality.passed ? 'quality passed' : t.quality.reasons.join(', ')}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
      <div className="columns">
        <FacePicker
          src={shown}
          width={size.width}
          height={size.height}
          faces={previewed ? faces : []}
          chosen={faceIndex}
          onChoose={setFaceIndex}
        />
        <div>
          <StepEditor
            chain={chain}
            onChange={(c) => {
              setChain(c);
              setPreviewed(false);
            }}
          />
          <button type="button" onClick={runPreview} disabled={preview.busy}>
            {preview.busy ? 'Previewing…' : 'Preview on the server'}
          </button>
          {!previewed && chain.length > 0 && (
            <p className="notice" role="status">
              The enhancements changed: preview them to see which faces the search will find.
            </p>
          )}
          <ErrorMessage error={preview.error} />
        </div>
      </div>
      {can('search:run') ? (
        <form onSubmit={submit} className="search-form">
          <Field label="Justification" hint="why this search is necessary and proportionate">
            <textarea value={justification} onChange={(e) => setJustification(e.target.value)} required rows={2} />
          </Field>
          <Field label="Legal basis">
            <input value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} required maxLength={200} />
          </Field>
          <Field label="Candidates to return">
            <input
              type="number"
              min="1"
              max="500"
              value={maxCandidates}
              onChange={(e) => setMaxCandidates(e.target.value)}
            />
          </Field>
          <ErrorMessage error={search.error} />
          <button type="submit" disabled={search.busy || !previewed || faces.length === 0}>
            {search.busy ? 'Searching…' : `Search the gallery with face ${faceIndex + 1}`}
          </button>
        </form>
      ) : (
        <p className="muted">Running searches needs the search:run permission.</p>
      )}
    </section>
  );
}

const examinerChoices = [
  ['possible-match', 'Possible match'],
  ['not-a-match', 'Not a match'],
  ['inconclusive', 'Inconclusive'],
] as const;
const officerChoices = [
  ['accepted-as-lead', 'Accept as lead'],
  ['rejected', 'Reject'],
] as const;

function SearchResultView({
  result,
  caseId,
  onChange,
}: {
  result: SearchResult;
  caseId: string;
  onChange: (r: SearchResult) => void;
}) {
  const { can } = useSession();
  const { search, candidates, notice } = result;
  const decide = useAction();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const probeSrc = search.trackId
    ? `/v1/cases/${caseId}/probes/${search.probeId}/tracks/${search.trackId}/crop`
    : localProbeImages.get(search.probeId);
  const [probeShown, setProbeShown] = useState<string>();
  useEffect(() => {
    let live = true;
    if (!probeSrc) return;
    loadImage(probeSrc)
      .then((img) => live && setProbeShown(renderChain(img, search.enhancements).url))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [probeSrc, search.enhancements]);

  const record = (rank: number, stage: 'examiner' | 'officer', decision: string) =>
    void decide.run(async () => {
      const note = notes[rank]?.trim() || undefined;
      const params = { path: { searchId: search.id, rank } };
      const r =
        stage === 'examiner'
          ? await ok(
              api.POST('/v1/searches/{searchId}/candidates/{rank}/examiner', {
                params,
                body: { decision: decision as (typeof examinerChoices)[number][0], note },
              }),
            )
          : await ok(
              api.POST('/v1/searches/{searchId}/candidates/{rank}/officer', {
                params,
                body: { decision: decision as (typeof officerChoices)[number][0], note },
              }),
            );
      onChange(r);
    });

  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">Candidates</h2>
      <div className="banner banner-policy" role="note" data-testid="leads-banner">
        <strong>Leads, not identifications.</strong> {notice}
      </div>
      <p className="muted">
        Search by {search.requestedBy} at {formatTime(search.createdAt)} · threshold in force{' '}
        {score(search.thresholdInForce)} · model {search.modelId} · face {search.faceIndex + 1}
        {search.enhancements.length > 0 ? ` · enhancements: ${search.enhancements.map(describeStep).join(', ')}` : ''}
      </p>
      <ErrorMessage error={decide.error} />
      {candidates.length === 0 ? (
        <p className="empty" role="status">
          No candidates: nobody in the gallery scored high enough. This is not evidence that the person is not in the
          gallery.
        </p>
      ) : (
        <ol className="candidates">
          {candidates.map((c) => (
            <li key={c.rank} className="candidate" data-testid={`candidate-${c.rank}`}>
              <div className="pair">
                <figure>
                  {probeShown ? <img src={probeShown} alt="probe" /> : <div className="noimg">probe</div>}
                  <figcaption>Probe</figcaption>
                </figure>
                <figure>
                  {c.displayName !== null && can('gallery:view-images') ? (
                    <img
                      src={`/v1/gallery/images/${c.imageId}/content`}
                      alt={`gallery image of ${c.subjectReference}`}
                    />
                  ) : (
                    <div className="noimg">no image</div>
                  )}
                  <figcaption>
                    #{c.rank} {c.subjectReference} {c.displayName ?? '(deleted)'}
                  </figcaption>
                </figure>
              </div>
              <p>
                Score <strong>{score(c.score)}</strong> (threshold {score(search.thresholdInForce)})
              </p>
              <p>
                Examiner:{' '}
                {c.examiner ? (
                  <strong>
                    {c.examiner.decision} by {c.examiner.by}
                  </strong>
                ) : (
                  'not reviewed'
                )}
                {' · '}Officer:{' '}
                {c.officer ? (
                  <strong>
                    {c.officer.decision} by {c.officer.by}
                  </strong>
                ) : (
                  'no decision'
                )}
              </p>
              {c.history.some((h) => h.revision > 1) && (
                <details data-testid={`history-${c.rank}`}>
                  <summary>Decision history (nothing is overwritten)</summary>
                  <ol>
                    {c.history.map((h) => (
                      <li key={h.id}>
                        {h.stage} #{h.revision}: {h.decision} by {h.byName ?? h.by} at {h.at}
                        {h.reason ? ` (revised: ${h.reason})` : ''}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
              {(can('search:examine') || can('search:decide')) && (
                <div className="inline">
                  <Field label={`Note on candidate ${c.rank}`}>
                    <input
                      value={notes[c.rank] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [c.rank]: e.target.value })}
                      maxLength={1000}
                    />
                  </Field>
                  {can('search:examine') &&
                    !c.examiner &&
                    examinerChoices.map(([d, label]) => (
                      <button
                        key={d}
                        type="button"
                        className="secondary"
                        disabled={decide.busy}
                        onClick={() => record(c.rank, 'examiner', d)}
                      >
                        Examiner: {label}
                      </button>
                    ))}
                  {can('search:decide') &&
                    c.examiner?.decision === 'possible-match' &&
                    !c.officer &&
                    officerChoices.map(([d, label]) => (
                      <button
                        key={d}
                        type="button"
                        className="secondary"
                        disabled={decide.busy}
                        onClick={() => record(c.rank, 'officer', d)}
                      >
                        Officer: {label}
                      </button>
                    ))}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
