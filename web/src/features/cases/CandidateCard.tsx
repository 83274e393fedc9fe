/** One candidate: the searched face beside the candidate's reference face, its score, its two reviews (R35). */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError, ok } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorMessage, Field, formatTime, score } from '../../app/ui';
import { decisionLabel, examinerDecisionLabels, type officerDecisionLabels, stageLabel } from './labels';
import type { SearchResult } from './queries';

type Candidate = SearchResult['candidates'][number];
type ExaminerDecision = keyof typeof examinerDecisionLabels;
type OfficerDecision = keyof typeof officerDecisionLabels;
/** The officer's buttons say what they do; the recorded decision is shown with its own label. */
const officerActions: Record<OfficerDecision, string> = { 'accepted-as-lead': 'Accept as lead', rejected: 'Reject' };

export function CandidateCard({
  search,
  candidate: c,
  onChange,
}: {
  search: SearchResult['search'];
  candidate: Candidate;
  onChange: () => Promise<void>;
}) {
  const { can } = useSession();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (
      d: { stage: 'examiner'; decision: ExaminerDecision } | { stage: 'officer'; decision: OfficerDecision },
    ) => {
      const params = { path: { searchId: search.id, rank: c.rank } };
      const body = { note: note.trim() || undefined };
      return d.stage === 'examiner'
        ? ok(
            api.POST('/v1/searches/{searchId}/candidates/{rank}/examiner', {
              params,
              body: { ...body, decision: d.decision },
            }),
          )
        : ok(
            api.POST('/v1/searches/{searchId}/candidates/{rank}/officer', {
              params,
              body: { ...body, decision: d.decision },
            }),
          );
    },
    onSuccess: async () => {
      setNote('');
      await onChange();
    },
  });
  const name = c.displayName ?? 'a subject since deleted';
  const mayExamine = can('search:examine') && !c.examiner;
  const mayDecide = can('search:decide') && c.examiner?.decision === 'possible-match' && !c.officer;
  return (
    <li className={`candidate${c.belowThreshold ? ' below-threshold' : ''}`} data-testid={`candidate-${c.rank}`}>
      {c.belowThreshold && (
        <p className="below-label" data-testid={`below-threshold-${c.rank}`}>
          Below the threshold in force ({score(search.thresholdInForce)}): a weak lead
        </p>
      )}
      <div className="pair">
        <figure>
          <img src={`/v1/searches/${search.id}/probe-face`} alt="probe" />
          <figcaption>Searched face</figcaption>
        </figure>
        <figure>
          {c.displayName !== null && can('gallery:view-images') ? (
            <img
              src={`/v1/searches/${search.id}/candidates/${c.rank}/face`}
              alt={`gallery image of ${c.subjectReference}`}
            />
          ) : (
            <div className="noimg">
              {c.displayName === null ? 'deleted from the gallery' : 'seeing gallery faces needs gallery:view-images'}
            </div>
          )}
          <figcaption>
            #{c.rank} <strong>{name}</strong> <span className="muted">{c.subjectReference}</span>
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
            {decisionLabel(c.examiner.decision)} by {c.examiner.by}
          </strong>
        ) : (
          'not reviewed'
        )}
        {' · '}Officer:{' '}
        {c.officer ? (
          <strong>
            {decisionLabel(c.officer.decision)} by {c.officer.by}
          </strong>
        ) : (
          'no decision'
        )}
      </p>
      {c.history.length > 0 && (
        <details data-testid={`history-${c.rank}`}>
          <summary>Decision history ({c.history.length}; nothing is overwritten)</summary>
          <ol>
            {c.history.map((h) => (
              <li key={h.id}>
                {stageLabel(h.stage)} #{h.revision}: {decisionLabel(h.decision)} by {h.byName ?? h.by},{' '}
                {formatTime(h.at)}
                {h.note ? `: “${h.note}”` : ''}
                {h.reason ? ` (revised: ${h.reason})` : ''}
              </li>
            ))}
          </ol>
        </details>
      )}
      {(mayExamine || mayDecide) && (
        <div className="inline">
          <Field label={`Note on candidate ${c.rank}`}>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
          </Field>
          {mayExamine &&
            (Object.entries(examinerDecisionLabels) as [ExaminerDecision, string][]).map(([d, label]) => (
              <button
                key={d}
                type="button"
                className="secondary"
                disabled={decide.isPending}
                onClick={() => decide.mutate({ stage: 'examiner', decision: d })}
              >
                Examiner: {label}
              </button>
            ))}
          {mayDecide &&
            (Object.entries(officerActions) as [OfficerDecision, string][]).map(([d, label]) => (
              <button
                key={d}
                type="button"
                className="secondary"
                disabled={decide.isPending}
                onClick={() => decide.mutate({ stage: 'officer', decision: d })}
              >
                Officer: {label}
              </button>
            ))}
        </div>
      )}
      <ErrorMessage error={decide.error ? describeError(decide.error) : undefined} />
    </li>
  );
}
