/**
 * The cases of retrospective search (R30, R32, R38): a case (reference, offence type from the
 * configured list) is opened by an investigator, who may add other enabled users as members; only
 * its investigator, its members and the overseeing roles may see or search it (record-level
 * access, refused and audited otherwise). Its probes are in probe.service.ts, its searches in
 * search.service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { CaseRow, ProbeRow, SearchRow } from '../db/schema.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import { channelDetails, type Accessor } from '../governance/authorise.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { CaseRepository } from './case.repository.ts';
import type { Authorise, RetroUsers } from './retro.ports.ts';
import type { SearchRepository } from './search.repository.ts';

/** The case rows the case use cases read and write. */
export type CaseStore = Pick<
  CaseRepository,
  | 'insertCase'
  | 'findCase'
  | 'findCaseByReference'
  | 'listCases'
  | 'isMember'
  | 'addMember'
  | 'membersOf'
  | 'setAuthorisationRef'
  | 'probesOf'
>;

export interface CaseServiceDeps {
  /** Where reads go (the database); writes go through `uow`. */
  readonly db: Queryable;
  readonly uow: UnitOfWork;
  readonly repo: CaseStore;
  readonly searchRows: Pick<SearchRepository, 'searchesOf'>;
  readonly audit: AuditAppender;
  readonly authorise: Authorise;
  readonly users: Pick<RetroUsers, 'account'>;
  readonly clock: Clock;
  /** The configured closed list of offence types (R38 counts by it). */
  readonly offenceTypes: readonly string[];
}

/** Who is asking, for record-level checks: a case is worked on by the investigator who opened it and its members. */
export type { Accessor } from '../governance/authorise.ts';

/** Roles that oversee every case (R38 supervision, audit). */
export const overseers: readonly string[] = ['rfr-supervisor', 'auditor'];

/** Whether `who` oversees every case (R38): their access is not by membership. */
export function oversees(who: Accessor): boolean {
  return who.roles.some((r) => overseers.includes(r));
}

export interface NewCaseInput {
  readonly reference: string;
  readonly offenceType: string;
  readonly title: string;
  readonly authorisationRef?: string | undefined;
}

export interface CaseWorkspace {
  readonly case: CaseRow;
  readonly probes: readonly ProbeRow[];
  readonly searches: readonly SearchRow[];
}

/** Probe shapes, also exported here for the callers that import them with the case service. */
export {
  probeProvenances,
  type ProbeProvenance,
  type FoundTrack,
  type VideoAnalysis,
  type NewProbeInput,
} from './probe.types.ts';

