/**
 * Tables of the retrospective review's history (R35, R38; issue 12): every examiner and officer
 * decision on a candidate, and every supervisor review of a search, is a row of its own that is
 * never updated or deleted (only the whole case goes, with its retention). The decision columns
 * of `search_candidates` and the review columns of `searches` are a cache of the latest row,
 * written in the same transaction, kept for the statistics, reports and retention queries.
 * Merged into VigilSchema. Added by migration 0012.
 */
export type CandidateDecisionStage = 'examiner' | 'officer';

export interface SearchCandidateDecisionsTable {
  id: string;
  search_id: string;
  rank: number;
  stage: CandidateDecisionStage;
  /** 1 for the first decision of the stage, then 2, 3...; unique per candidate and stage. */
  revision: number;
  decision: string;
  note: string | null;
  /** Why a revision was made; null for the first decision. */
  reason: string | null;
  decided_by: string;
  decided_at: string;
  /** The revision this one supersedes (same candidate and stage); null for the first. */
  supersedes: string | null;
}

export interface SearchReviewsTable {
  id: string;
  search_id: string;
  /** 1 for the first review of the search, then 2, 3...; unique per search. */
  revision: number;
  note: string;
  reviewed_by: string;
  reviewed_at: string;
}

export interface ReviewTables {
  search_candidate_decisions: SearchCandidateDecisionsTable;
  search_reviews: SearchReviewsTable;
}
