/** Rows of the case workspace as the API shows them. */
import type { z } from 'zod';
import type { CaseRow, ProbeRow, ProbeTrackRow, SearchRow } from '../../db/schema.ts';
import type { SearchHistory } from '../../retro/search-review.service.ts';
import type { SearchResult } from '../../retro/search.service.ts';
import { parseSearchedFace } from '../../retro/track-face.ts';
import type {
  caseSchema,
  decisionRevisionSchema,
  probeSchema,
  reviewedSearchSchema,
  searchResultResponse,
  searchSchema,
  supervisorReviewSchema,
  trackSchema,
} from './cases.dto.ts';

export function presentCase(c: CaseRow): z.infer<typeof caseSchema> {
  return {
    id: c.id,
    reference: c.reference,
    offenceType: c.offence_type,
    title: c.title,
    authorisationRef: c.authorisation_ref,
    status: c.status,
    createdBy: c.created_by,
    createdAt: c.created_at,
  };
}

export function presentProbe(p: ProbeRow): z.infer<typeof probeSchema> {
  return {
    id: p.id,
    caseId: p.case_id,
    kind: p.kind,
    filename: p.filename,
    provenance: p.provenance as z.infer<typeof probeSchema>['provenance'],
    description: p.description,
    width: p.width,
    height: p.height,
    durationMs: p.duration_ms,
    uploadedBy: p.uploaded_by,
    createdAt: p.created_at,
  };
}

export function presentTrack(t: ProbeTrackRow): z.infer<typeof trackSchema> {
  return {
    id: t.id,
    trackNo: t.track_no,
    firstMs: t.first_ms,
    lastMs: t.last_ms,
    frameCount: t.frame_count,
    bestFrameMs: t.best_frame_ms,
    box: JSON.parse(t.best_box_json) as z.infer<typeof trackSchema>['box'],
    quality: JSON.parse(t.quality_json) as z.infer<typeof trackSchema>['quality'],
  };
}

export function presentSearch(s: SearchRow): z.infer<typeof searchSchema> {
  return {
    id: s.id,
    caseId: s.case_id,
    probeId: s.probe_id,
    trackId: s.track_id,
    faceIndex: s.face_index,
    enhancements: JSON.parse(s.enhancements_json) as z.infer<typeof searchSchema>['enhancements'],
    offenceType: s.offence_type,
    justification: s.justification,
    provenance: s.provenance,
    legalBasis: s.legal_basis,
    modelId: s.model_id,
    maxCandidates: s.max_candidates,
    policyMinScore: s.policy_min_score,
    thresholdInForce: s.threshold_in_force,
    candidateCount: s.candidate_count,
    requestedBy: s.requested_by,
    createdAt: s.created_at,
    supervisorReview:
      s.supervisor_review_by && s.supervisor_review_at
        ? { by: s.supervisor_review_by, at: s.supervisor_review_at, note: s.supervisor_review_note ?? '' }
        : null,
    searchedFace: presentSearchedFace(s.face_box_json),
  };
}

function presentSearchedFace(json: string | null): z.infer<typeof searchSchema>['searchedFace'] {
  const f = parseSearchedFace(json);
  if (!f) return null;
  return {
    box: { x: f.x, y: f.y, width: f.width, height: f.height },
    imageWidth: f.imageWidth,
    imageHeight: f.imageHeight,
    quality: f.quality ? { passed: f.quality.passed, reasons: [...f.quality.reasons] } : null,
  };
}

/** A search's history before anyone has decided anything (a search just run). */
export const noHistory: SearchHistory = { decisions: [], reviews: [], names: new Map() };

function presentReviews(h: SearchHistory): z.infer<typeof supervisorReviewSchema>[] {
  return h.reviews.map((r) => ({
    by: r.reviewed_by,
    byName: h.names.get(r.reviewed_by) ?? null,
    at: r.reviewed_at,
    note: r.note,
  }));
}

/** A search with every supervisor review it has had (R38). */
export function presentReviewedSearch(s: SearchRow, h: SearchHistory): z.infer<typeof reviewedSearchSchema> {
  return { ...presentSearch(s), supervisorReviews: presentReviews(h) };
}

type CandidateOut = z.infer<typeof searchResultResponse>['candidates'][number];

function presentHistory(h: SearchHistory, rank: number): z.infer<typeof decisionRevisionSchema>[] {
  return h.decisions
    .filter((d) => d.rank === rank)
    .map((d) => ({
      id: d.id,
      stage: d.stage,
      revision: d.revision,
      decision: d.decision,
      note: d.note,
      reason: d.reason,
      by: d.decided_by,
      byName: h.names.get(d.decided_by) ?? null,
      at: d.decided_at,
      supersedes: d.supersedes,
    }));
}

/** A search result with each candidate's decision history (issue 12: nothing is overwritten). */
export function presentResult(r: SearchResult, h: SearchHistory = noHistory): z.infer<typeof searchResultResponse> {
  return {
    search: presentSearch(r.search),
    notice: r.notice,
    supervisorReviews: presentReviews(h),
    candidates: r.candidates.map((c): CandidateOut => ({
      rank: c.rank,
      subjectId: c.subject_id,
      subjectReference: c.subject_reference,
      displayName: c.display_name,
      imageId: c.image_id,
      score: c.score,
      belowThreshold: c.score < r.search.threshold_in_force,
      examiner:
        c.examiner_decision && c.examiner_by && c.examiner_at
          ? {
              decision: c.examiner_decision as NonNullable<CandidateOut['examiner']>['decision'],
              by: c.examiner_by,
              at: c.examiner_at,
              note: c.examiner_note,
            }
          : null,
      officer:
        c.officer_decision && c.officer_by && c.officer_at
          ? {
              decision: c.officer_decision as NonNullable<CandidateOut['officer']>['decision'],
              by: c.officer_by,
              at: c.officer_at,
              note: c.officer_note,
            }
          : null,
      history: presentHistory(h, c.rank),
    })),
  };
}
