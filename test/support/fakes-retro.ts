/**
 * In-memory fakes of retrospective search's repositories and ports, for the unit tier
 * (src/retro/*.spec.ts): the same methods as the Kysely repositories, over arrays, ignoring the
 * `Queryable`. Only what the use cases call is faked.
 */
import type { CaseRow, ProbeRow, ProbeTrackRow, SearchCandidateRow, SearchRow } from '../../src/db/schema.ts';
import type { SearchCandidateUpdate } from '../../src/db/schema.ts';
import type { Accessor } from '../../src/governance/authorise.ts';
import { requirePermission } from '../../src/governance/authorise.ts';
import type { CaseServiceDeps, CaseStore } from '../../src/retro/case.service.ts';
import type { ProbeStore } from '../../src/retro/probe.service.ts';
import type { Authorise, RetroUsers } from '../../src/retro/retro.ports.ts';
import type { CandidateDecisionRow, SearchReviewRow } from '../../src/retro/review.repository.ts';
import type { SearchReviewServiceDeps } from '../../src/retro/search-review.service.ts';
import type { SearchServiceDeps } from '../../src/retro/search.service.ts';

/** Cases, members, probes and tracks in arrays. */
export class MemoryCaseRepository implements CaseStore, ProbeStore {
  readonly cases: CaseRow[] = [];
  readonly members: { case_id: string; username: string; added_by: string; added_at: string }[] = [];
  readonly probes: ProbeRow[] = [];
  readonly tracks: ProbeTrackRow[] = [];

  insertCase = async (_q: unknown, row: CaseRow): Promise<void> => void this.cases.push({ ...row });
  findCase = async (_q: unknown, id: string) => this.cases.find((c) => c.id === id);
  findCaseByReference = async (_q: unknown, ref: string) => this.cases.find((c) => c.reference === ref);
  listCases = async (
    _q: unknown,
    o: { limit: number; offset: number; createdBy?: string | undefined; visibleTo?: string | undefined },
  ): Promise<CaseRow[]> =>
    this.cases
      .filter((c) => !o.createdBy || c.created_by === o.createdBy)
      .filter(
        (c) =>
          o.visibleTo === undefined ||
          c.created_by === o.visibleTo ||
          this.members.some((m) => m.case_id === c.id && m.username === o.visibleTo),
      )
      .slice(o.offset, o.offset + o.limit);
  isMember = async (_q: unknown, caseId: string, username: string) =>
    this.members.some((m) => m.case_id === caseId && m.username === username);
  addMember = async (_q: unknown, caseId: string, username: string, addedBy: string, at: string): Promise<void> =>
    void this.members.push({ case_id: caseId, username, added_by: addedBy, added_at: at });
  membersOf = async (_q: unknown, caseId: string) =>
    this.members
      .filter((m) => m.case_id === caseId)
      .map((m) => m.username)
      .sort();
  setAuthorisationRef = async (_q: unknown, id: string, ref: string): Promise<void> => {
    const c = this.cases.find((x) => x.id === id);
    if (c) Object.assign(c, { authorisation_ref: ref });
  };
  probesOf = async (_q: unknown, caseId: string) => this.probes.filter((p) => p.case_id === caseId);
  insertProbe = async (_q: unknown, row: ProbeRow): Promise<void> => void this.probes.push(row);
  findProbe = async (_q: unknown, id: string) => this.probes.find((p) => p.id === id);
  insertTrack = async (_q: unknown, row: ProbeTrackRow): Promise<void> => void this.tracks.push(row);
  tracksOf = async (_q: unknown, probeId: string) => this.tracks.filter((t) => t.probe_id === probeId);
  findTrack = async (_q: unknown, id: string) => this.tracks.find((t) => t.id === id);
}

/** Searches and their candidates in arrays. */
export class MemorySearchRepository implements SearchRows {
  readonly searches: SearchRow[] = [];
  readonly candidates: SearchCandidateRow[] = [];

