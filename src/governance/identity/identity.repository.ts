/**
 * Rows of the identity module (users, sessions, API tokens, setup tokens, pending OIDC logins).
 * Plain queries, no policy: every method takes the database or a transaction, so a use case can put
 * its writes and their audit entry in one transaction. Injected into the identity use cases
 * (identity.deps.ts); a unit spec gives them an in-memory one (test/support/fakes-identity.ts).
 */
import { sql, type Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type {
  ApiTokenRow,
  OidcLoginRow,
  SessionRow,
  SetupTokenRow,
  UserRow,
  UsersTable,
} from '../../db/tables/identity.ts';

const changed = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
  Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0n);

export class IdentityRepository {
  async insertUser(q: Queryable, row: UserRow): Promise<void> {
    await q.insertInto('users').values(row).execute();
  }

  findUser(q: Queryable, id: string): Promise<UserRow | undefined> {
    return q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
    return q.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findUserByOidc(q: Queryable, issuer: string, subject: string): Promise<UserRow | undefined> {
    return q
      .selectFrom('users')
      .selectAll()
      .where('oidc_issuer', '=', issuer)
      .where('oidc_subject', '=', subject)
      .executeTakeFirst();
  }

  listUsers(q: Queryable): Promise<UserRow[]> {
    return q.selectFrom('users').selectAll().orderBy('username').execute();
  }

  /** Active administrators other than the given users (none given: all of them). */
  async countOtherActiveAdministrators(q: Queryable, exceptIds: readonly string[] = []): Promise<number> {
    let query = q
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('disabled', '=', 0)
      .where('roles_json', 'like', '%"administrator"%');
    if (exceptIds.length > 0) query = query.where('id', 'not in', [...exceptIds]);
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async updateUser(q: Queryable, id: string, patch: Updateable<UsersTable>): Promise<number> {
    return changed(await q.updateTable('users').set(patch).where('id', '=', id).executeTakeFirst());
  }

  /**
   * Counts one failed password login in a single statement (so concurrent failures all count). A
   * lock that has run out is cleared and the count starts again from one.
   */
  async recordFailure(
    q: Queryable,
    id: string,
    now: string,
  ): Promise<Pick<UserRow, 'failed_attempts' | 'locked_until'> | undefined> {
    const expired = sql<boolean>`locked_until IS NOT NULL AND locked_until <= ${now}`;
    return q
      .updateTable('users')
      .set({
        failed_attempts: sql<number>`CASE WHEN ${expired} THEN 1 ELSE failed_attempts + 1 END`,
        locked_until: sql<string | null>`CASE WHEN ${expired} THEN NULL ELSE locked_until END`,
      })
      .where('id', '=', id)
      .returning(['failed_attempts', 'locked_until'])
      .executeTakeFirst();
  }

  /** Locks the account unless it already is; true when this call locked it. */
  async lock(q: Queryable, id: string, until: string): Promise<boolean> {
    const r = await q
      .updateTable('users')
      .set({ locked_until: until })
      .where('id', '=', id)
      .where('locked_until', 'is', null)
      .executeTakeFirst();
    return changed(r) === 1;
  }

  /** Links an unlinked user to an OpenID Connect identity; true when this call linked it. */
  async linkOidc(q: Queryable, id: string, issuer: string, subject: string): Promise<boolean> {
    const r = await q
      .updateTable('users')
      .set({ oidc_issuer: issuer, oidc_subject: subject })
      .where('id', '=', id)
      .where('oidc_subject', 'is', null)
      .executeTakeFirst();
    return changed(r) === 1;
  }

  async insertSession(q: Queryable, row: SessionRow): Promise<void> {
    await q.insertInto('sessions').values(row).execute();
  }

  findSession(q: Queryable, idHash: string): Promise<SessionRow | undefined> {
    return q.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  }

  async touchSession(q: Queryable, idHash: string, now: string): Promise<void> {
    await q.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }

  async deleteSession(q: Queryable, idHash: string): Promise<number> {
    return changed(await q.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst());
  }

  async deleteSessionsOf(q: Queryable, userId: string): Promise<number> {
    return changed(await q.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst());
  }

  /** Ends every session of the user but `keepIdHash` (the one making a change). */
  async deleteOtherSessionsOf(q: Queryable, userId: string, keepIdHash?: string): Promise<number> {
    let query = q.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepIdHash) query = query.where('id_hash', '!=', keepIdHash);
    return changed(await query.executeTakeFirst());
  }

  async purgeSessions(q: Queryable, now: string, idleCutoff: string): Promise<number> {
    const r = await q
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('absolute_expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
      .executeTakeFirst();
    return changed(r);
  }

  async insertToken(q: Queryable, row: ApiTokenRow): Promise<void> {
    await q.insertInto('api_tokens').values(row).execute();
  }

  findTokenByHash(q: Queryable, tokenHash: string): Promise<ApiTokenRow | undefined> {
    return q.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  tokensOf(q: Queryable, userId: string): Promise<ApiTokenRow[]> {
    return q
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  async revokeToken(q: Queryable, userId: string, tokenId: string, now: string): Promise<number> {
    const r = await q
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return changed(r);
  }

  async touchToken(q: Queryable, id: string, now: string): Promise<void> {
    await q.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async insertSetupToken(q: Queryable, row: SetupTokenRow): Promise<void> {
    await q.insertInto('setup_tokens').values(row).execute();
  }

  findSetupToken(q: Queryable, tokenHash: string): Promise<SetupTokenRow | undefined> {
    return q.selectFrom('setup_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Marks an unused setup token used; 1 when this call consumed it, 0 when it was already used. */
  async consumeSetupToken(q: Queryable, tokenHash: string, now: string): Promise<number> {
    const r = await q
      .updateTable('setup_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return changed(r);
  }

  /** Withdraws every unused setup token (a new one replaces them). */
  async deleteUnusedSetupTokens(q: Queryable): Promise<number> {
    return changed(await q.deleteFrom('setup_tokens').where('used_at', 'is', null).executeTakeFirst());
  }

  async insertOidcLogin(q: Queryable, row: OidcLoginRow): Promise<void> {
    await q.insertInto('oidc_logins').values(row).execute();
  }

  /** Reads and deletes a pending login: a state is good for one callback only. */
  async takeOidcLogin(q: Queryable, stateHash: string): Promise<OidcLoginRow | undefined> {
    const row = await q.selectFrom('oidc_logins').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
    if (!row) return undefined;
    const r = await q.deleteFrom('oidc_logins').where('state_hash', '=', stateHash).executeTakeFirst();
    return changed(r) === 1 ? row : undefined;
  }

  async purgeOidcLogins(q: Queryable, now: string): Promise<void> {
    await q.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
  }
}

/**
 * The one stateless instance, for callers outside the identity use cases (seed, fixtures) that have
 * no deps to take it from. Use cases get theirs injected.
 */
export const identityRepository = new IdentityRepository();
