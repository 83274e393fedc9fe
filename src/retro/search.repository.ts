/** Searches, their candidate lists with the two-stage review (R35), and the oversight statistics (R38). */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { SearchCandidateRow, SearchCandidateUpdate, SearchRow } from '../db/schema.ts';

export interface StatisticsRow {
  readonly key: string;
  readonly searches: number;
  /** Searches with at least one candidate an examiner judged a possible match. */
  readonly withPossibleMatch: number;
  /** Searches with at least one candidate the investigating officer accepted as a lead. */
  readonly withAcceptedLead: number;
  readonly supervisorReviewed: number;
}

export type StatisticsDimension = 'requested_by' | 'case_id' | 'offence_type';

export class SearchRepository {
  /** `face_box_json` may be left out (null): a search recorded without its searched face's box. */
  async insertSearch(
    q: Queryable,
    search: Omit<SearchRow, 'face_box_json'> & { readonly face_box_json?: string | null },
    candidates: readonly SearchCandidateRow[],
  ): Promise<void> {
    await q.insertInto('searches').values(search).execute();
    if (candidates.length > 0)
      await q
        .insertInto('search_candidates')
        .values([...candidates])
        .execute();
  }

  findSearch(q: Queryable, id: string): Promise<SearchRow | undefined> {
    return q.selectFrom('searches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  searchesOf(q: Queryable, caseId: string): Promise<SearchRow[]> {
    return q
      .selectFrom('searches')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** When the case was first searched (R32's grace period counts from it); undefined when never. */
  async firstSearchAt(q: Queryable, caseId: string): Promise<string | undefined> {
    const first = await q
      .selectFrom('searches')
      .select('created_at')
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    return first?.created_at;
  }

  candidatesOf(q: Queryable, searchId: string): Promise<SearchCandidateRow[]> {
    return q.selectFrom('search_candidates').selectAll().where('search_id', '=', searchId).orderBy('rank').execute();
  }

  findCandidate(q: Queryable, searchId: string, rank: number): Promise<SearchCandidateRow | undefined> {
    return q
      .selectFrom('search_candidates')
      .selectAll()
      .where('search_id', '=', searchId)
      .where('rank', '=', rank)
      .executeTakeFirst();
  }

  /**
   * Writes the cache of a candidate's latest decisions. Only the review service calls it, in the
   * transaction that appends the revision it caches (review.repository.ts holds the record).
   */
  async updateCandidate(q: Queryable, searchId: string, rank: number, set: SearchCandidateUpdate): Promise<void> {
    await q
      .updateTable('search_candidates')
      .set(set)
      .where('search_id', '=', searchId)
      .where('rank', '=', rank)
      .execute();
  }

  /** Writes the cache of the latest supervisor review, beside its row in `search_reviews`. */
  async setSupervisorReview(q: Queryable, id: string, by: string, at: string, note: string): Promise<void> {
    await q
      .updateTable('searches')
      .set({ supervisor_review_by: by, supervisor_review_at: at, supervisor_review_note: note })
      .where('id', '=', id)
      .execute();
  }

  /** Searches grouped by user, case or offence type, within [from, to) when given. */
  async statistics(
    q: Queryable,
    by: StatisticsDimension,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<StatisticsRow[]> {
    const hit = (decisionColumn: 'examiner_decision' | 'officer_decision', value: string) =>
      sql<number>`sum(case when exists (select 1 from search_candidates c where c.search_id = s.id and c.${sql.ref(
        decisionColumn,
      )} = ${value}) then 1 else 0 end)`;
    let query = q
      .selectFrom('searches as s')
      .select([
        sql.ref<string>(`s.${by}`).as('key'),
        (eb) => eb.fn.countAll<number>().as('searches'),
        hit('examiner_decision', 'possible-match').as('withPossibleMatch'),
        hit('officer_decision', 'accepted-as-lead').as('withAcceptedLead'),
        sql<number>`sum(case when s.supervisor_review_at is not null then 1 else 0 end)`.as('supervisorReviewed'),
      ])
      .groupBy(`s.${by}`)
      .orderBy(`s.${by}`);
    if (range.from) query = query.where('s.created_at', '>=', range.from);
    if (range.to) query = query.where('s.created_at', '<', range.to);
    const rows = await query.execute();
    return rows.map((r) => ({
      key: String(r.key),
      searches: Number(r.searches),
      withPossibleMatch: Number(r.withPossibleMatch),
      withAcceptedLead: Number(r.withAcceptedLead),
      supervisorReviewed: Number(r.supervisorReviewed),
    }));
  }
}

/** The shared instance, for callers not yet given theirs through their deps (issue 16). */
export const searchRepository = new SearchRepository();
