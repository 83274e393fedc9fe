/**
 * The review of a search's candidates (R35, R38): an examiner judges each candidate first, then a
 * different investigating officer decides on the possible matches; a supervisor (not the searcher)
 * may review the search; statistics count searches per user, case and offence type with hit rates
 * and reviews. Every decision is audited in its own transaction.
 *
 * Decisions are append-only (issue 12; the rule is in shared/revisions.ts). Each decision is a new
 * row of `search_candidate_decisions`; nothing is overwritten and the history is shown with the
 * candidate:
 * - The first examiner to judge a candidate is its examiner of record. Nobody else may record an
 *   examiner decision on it (`not-examiner-of-record`), so a second examiner can neither replace
 *   the first's judgement nor, by replacing it, unlock the officer stage for themselves. The
 *   examiner of record may revise (a new revision with a reason) only while no officer decision
 *   exists (`already-reviewed`): the officer's decision always rests on the judgement it saw.
 * - The first officer to decide is the officer of record; the decision is final once recorded. A
 *   correction is a new revision by the same officer with a reason, kept beside the original.
 * - Each supervisor review is a new row of `search_reviews`; the latest is shown first, all kept.
 * The decision columns of `search_candidates` (and the review columns of `searches`) are a cache
 * of the latest revision, written in the same transaction, for the statistics, reports and
 * retention queries. A concurrent second decision on the same stage is refused by the unique
 * revision key (`concurrent-decision`).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { SearchCandidateRow, SearchRow } from '../db/schema.ts';
import type { CandidateDecisionStage } from '../db/tables/review.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { isUniqueViolation } from '../gallery/unique-violation.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { authorOfRecord, latestOf, nextRevision } from '../shared/revisions.ts';
import type { RetroUsers } from './retro.ports.ts';
import type { CandidateDecisionRow, ReviewRepository, SearchReviewRow } from './review.repository.ts';
import type { SearchRepository, StatisticsDimension, StatisticsRow } from './search.repository.ts';

export const examinerDecisions = ['possible-match', 'not-a-match', 'inconclusive'] as const;
export const officerDecisions = ['accepted-as-lead', 'rejected'] as const;
export type ExaminerDecision = (typeof examinerDecisions)[number];
export type OfficerDecision = (typeof officerDecisions)[number];

/** A search's review history: every decision revision and supervisor review, with the deciders' names. */
export interface SearchHistory {
  readonly decisions: readonly CandidateDecisionRow[];
  readonly reviews: readonly SearchReviewRow[];
  /** Display names by username, for those with an account. */
  readonly names: ReadonlyMap<string, string>;
}

export interface SearchReviewServiceDeps {
  readonly db: Queryable;
  readonly uow: UnitOfWork;
  /** All of the review history's rows (review.repository.ts). */
  readonly reviews: ReviewRepository;
  readonly searches: Pick<
    SearchRepository,
    'findSearch' | 'findCandidate' | 'updateCandidate' | 'setSupervisorReview' | 'statistics'
  >;
  readonly audit: AuditAppender;
  readonly users: Pick<RetroUsers, 'displayNames'>;
  readonly clock: Clock;
}

export class SearchReviewService {
  constructor(private readonly deps: SearchReviewServiceDeps) {}

  /**
   * First stage (R35): the examiner's judgement of one candidate. A revision by the examiner of
   * record needs `reason`; see the module comment for who may record what.
   */
  async recordExaminerDecision(
    searchId: string,
    rank: number,
    decision: ExaminerDecision,
    note: string | undefined,
    actor: string,
    reason?: string,
  ): Promise<SearchCandidateRow> {
    await this.find(searchId);
    await this.append(searchId, rank, 'examiner', actor, async (trx, candidate, history) => {
      if (history.some((d) => d.stage === 'officer') || candidate.officer_decision !== null) {
        throw new DomainError(
          'conflict',
          'already-reviewed',
          'the investigating officer has already decided on this candidate: the examiner decision stands',
        );
      }
      const examinerHistory = history.filter((d) => d.stage === 'examiner');
      refuseUnrecorded(examinerHistory.length, candidate.examiner_decision);
      const next = nextRevision(examinerHistory, actor, reason, { role: 'examiner', reasonCode: 'reason-required' });
      const at = this.deps.clock.nowIso();
      await this.insert(trx, { searchId, rank, stage: 'examiner', decision, note, reason, actor, at, next });
      await this.deps.searches.updateCandidate(trx, searchId, rank, {
        examiner_decision: decision,
        examiner_by: actor,
        examiner_at: at,
        examiner_note: note ?? null,
      });
      await this.deps.audit.append(trx, {
        actor,
        action: 'search.examiner-decision',
        target: { type: 'search', id: searchId },
        details: { rank, decision, subjectId: candidate.subject_id, revision: next.revision, reason: reason ?? null },
      });
    });
    return this.candidate(searchId, rank);
  }

