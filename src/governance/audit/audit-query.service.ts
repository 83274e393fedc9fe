/**
 * Reading the audit log for auditors (R29), as one use case for the HTTP routes: a filtered page
 * of entries with each actor's display name, and a walk of the whole chain with its anchors. The
 * composition root builds it over the database; the routes never touch the database themselves.
 */
import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { userNames } from '../identity/user-names.ts';
import { listAudit, type AuditList, type AuditListQuery } from './audit-query.ts';
import type { AuditRecord } from './audit-log.ts';
import { verifyAuditChain, type VerifyResult } from './audit-verify.ts';

export interface NamedAuditList extends AuditList {
  /** Display names by actor username, for actors who are users of this installation. */
  readonly actorNames: ReadonlyMap<string, string>;
}

export interface AuditQueryDeps {
  readonly db: Queryable;
  /** Default: listAudit, userNames and verifyAuditChain over `db` (a unit spec passes its own). */
  readonly list?: (q: Queryable, query: AuditListQuery) => Promise<AuditList>;
  readonly names?: (q: Queryable, usernames: readonly string[]) => Promise<ReadonlyMap<string, string>>;
  readonly verify?: (q: Queryable, o: { publicKey?: KeyObject }) => Promise<VerifyResult>;
}

export class AuditQueryService {
  constructor(private readonly deps: AuditQueryDeps) {}

  async list(query: AuditListQuery): Promise<NamedAuditList> {
    const { db } = this.deps;
    const page = await (this.deps.list ?? listAudit)(db, query);
    const actors = page.entries.map((e: AuditRecord) => e.actor).filter((a): a is string => !!a);
    const actorNames = await (this.deps.names ?? userNames)(db, actors);
    return { ...page, actorNames };
  }

  /** The whole chain and, with the anchor-signing public key, its anchors. */
  verify(o: { publicKey?: KeyObject | undefined } = {}): Promise<VerifyResult> {
    return (this.deps.verify ?? verifyAuditChain)(this.deps.db, o.publicKey ? { publicKey: o.publicKey } : {});
  }
}
