/**
 * A search's candidates as leads (R34, R35, R38): the probe and the searched face beside each
 * candidate's face, candidates under the threshold in force set apart, a warning when the
 * searched face failed the quality gates, the two review stages and the supervisor's reviews.
 */
import { useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../api/client';
import { describeStep } from '../../app/enhance';
import { ErrorMessage, formatTime, score } from '../../app/ui';
import { CandidateCard } from './CandidateCard';
import { offenceLabel, plural, provenanceLabel, qualityReasonLabel } from './labels';
import { ProbeEvidence } from './ProbeEvidence';
import { caseKeys, useSearchResult, type Probe } from './queries';
import { SupervisorReview } from './SupervisorReview';

export function SearchResults({
  caseId,
  searchId,
  probes,
}: {
  caseId: string;
  searchId: string;
  probes: readonly Probe[];
}) {
  const client = useQueryClient();
  const result = useSearchResult(searchId);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: caseKeys.search(searchId) });
    await client.invalidateQueries({ queryKey: caseKeys.workspace(caseId), exact: true });
  };
  if (result.error) return <ErrorMessage error={`Could not load the search: ${describeError(result.error)}`} />;
  if (!result.data)
    return (
      <p className="muted" role="status">
        Loading the search…
      </p>
    );
  const r = result.data;
  const { search, candidates, notice } = r;
  const probe = probes.find((p) => p.id === search.probeId);
  const quality = search.searchedFace?.quality;
  const above = candidates.filter((c) => !c.belowThreshold).length;
  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">Candidates</h2>
      <div className="banner banner-policy" role="note" data-testid="leads-banner">
        <strong>Leads, not identifications.</strong> {notice}
      </div>
      {quality && !quality.passed && (
        <div className="banner banner-warn" role="alert" data-testid="quality-warning">
          <strong>The searched face failed the quality gates</strong> (
          {quality.reasons.map(qualityReasonLabel).join(', ')}
          ). Scores from a poor probe are less reliable: treat every candidate with extra caution.
        </div>
      )}
      <div className="results-head">
        <ProbeEvidence caseId={caseId} search={search} />
        <dl className="facts">
          <dt>Searched by</dt>
          <dd>
            {search.requestedBy}, {formatTime(search.createdAt)}
          </dd>
          <dt>Offence · provenance</dt>
          <dd>
            {offenceLabel(search.offenceType)} · {provenanceLabel(search.provenance)}
            {probe ? ` (${probe.kind === 'video' ? 'video' : 'image'} probe by ${probe.uploadedBy})` : ''}
          </dd>
          <dt>Justification</dt>
          <dd>{search.justification}</dd>
          <dt>Legal basis</dt>
          <dd>{search.legalBasis}</dd>
          <dt>Threshold in force</dt>
          <dd>
            {score(search.thresholdInForce)}: {plural(above, 'candidate')} at or above it,{' '}
            {plural(candidates.length - above, 'candidate')} below
          </dd>
          <dt>Enhancements</dt>
          <dd>{search.enhancements.length > 0 ? search.enhancements.map(describeStep).join(', ') : 'none'}</dd>
          <dt>Model</dt>
          <dd>{search.modelId}</dd>
        </dl>
      </div>
      {candidates.length === 0 ? (
        <p className="empty" role="status">
          No candidates: nobody in the gallery scored high enough. This is not evidence that the person is not in the
          gallery.
        </p>
      ) : (
        <ol className="candidates">
          {candidates.map((c) => (
            <CandidateCard key={c.rank} search={search} candidate={c} onChange={refresh} />
          ))}
        </ol>
      )}
      <SupervisorReview result={r} onReviewed={refresh} />
    </section>
  );
}
