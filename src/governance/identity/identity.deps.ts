/** What the identity use cases share: the database, settings, a clock and where audit entries go. */
import type { Kysely } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { VigilSchema } from '../../db/schema.ts';
import { appendAudit, type AuditEntryInput } from '../audit/audit-log.ts';
import type { IdentityConfig } from './identity.config.ts';
import { defaultScryptParams, type ScryptParams } from './password.ts';
import { systemClock, type Clock } from './policy.ts';

/** Appends an audit entry inside the caller's transaction (appendAudit, or a spy in tests). */
export type AuditSink = (q: Queryable, entry: AuditEntryInput) => Promise<unknown>;

export interface IdentityDeps {
  readonly db: Kysely<VigilSchema>;
  readonly config: IdentityConfig;
  /** Default: the system clock. Tests move time forward with their own. */
  readonly clock?: Clock;
  /** Default: appendAudit. */
  readonly audit?: AuditSink;
  /** Parameters for new password hashes; default N=2^15, r=8, p=1. */
  readonly scrypt?: ScryptParams;
}

export interface ResolvedIdentityDeps {
  readonly db: Kysely<VigilSchema>;
  readonly config: IdentityConfig;
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly scrypt: ScryptParams;
}

export function resolveIdentityDeps(d: IdentityDeps): ResolvedIdentityDeps {
  return {
    db: d.db,
    config: d.config,
    clock: d.clock ?? systemClock,
    audit: d.audit ?? appendAudit,
    scrypt: d.scrypt ?? defaultScryptParams,
  };
}
