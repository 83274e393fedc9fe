/**
 * API tokens issued by an administrator (R30; issue 12): only for the administrator's own account
 * or a machine account, never for another person (a token would let the administrator act as
 * them). The secret is in the result only; the database keeps its hash. Issue and revocation are
 * audited in the transaction of the change.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/domain-error.ts';
import type { ApiTokenRow, UserRow } from '../../db/tables/identity.ts';
import type { ResolvedIdentityDeps } from './identity.deps.ts';
import type { Actor } from './role-grants.service.ts';
import { hashSecret, newApiToken } from './secrets.ts';

export interface NewToken {
  readonly name: string;
  readonly expiresAt?: string | undefined;
}

/** May `actor` hold a token for `user`? Their own account, or a machine's. */
export function mayIssueTokenFor(user: Pick<UserRow, 'id' | 'kind'>, actor: Pick<Actor, 'userId'>): boolean {
  return user.id === actor.userId || user.kind === 'machine';
}

export class ApiTokenAdmin {
  constructor(private readonly d: ResolvedIdentityDeps) {}

  async create(user: UserRow, input: NewToken, actor: Actor): Promise<{ row: ApiTokenRow; token: string }> {
    if (!mayIssueTokenFor(user, actor)) {
      throw new DomainError(
        'forbidden',
        'token-for-another-person',
        'an API token can be issued only for your own account or a machine account',
      );
    }
    const now = this.d.clock.now();
    if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now.getTime()) {
      throw new DomainError('invalid', 'expiry-in-past', 'the expiry must be in the future');
    }
    const token = newApiToken();
    const row: ApiTokenRow = {
      id: randomUUID(),
      user_id: user.id,
      name: input.name,
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      created_by: actor.username,
      expires_at: input.expiresAt === undefined ? null : new Date(input.expiresAt).toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.d.unitOfWork.run(async (trx) => {
      await this.d.repository.insertToken(trx, row);
      await this.d.audit(trx, {
        actor: actor.username,
        action: 'token.created',
        target: { type: 'api-token', id: row.id },
        details: { user: user.username, name: row.name, expiresAt: row.expires_at },
      });
    });
    return { row, token };
  }

  list(userId: string): Promise<ApiTokenRow[]> {
    return this.d.repository.tokensOf(this.d.db, userId);
  }

  async revoke(user: UserRow, tokenId: string, actor: Actor): Promise<void> {
    await this.d.unitOfWork.run(async (trx) => {
      if ((await this.d.repository.revokeToken(trx, user.id, tokenId, this.d.clock.nowIso())) === 0) {
        throw new DomainError('not-found', 'token-not-found', `no active token ${tokenId} for this user`);
      }
      await this.d.audit(trx, {
        actor: actor.username,
        action: 'token.revoked',
        target: { type: 'api-token', id: tokenId },
        details: { user: user.username },
      });
    });
  }
}