  insertSearch = async (
    _q: unknown,
    search: Parameters<SearchRows['insertSearch']>[1],
    candidates: readonly SearchCandidateRow[],
  ): Promise<void> => {
    this.searches.push({ face_box_json: null, ...search });
    this.candidates.push(...candidates.map((c) => ({ ...c })));
  };
  findSearch = async (_q: unknown, id: string) => this.searches.find((s) => s.id === id);
  searchesOf = async (_q: unknown, caseId: string) => this.searches.filter((s) => s.case_id === caseId);
  firstSearchAt = async (_q: unknown, caseId: string) =>
    this.searches
      .filter((s) => s.case_id === caseId)
      .map((s) => s.created_at)
      .sort()[0];
  candidatesOf = async (_q: unknown, searchId: string) =>
    this.candidates.filter((c) => c.search_id === searchId).sort((a, b) => a.rank - b.rank);
  findCandidate = async (_q: unknown, searchId: string, rank: number) =>
    this.candidates.find((c) => c.search_id === searchId && c.rank === rank);
  updateCandidate = async (_q: unknown, searchId: string, rank: number, set: SearchCandidateUpdate): Promise<void> => {
    const c = this.candidates.find((x) => x.search_id === searchId && x.rank === rank);
    if (c) Object.assign(c, set);
  };
  setSupervisorReview = async (_q: unknown, id: string, by: string, at: string, note: string): Promise<void> => {
    const s = this.searches.find((x) => x.id === id);
    if (s) Object.assign(s, { supervisor_review_by: by, supervisor_review_at: at, supervisor_review_note: note });
  };
  statistics = async () => [];
}

type SearchRows = SearchServiceDeps['repo'] & SearchReviewServiceDeps['searches'] & CaseServiceDeps['searchRows'];

/** Decision revisions and supervisor reviews, append-only like the tables (the unique revision key included). */
export class MemoryReviewRepository implements SearchReviewRepositoryFake {
  readonly decisions: CandidateDecisionRow[] = [];
  readonly reviews: SearchReviewRow[] = [];

  constructor(private readonly searches: MemorySearchRepository) {}

  lockCandidate = async (_q: unknown, searchId: string, rank: number) =>
    this.searches.candidates.find((c) => c.search_id === searchId && c.rank === rank);
  decisionsOf = async (_q: unknown, searchId: string, rank?: number) =>
    this.decisions.filter((d) => d.search_id === searchId && (rank === undefined || d.rank === rank));
  insertDecision = async (_q: unknown, row: CandidateDecisionRow): Promise<void> => {
    const clash = this.decisions.some(
      (d) =>
        d.search_id === row.search_id && d.rank === row.rank && d.stage === row.stage && d.revision === row.revision,
    );
    if (clash) throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    this.decisions.push(row);
  };
  reviewsOf = async (_q: unknown, searchId: string) => this.reviews.filter((r) => r.search_id === searchId);
  lockSearch = async (_q: unknown, searchId: string) => this.searches.searches.some((s) => s.id === searchId);
  lastReviewRevision = async (_q: unknown, searchId: string) =>
    Math.max(0, ...this.reviews.filter((r) => r.search_id === searchId).map((r) => r.revision));
  insertReview = async (_q: unknown, row: SearchReviewRow): Promise<void> => void this.reviews.push(row);
}

type SearchReviewRepositoryFake = SearchReviewServiceDeps['reviews'];

/** Governance's check as the use cases see it, without a database: refusals are kept in `denied`. */
export function fakeAuthorise(): Authorise & { denied: { who: string; permission: string }[] } {
  const denied: { who: string; permission: string }[] = [];
  const check = async (who: Accessor, permission: Parameters<Authorise>[1]): Promise<void> => {
    try {
      requirePermission(who, permission);
    } catch (err) {
      denied.push({ who: who.username, permission });
      throw err;
    }
  };
  return Object.assign(check, { denied });
}

/** User accounts by username. */
export function fakeUsers(accounts: Record<string, { disabled?: boolean; displayName?: string }>): RetroUsers {
  return {
    account: async (u) => (accounts[u] ? { disabled: accounts[u].disabled ?? false } : undefined),
    displayNames: async (names) =>
      new Map(names.filter((n) => accounts[n]).map((n) => [n, accounts[n]?.displayName ?? n])),
  };
}
