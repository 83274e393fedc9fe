/**
 * The review history of searches (R35, R38; issue 12): candidate decision revisions and
 * supervisor reviews, appended and read, never updated. Plain queries; the rules are in
 * search-review.service.ts and shared/revisions.ts.
 */
import type { Selectable } from 'kysely';
import { isPostgres, type Queryable } from '../db/database.ts';
import type { SearchCandidateRow } from '../db/schema.ts';
import type { SearchCandidateDecisionsTable, SearchReviewsTable } from '../db/tables/review.ts';

export type CandidateDecisionRow = Selectable<SearchCandidateDecisionsTable>;
export type SearchReviewRow = Selectable<SearchReviewsTable>;

export class ReviewRepository {
  /**
   * The candidate inside the transaction that appends its next decision. PostgreSQL: the row is
   * locked until the transaction ends, so two decisions on one candidate are taken one after the
   * other, each seeing the one before. SQLite's single writer serialises anyway.
   */
  lockCandidate(q: Queryable, searchId: string, rank: number): Promise<SearchCandidateRow | undefined> {
    return q
      .selectFrom('search_candidates')
      .selectAll()
      .where('search_id', '=', searchId)
      .where('rank', '=', rank)
      .$if(isPostgres(q), (qb) => qb.forUpdate())
      .executeTakeFirst();
  }

  /** A search's decision revisions (one candidate's when rank is given), by rank, stage, revision. */
  decisionsOf(q: Queryable, searchId: string, rank?: number): Promise<CandidateDecisionRow[]> {
    return q
      .selectFrom('search_candidate_decisions')
      .selectAll()
      .where('search_id', '=', searchId)
      .$if(rank !== undefined, (qb) => qb.where('rank', '=', rank ?? 0))
      .orderBy('rank')
      .orderBy('stage')
      .orderBy('revision')
      .execute();
  }

  async insertDecision(q: Queryable, row: CandidateDecisionRow): Promise<void> {
    await q.insertInto('search_candidate_decisions').values(row).execute();
  }

  /** A search's supervisor reviews, oldest first. */
  reviewsOf(q: Queryable, searchId: string): Promise<SearchReviewRow[]> {
    return q.selectFrom('search_reviews').selectAll().where('search_id', '=', searchId).orderBy('revision').execute();
  }

  /** The search inside the transaction that appends its next review (locked on PostgreSQL, as above). */
  async lockSearch(q: Queryable, searchId: string): Promise<boolean> {
    const row = await q
      .selectFrom('searches')
      .select('id')
      .where('id', '=', searchId)
      .$if(isPostgres(q), (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The number of a search's latest review; 0 when none. */
  async lastReviewRevision(q: Queryable, searchId: string): Promise<number> {
    const row = await q
      .selectFrom('search_reviews')
      .select((eb) => eb.fn.max('revision').as('last'))
      .where('search_id', '=', searchId)
      .executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  async insertReview(q: Queryable, row: SearchReviewRow): Promise<void> {
    await q.insertInto('search_reviews').values(row).execute();
  }
}

/** The shared instance, for callers not yet given theirs through their deps (issue 16). */
export const reviewRepository = new ReviewRepository();
