/**
 * The rules of a retrospective search, pure (no I/O): what a request must state (R31), when a
 * case without its authorisation reference may no longer be searched (R32 [EU]), and how index
 * hits become the ranked candidate list, one entry per subject at or above the policy minimum
 * (R34). search.service.ts applies them.
 */
import type { SearchCandidateRow } from '../db/schema.ts';
import type { TemplateOwner } from '../gallery/gallery.ports.ts';
import { DomainError } from '../shared/domain-error.ts';

export const leadsNotice =
  'These candidates are investigative leads, not identifications. A score says how alike two images are, ' +
  'not who the person is: every candidate must be reviewed by a trained examiner and then the investigating ' +
  'officer, and corroborated by other evidence before any action is taken.';

export const MIN_JUSTIFICATION = 20;

export interface SearchPolicy {
  readonly defaultCandidates: number;
  readonly maxCandidates: number;
  readonly minScore?: number | undefined;
  /** R32 [EU]: hours after a case's first search by which its authorisation reference is due; 0: no rule. */
  readonly authorisationWithinHours?: number | undefined;
}

/** What a search request states, as these rules read it. */
export interface SearchTerms {
  readonly justification: string;
  readonly legalBasis: string;
  readonly maxCandidates?: number | undefined;
  readonly minScore?: number | undefined;
}

/**
 * R31: a justification of at least MIN_JUSTIFICATION characters and a legal basis; a candidate
 * count within the policy. Returns the count and the minimum score in force (-1: none), which a
 * request can raise above the policy minimum but not lower.
 */
export function checkSearchTerms(req: SearchTerms, policy: SearchPolicy): { n: number; minScore: number } {
  if (req.justification.trim().length < MIN_JUSTIFICATION) {
    throw new DomainError(
      'invalid',
      'justification-required',
      `a search needs a justification of at least ${MIN_JUSTIFICATION} characters (R31)`,
    );
  }
  if (req.legalBasis.trim() === '')
    throw new DomainError('invalid', 'legal-basis-required', 'a search needs its legal basis (R31)');
  const n = req.maxCandidates ?? policy.defaultCandidates;
  if (!Number.isInteger(n) || n < 1 || n > policy.maxCandidates) {
    throw new DomainError('invalid', 'bad-candidate-count', `maxCandidates must be from 1 to ${policy.maxCandidates}`);
  }
  return { n, minScore: Math.max(policy.minScore ?? -1, req.minScore ?? -1) };
}

/**
 * R32 [EU]: without an authorisation reference, searching stops once `hours` have passed since
 * the case's first search (`firstAt`); no rule when `hours` is 0 or the case was never searched.
 */
export function checkAuthorisationDue(
  firstAt: string | undefined,
  authorisationRef: string | null,
  hours: number,
  now: Date,
): void {
  if (hours <= 0 || authorisationRef || firstAt === undefined) return;
  if (now.getTime() > Date.parse(firstAt) + hours * 3_600_000) {
    throw new DomainError(
      'refused',
      'authorisation-overdue',
      `R32: this case was first searched on ${firstAt} and has no authorisation reference ${hours} hours later; record it before searching again`,
    );
  }
}

export interface Candidate extends SearchCandidateRow {
  readonly display_name: string | null;
}

/**
 * R34: the ranked candidates of `hits` (best first): one entry per subject (their best image),
 * at or above `minScore`, at most `n`. A key without an owner (its subject deleted a moment ago)
 * is dropped.
 */
export function rankCandidates(
  hits: readonly { readonly key: number; readonly score: number }[],
  owners: ReadonlyMap<number, TemplateOwner>,
  o: { readonly searchId: string; readonly n: number; readonly minScore: number },
): Candidate[] {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const owner = owners.get(hit.key);
    if (!owner || seen.has(owner.subjectId) || hit.score < o.minScore) continue;
    seen.add(owner.subjectId);
    candidates.push({
      search_id: o.searchId,
      rank: candidates.length + 1,
      subject_id: owner.subjectId,
      subject_reference: owner.reference,
      display_name: owner.displayName,
      image_id: owner.imageId,
      score: hit.score,
      examiner_decision: null,
      examiner_by: null,
      examiner_at: null,
      examiner_note: null,
      officer_decision: null,
      officer_by: null,
      officer_at: null,
      officer_note: null,
    });
    if (candidates.length === o.n) break;
  }
  return candidates;
}