export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  /** Opens a case as `who` (cases:write, R30), who becomes its investigator. */
  async createCase(input: NewCaseInput, who: Accessor): Promise<CaseRow> {
    const { repo, audit } = this.deps;
    await this.deps.authorise(who, 'cases:write');
    const actor = who.username;
    this.checkOffence(input.offenceType);
    if (await repo.findCaseByReference(this.deps.db, input.reference)) {
      throw new DomainError('conflict', 'case-exists', `case ${input.reference} already exists`);
    }
    const row: CaseRow = {
      id: randomUUID(),
      reference: input.reference,
      offence_type: input.offenceType,
      title: input.title,
      authorisation_ref: input.authorisationRef ?? null,
      status: 'open',
      created_by: actor,
      created_at: this.deps.clock.nowIso(),
    };
    await this.deps.uow.run(async (trx) => {
      await repo.insertCase(trx, row);
      await audit.append(trx, {
        actor,
        action: 'case.created',
        target: { type: 'case', id: row.id },
        details: {
          reference: row.reference,
          offenceType: row.offence_type,
          authorisationRef: row.authorisation_ref,
          ...channelDetails(who),
        },
      });
    });
    return row;
  }

  async case(id: string): Promise<CaseRow> {
    const row = await this.deps.repo.findCase(this.deps.db, id);
    if (!row) throw new DomainError('not-found', 'no-such-case', `case ${id} does not exist`);
    return row;
  }

  /** Whether `who` may work on (or oversee) this case. */
  async mayAccess(c: CaseRow, who: Accessor): Promise<boolean> {
    if (oversees(who)) return true;
    if (c.created_by === who.username) return true;
    return this.deps.repo.isMember(this.deps.db, c.id, who.username);
  }

  /** The case, if `who` may work on it; refused (and audited) otherwise (R30). */
  async accessibleCase(caseId: string, who: Accessor): Promise<CaseRow> {
    const c = await this.case(caseId);
    if (!(await this.mayAccess(c, who))) {
      await this.deps.audit.append(this.deps.db, {
        actor: who.username,
        action: 'case.access-denied',
        outcome: 'denied',
        target: { type: 'case', id: c.id },
      });
      throw new DomainError(
        'forbidden',
        'not-your-case',
        `case ${c.reference} is not one of yours; ask its investigator to add you`,
      );
    }
    return c;
  }

  /** Lets an existing, enabled user work on the case (cases:write and access to the case). */
  async addMember(caseId: string, username: string, who: Accessor): Promise<string[]> {
    const { repo, db } = this.deps;
    await this.deps.authorise(who, 'cases:write', { type: 'case', id: caseId });
    const c = await this.accessibleCase(caseId, who);
    const user = await this.deps.users.account(username);
    if (!user) throw new DomainError('not-found', 'no-such-user', `there is no user ${username}`);
    if (user.disabled) throw new DomainError('refused', 'user-disabled', `user ${username} is disabled`);
    if (!(await repo.isMember(db, c.id, username)) && c.created_by !== username) {
      await this.deps.uow.run(async (trx) => {
        await repo.addMember(trx, c.id, username, who.username, this.deps.clock.nowIso());
        await this.deps.audit.append(trx, {
          actor: who.username,
          action: 'case.member-added',
          target: { type: 'case', id: c.id },
          details: { username },
        });
      });
    }
    return repo.membersOf(db, c.id);
  }

  /** Records the authorisation reference of a case (R32). */
  async setAuthorisationRef(caseId: string, ref: string, actor: string): Promise<CaseRow> {
    const c = await this.case(caseId);
    await this.deps.uow.run(async (trx) => {
      await this.deps.repo.setAuthorisationRef(trx, c.id, ref);
      await this.deps.audit.append(trx, {
        actor,
        action: 'case.authorisation-recorded',
        target: { type: 'case', id: c.id },
        details: { authorisationRef: ref },
      });
    });
    return this.case(caseId);
  }

  members(caseId: string): Promise<string[]> {
    return this.deps.repo.membersOf(this.deps.db, caseId);
  }

  caseByReference(reference: string): Promise<CaseRow | undefined> {
    return this.deps.repo.findCaseByReference(this.deps.db, reference);
  }

  async workspace(id: string): Promise<CaseWorkspace> {
    const c = await this.case(id);
    const [probes, searches] = await Promise.all([
      this.deps.repo.probesOf(this.deps.db, id),
      this.deps.searchRows.searchesOf(this.deps.db, id),
    ]);
    return { case: c, probes, searches };
  }

  /** Cases `who` may see: overseers see all, others their own and those they are members of. */
  listCases(o: { limit: number; offset: number; createdBy?: string | undefined }, who?: Accessor): Promise<CaseRow[]> {
    const all = !who || oversees(who);
    return this.deps.repo.listCases(this.deps.db, { ...o, ...(all ? {} : { visibleTo: who.username }) });
  }

  /** The case, open, if `who` may add to it: cases:write and record-level access (R30). */
  async writableCase(caseId: string, who: Accessor): Promise<CaseRow> {
    await this.deps.authorise(who, 'cases:write', { type: 'case', id: caseId });
    await this.accessibleCase(caseId, who);
    return this.openCase(caseId);
  }

  async openCase(caseId: string): Promise<CaseRow> {
    const c = await this.case(caseId);
    if (c.status !== 'open') throw new DomainError('refused', 'case-closed', `case ${c.reference} is closed`);
    return c;
  }

  checkOffence(offenceType: string): void {
    if (!this.deps.offenceTypes.includes(offenceType)) {
      throw new DomainError(
        'invalid',
        'unknown-offence-type',
        `offence type "${offenceType}" is not in the configured list`,
        { offenceTypes: [...this.deps.offenceTypes] },
      );
    }
  }
}