  /** Second stage (R35): the investigating officer, who is not the examiner, on a possible match. */
  async recordOfficerDecision(
    searchId: string,
    rank: number,
    decision: OfficerDecision,
    note: string | undefined,
    actor: string,
    reason?: string,
  ): Promise<SearchCandidateRow> {
    await this.find(searchId);
    await this.append(searchId, rank, 'officer', actor, async (trx, candidate, history) => {
      const examinerHistory = history.filter((d) => d.stage === 'examiner');
      const examined = latestOf(examinerHistory);
      if (!examined) {
        throw new DomainError(
          'conflict',
          'examiner-first',
          'an examiner must review this candidate before the investigating officer',
        );
      }
      if (examined.decision !== 'possible-match') {
        throw new DomainError(
          'conflict',
          'not-a-possible-match',
          `the examiner judged this candidate "${examined.decision}"; only possible matches go to the officer`,
        );
      }
      const examiner = authorOfRecord(examinerHistory);
      if (examiner === actor) {
        throw new DomainError(
          'forbidden',
          'same-reviewer',
          'the officer decision must come from someone other than the examiner',
        );
      }
      const officerHistory = history.filter((d) => d.stage === 'officer');
      refuseUnrecorded(officerHistory.length, candidate.officer_decision);
      const next = nextRevision(officerHistory, actor, reason, { role: 'officer', reasonCode: 'reason-required' });
      const at = this.deps.clock.nowIso();
      await this.insert(trx, { searchId, rank, stage: 'officer', decision, note, reason, actor, at, next });
      await this.deps.searches.updateCandidate(trx, searchId, rank, {
        officer_decision: decision,
        officer_by: actor,
        officer_at: at,
        officer_note: note ?? null,
      });
      await this.deps.audit.append(trx, {
        actor,
        action: 'search.officer-decision',
        target: { type: 'search', id: searchId },
        details: {
          rank,
          decision,
          subjectId: candidate.subject_id,
          examinedBy: examiner,
          revision: next.revision,
          reason: reason ?? null,
        },
      });
    });
    return this.candidate(searchId, rank);
  }

  /** A supervisor's review (R38): a new row each time, never replacing an earlier one. */
  async recordSupervisorReview(searchId: string, note: string, actor: string): Promise<SearchRow> {
    const search = await this.find(searchId);
    if (search.requested_by === actor) {
      throw new DomainError('forbidden', 'own-search', 'a supervisor cannot review their own search');
    }
    const { reviews, searches } = this.deps;
    await this.deps.uow.run(async (trx) => {
      await reviews.lockSearch(trx, searchId);
      const at = this.deps.clock.nowIso();
      await reviews.insertReview(trx, {
        id: randomUUID(),
        search_id: searchId,
        revision: (await reviews.lastReviewRevision(trx, searchId)) + 1,
        note,
        reviewed_by: actor,
        reviewed_at: at,
      });
      await searches.setSupervisorReview(trx, searchId, actor, at, note);
      await this.deps.audit.append(trx, {
        actor,
        action: 'search.supervisor-review',
        target: { type: 'search', id: searchId },
        details: { note },
      });
    });
    return this.find(searchId);
  }

  /** Every decision revision and supervisor review of a search, with the deciders' names. */
  async history(searchId: string): Promise<SearchHistory> {
    const [decisions, reviews] = await Promise.all([
      this.deps.reviews.decisionsOf(this.deps.db, searchId),
      this.deps.reviews.reviewsOf(this.deps.db, searchId),
    ]);
    const names = await this.deps.users.displayNames([
      ...decisions.map((d) => d.decided_by),
      ...reviews.map((r) => r.reviewed_by),
    ]);
    return { decisions, reviews, names };
  }

  statistics(
    by: StatisticsDimension,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<StatisticsRow[]> {
    return this.deps.searches.statistics(this.deps.db, by, range);
  }

  /** Runs one decision in a transaction over the locked candidate and its history so far. */
  private async append(
    searchId: string,
    rank: number,
    stage: CandidateDecisionStage,
    actor: string,
    work: (trx: Queryable, candidate: SearchCandidateRow, history: readonly CandidateDecisionRow[]) => Promise<void>,
  ): Promise<void> {
    try {
      await this.deps.uow.run(async (trx) => {
        const candidate = await this.deps.reviews.lockCandidate(trx, searchId, rank);
        if (!candidate) throw noCandidate(searchId, rank);
        await work(trx, candidate, await this.deps.reviews.decisionsOf(trx, searchId, rank));
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError(
        'conflict',
        'concurrent-decision',
        `another ${stage} decision on candidate ${rank} was recorded at the same moment as ${actor}'s; reload and look again`,
      );
    }
  }

  private insert(
    trx: Queryable,
    d: {
      searchId: string;
      rank: number;
      stage: CandidateDecisionStage;
      decision: string;
      note: string | undefined;
      reason: string | undefined;
      actor: string;
      at: string;
      next: { revision: number; supersedes: string | null };
    },
  ): Promise<void> {
    return this.deps.reviews.insertDecision(trx, {
      id: randomUUID(),
      search_id: d.searchId,
      rank: d.rank,
      stage: d.stage,
      revision: d.next.revision,
      decision: d.decision,
      note: d.note ?? null,
      reason: d.next.revision === 1 ? null : (d.reason ?? null),
      decided_by: d.actor,
      decided_at: d.at,
      supersedes: d.next.supersedes,
    });
  }

  private async find(searchId: string): Promise<SearchRow> {
    const s = await this.deps.searches.findSearch(this.deps.db, searchId);
    if (!s) throw new DomainError('not-found', 'no-such-search', `search ${searchId} does not exist`);
    return s;
  }

  private async candidate(searchId: string, rank: number): Promise<SearchCandidateRow> {
    const c = await this.deps.searches.findCandidate(this.deps.db, searchId, rank);
    if (!c) throw noCandidate(searchId, rank);
    return c;
  }
}

/** A decision in the candidate's columns with no revision row (written around the service): it stands. */
function refuseUnrecorded(revisions: number, cached: string | null): void {
  if (revisions === 0 && cached !== null)
    throw new DomainError('conflict', 'already-decided', 'a decision is already recorded on this candidate: it stands');
}

const noCandidate = (searchId: string, rank: number) =>
  new DomainError('not-found', 'no-such-candidate', `search ${searchId} has no candidate ${rank}`);
