/**
 * The review of a search's candidates (R35, R38): an examiner judges each candidate first, then a
 * different investigating officer decides on the possible matches; a supervisor (not the searcher)
 * may review the search; statistics count searches per user, case and offence type with hit rates
 * and reviews. Every decision is audited in its own transaction.
 */
import type { Kysely } from 'kysely';
import { nowIso } from '../db/database.ts';
import type { SearchCandidateRow, SearchRow, VigilSchema } from '../db/schema.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import { DomainError } from '../shared/domain-error.ts';
import { searchRepository, type StatisticsDimension, type StatisticsRow } from './search.repository.ts';

export const examinerDecisions = ['possible-match', 'not-a-match', 'inconclusive'] as const;
export const officerDecisions = ['accepted-as-lead', 'rejected'] as const;
export type ExaminerDecision = (typeof examinerDecisions)[number];
export type OfficerDecision = (typeof officerDecisions)[number];

export class SearchReviewService {
  constructor(private readonly deps: { readonly db: Kysely<VigilSchema> }) {}

  /** First stage (R35): the examiner's judgement of one candidate. */
  async recordExaminerDecision(
    searchId: string,
    rank: number,
    decision: ExaminerDecision,
    note: string | undefined,
    actor: string,
  ): Promise<SearchCandidateRow> {
    await this.find(searchId);
    const candidate = await this.candidate(searchId, rank);
    if (candidate.officer_decision !== null) {
      throw new DomainError(
        'conflict',
        'already-reviewed',
        'the investigating officer has already decided on this candidate',
      );
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await searchRepository.updateCandidate(trx, searchId, rank, {
        examiner_decision: decision,
        examiner_by: actor,
        examiner_at: nowIso(),
        examiner_note: note ?? null,
      });
      await appendAudit(trx, {
        actor,
        action: 'search.examiner-decision',
        target: { type: 'search', id: searchId },
        details: { rank, decision, subjectId: candidate.subject_id },
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
  ): Promise<SearchCandidateRow> {
    await this.find(searchId);
    const candidate = await this.candidate(searchId, rank);
    if (candidate.examiner_decision === null) {
      throw new DomainError(
        'conflict',
        'examiner-first',
        'an examiner must review this candidate before the investigating officer',
      );
    }
    if (candidate.examiner_decision !== 'possible-match') {
      throw new DomainError(
        'conflict',
        'not-a-possible-match',
        `the examiner judged this candidate "${candidate.examiner_decision}"; only possible matches go to the officer`,
      );
    }
    if (candidate.examiner_by === actor) {
      throw new DomainError(
        'forbidden',
        'same-reviewer',
        'the officer decision must come from someone other than the examiner',
      );
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await searchRepository.updateCandidate(trx, searchId, rank, {
        officer_decision: decision,
        officer_by: actor,
        officer_at: nowIso(),
        officer_note: note ?? null,
      });
      await appendAudit(trx, {
        actor,
        action: 'search.officer-decision',
        target: { type: 'search', id: searchId },
        details: { rank, decision, subjectId: candidate.subject_id, examinedBy: candidate.examiner_by },
      });
    });
    return this.candidate(searchId, rank);
  }

  async recordSupervisorReview(searchId: string, note: string, actor: string): Promise<SearchRow> {
    const search = await this.find(searchId);
    if (search.requested_by === actor) {
      throw new DomainError('forbidden', 'own-search', 'a supervisor cannot review their own search');
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await searchRepository.setSupervisorReview(trx, searchId, actor, nowIso(), note);
      await appendAudit(trx, {
        actor,
        action: 'search.supervisor-review',
        target: { type: 'search', id: searchId },
        details: { note },
      });
    });
    return this.find(searchId);
  }

  statistics(
    by: StatisticsDimension,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<StatisticsRow[]> {
    return searchRepository.statistics(this.deps.db, by, range);
  }

  private async find(searchId: string): Promise<SearchRow> {
    const s = await searchRepository.findSearch(this.deps.db, searchId);
    if (!s) throw new DomainError('not-found', 'no-such-search', `search ${searchId} does not exist`);
    return s;
  }

  private async candidate(searchId: string, rank: number): Promise<SearchCandidateRow> {
    const c = await searchRepository.findCandidate(this.deps.db, searchId, rank);
    if (!c) throw new DomainError('not-found', 'no-such-candidate', `search ${searchId} has no candidate ${rank}`);
    return c;
  }
}
