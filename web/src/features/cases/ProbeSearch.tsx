/**
 * Searching the gallery with a probe (R31, R34, R36, R37): the probe's pixels and faces come from
 * the server, so anyone on the case sees them in any session. A video probe is searched by one of
 * its tracks: the track's own face is searched, chosen for the investigator (issue 13).
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, describeError, ok } from '../../api/client';
import { loadImage, renderChain, type Step } from '../../app/enhance';
import { useSession } from '../../app/session';
import { ErrorMessage, Field } from '../../app/ui';
import { FacePicker } from './FacePicker';
import { probeKindLabel } from './labels';
import { probeContentUrl, useProbeFaces, useTracks, type Face, type Probe } from './queries';
import { StepEditor } from './StepEditor';
import { TrackPicker } from './TrackPicker';

interface Found {
  readonly faces: readonly Face[];
  readonly width: number;
  readonly height: number;
  readonly trackFaceIndex: number | null;
}

export function ProbeSearch({
  caseId,
  offenceType,
  probe,
  warnings,
  onSearched,
}: {
  caseId: string;
  offenceType: string;
  probe: Probe;
  warnings: readonly string[];
  onSearched: (searchId: string) => void;
}) {
  const { can } = useSession();
  const video = probe.kind === 'video';
  const tracks = useTracks(caseId, probe);
  const [picked, setPicked] = useState<string>();
  const trackId = video ? (picked ?? tracks.data?.[0]?.id) : undefined;
  const [chain, setChain] = useState<Step[]>([]);
  // Faces of the probe as stored (any reviewer may see them); with enhancements, the server's preview.
  const stored = useProbeFaces(caseId, probe.id, trackId, !video || trackId !== undefined);
  const [previewed, setPreviewed] = useState<Found>();
  const [stale, setStale] = useState(false);
  const found: Found | undefined = chain.length > 0 ? (stale ? undefined : previewed) : stored.data;
  const [choice, setChoice] = useState<number>();
  // A track's own face is searched; otherwise the face the investigator picked (the largest until then).
  const only = video && found?.trackFaceIndex !== null ? (found?.trackFaceIndex ?? undefined) : undefined;
  const faceIndex = only ?? choice ?? 0;
  const [shown, setShown] = useState<string>();
  const base = video && !trackId ? undefined : probeContentUrl(caseId, probe.id, trackId);

  useEffect(() => {
    let live = true;
    setShown(undefined);
    if (!base) return;
    loadImage(base)
      .then((img) => live && setShown(renderChain(img, chain).url))
      .catch(() => live && setShown(undefined));
    return () => {
      live = false;
    };
  }, [base, chain]);

  const preview = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/cases/{caseId}/probes/{probeId}/preview', {
          params: { path: { caseId, probeId: probe.id } },
          body: { enhancements: chain, ...(trackId ? { trackId } : {}) },
        }),
      ),
    onSuccess: (r) => {
      setPreviewed(r);
      setStale(false);
      setChoice(undefined);
    },
  });

  const [justification, setJustification] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [maxCandidates, setMaxCandidates] = useState('20');
  const search = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/v1/cases/{caseId}/searches', {
          params: { path: { caseId } },
          body: {
            probeId: probe.id,
            ...(trackId ? { trackId } : {}),
            // With a track the server searches the track's face; an index only where it cannot find it.
            ...(only === undefined ? { faceIndex } : {}),
            enhancements: chain,
            offenceType,
            justification,
            legalBasis,
            maxCandidates: Number(maxCandidates),
          },
        }),
      ),
    onSuccess: (r) => onSearched(r.search.id),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    search.mutate();
  };
  const ready = found !== undefined && found.faces.length > 0;

  return (
    <section className="card" aria-labelledby="search-title">
      <h2 id="search-title">
        Search with the {probeKindLabel(probe.kind).toLowerCase()} probe {probe.filename ?? ''}
      </h2>
      {warnings.map((w) => (
        <p key={w} className="warn">
          {w}
        </p>
      ))}
      {video && (
        <TrackPicker
          caseId={caseId}
          probeId={probe.id}
          tracks={tracks.data ?? []}
          loading={tracks.isPending}
          chosen={trackId}
          onChoose={(id) => {
            setPicked(id);
            setChoice(undefined);
            setStale(true);
          }}
        />
      )}
      <ErrorMessage error={tracks.error ? describeError(tracks.error) : undefined} />
      <div className="columns">
        <FacePicker
          src={shown}
          width={found?.width ?? probe.width}
          height={found?.height ?? probe.height}
          faces={found?.faces ?? []}
          chosen={faceIndex}
          only={only}
          onChoose={setChoice}
          loading={chain.length === 0 ? stored.isPending : preview.isPending}
        />
        <div>
          {can('search:run') && (
            <>
              <StepEditor
                chain={chain}
                onChange={(c) => {
                  setChain(c);
                  setStale(true);
                }}
              />
              <button type="button" onClick={() => preview.mutate()} disabled={preview.isPending || chain.length === 0}>
                {preview.isPending ? 'Previewing…' : 'Preview on the server'}
              </button>
              {stale && chain.length > 0 && (
                <p className="notice" role="status">
                  The enhancements changed: preview them to see which faces the search will find.
                </p>
              )}
            </>
          )}
          <ErrorMessage error={stored.error ? describeError(stored.error) : undefined} />
          <ErrorMessage error={preview.error ? describeError(preview.error) : undefined} />
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
          <ErrorMessage error={search.error ? describeError(search.error) : undefined} />
          <button type="submit" disabled={search.isPending || !ready}>
            {search.isPending ? 'Searching…' : `Search the gallery with face ${faceIndex + 1}`}
          </button>
        </form>
      ) : (
        <p className="muted">Running searches needs the search:run permission.</p>
      )}
    </section>
  );
}
