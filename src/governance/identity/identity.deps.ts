/**
 * What the identity use cases share: the database (for reads), the unit of work their changes run
 * in, the repositories, settings, the clock and where audit entries go. The composition root
 * (openIdentity) resolves these once; a unit spec passes in-memory repositories and a manual clock.
 */
import type { Kysely } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { VigilSchema } from '../../db/schema.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../../db/unit-of-work.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { appendAudit, type AuditEntryInput } from '../audit/audit-log.ts';
import type { IdentityConfig } from './identity.config.ts';
import { IdentityRepository } from './identity.repository.ts';
import { defaultScryptParams, type ScryptParams } from './password.ts';
import { RoleGrantsRepository } from './role-grants.repository.ts';

/** Appends an audit entry inside the caller's transaction (appendAudit, or a spy in tests). */
export type AuditSink = (q: Queryable, entry: AuditEntryInput) => Promise<unknown>;

/** The identity rows as the use cases see them (the real one, or an in-memory fake). */
export type IdentityStore = Pick<IdentityRepository, keyof IdentityRepository>;
export type RoleGrantStore = Pick<RoleGrantsRepository, keyof RoleGrantsRepository>;

export interface IdentityDeps {
  /** Reads run on it; changes run in `unitOfWork` (default: its transactions). */
  readonly db: Kysely<VigilSchema>;
  readonly config: IdentityConfig;
  /** Default: the system clock. Tests move time forward with their own. */
  readonly clock?: Clock;
  /** Default: appendAudit. */
  readonly audit?: AuditSink;
  /** Parameters for new password hashes; default N=2^15, r=8, p=1. */
  readonly scrypt?: ScryptParams;
  /** Default: a transaction of `db`. */
  readonly unitOfWork?: UnitOfWork;
  /** Default: the SQL repositories. */
  readonly repository?: IdentityStore;
  readonly grantsRepository?: RoleGrantStore;
}

export interface ResolvedIdentityDeps {
  readonly db: Kysely<VigilSchema>;
  readonly config: IdentityConfig;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly scrypt: ScryptParams;
  readonly unitOfWork: UnitOfWork;
  readonly repository: IdentityStore;
  readonly grantsRepository: RoleGrantStore;
}

export function resolveIdentityDeps(d: IdentityDeps): ResolvedIdentityDeps {
  return {
    db: d.db,
    config: d.config,
    clock: d.clock ?? systemClock,
    audit: d.audit ?? appendAudit,
    scrypt: d.scrypt ?? defaultScryptParams,
    unitOfWork: d.unitOfWork ?? kyselyUnitOfWork(d.db),
    repository: d.repository ?? new IdentityRepository(),
    grantsRepository: d.grantsRepository ?? new RoleGrantsRepository(),
  };
}
