/**
 * Administration of users and their API tokens. Every change is audited in its own transaction,
 * and the service refuses the changes that would leave nobody able to administer Vigil: an
 * administrator cannot remove their own administrator role or disable themself, and the last
 * active administrator cannot be demoted or disabled by anyone.
 *
 * Separation of duties (R30; issue 12): nobody changes their own roles; a role that reaches
 * biometric data (separation.ts) waits for a second administrator (role-grants.service.ts); an API
 * token goes only to one's own account or to a machine account, never to another person; and a
 * password an administrator sets opens a session good only for choosing a new one.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/domain-error.ts';
import type { Role } from '../roles.ts';
import type { Transaction } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import { resolveIdentityDeps, type IdentityDeps, type ResolvedIdentityDeps } from './identity.deps.ts';
import { identityRepository as repo } from './identity.repository.ts';
import type { ApiTokenRow, RoleGrantRow, UserKind, UserRow } from '../../db/tables/identity.ts';
import { roleGrantsRepository } from './role-grants.repository.ts';
import { requestRoleGrant, RoleGrantService, type Actor } from './role-grants.service.ts';
import { isBiometricRole, planRoleChange } from './separation.ts';
import { hashPassword } from './password.ts';
import { passwordProblems } from './password-policy.ts';
import { encodeRoles, normaliseUsername, parseRoles, usernamePattern } from './policy.ts';
import { hashSecret, newApiToken } from './secrets.ts';

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** Omitted for users who sign in only through OpenID Connect, and always for machines. */
  readonly password?: string | undefined;
  /** Default `person`. A machine never has a password or an OIDC link; it uses API tokens. */
  readonly kind?: UserKind | undefined;
}

/** A user as an administrator's change left them: roles granted so far, and grants still waiting. */
export interface UserWithGrants {
  readonly user: UserRow;
  readonly pendingGrants: readonly RoleGrantRow[];
}

export interface UserChanges {
  readonly displayName?: string | undefined;
  readonly roles?: readonly Role[] | undefined;
  readonly disabled?: boolean | undefined;
  /** Clear a lockout (and the failure count) now. */
  readonly unlock?: boolean | undefined;
  /** Why (asked by the console before disabling an account); kept in the audit entry. */
  readonly reason?: string | undefined;
}

export interface NewToken {
  readonly name: string;
  readonly expiresAt?: string | undefined;
}

export type { Actor } from './role-grants.service.ts';

type Trx = Transaction<VigilSchema>;

export function validUsername(raw: string): string {
  const username = normaliseUsername(raw);
  if (!usernamePattern.test(username)) {
    throw new DomainError('invalid', 'invalid-username', 'a username is 1 to 64 of a-z 0-9 . _ @ - (lower case)');
  }
  return username;
}

export function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw new DomainError('invalid', 'weak-password', `the password ${problems.join('; ')}`, { problems });
  }
}

export class UserAdminService {
  private readonly d: ResolvedIdentityDeps;
  /** Role grants waiting for a second administrator. */
  readonly grants: RoleGrantService;

  constructor(deps: IdentityDeps) {
    this.d = resolveIdentityDeps(deps);
    this.grants = new RoleGrantService(deps);
  }

  list(): Promise<UserRow[]> {
    return repo.listUsers(this.d.db);
  }

  async get(id: string): Promise<UserRow> {
    const user = await repo.findUser(this.d.db, id);
    if (!user) throw new DomainError('not-found', 'user-not-found', `no user ${id}`);
    return user;
  }

  async create(input: NewUser, actor: Actor): Promise<UserWithGrants> {
    const username = validUsername(input.username);
    const kind = input.kind ?? 'person';
    if (kind === 'machine' && input.password !== undefined) {
      throw new DomainError('invalid', 'machine-password', 'a machine account has no password: it uses API tokens');
    }
    if (input.password !== undefined) checkPassword(input.password, username);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password, this.d.scrypt);
    const row: UserRow = {
      id: randomUUID(),
      username,
      display_name: input.displayName,
      password_hash: passwordHash,
      roles_json: encodeRoles([]),
      oidc_issuer: null,
      oidc_subject: null,
      failed_attempts: 0,
      locked_until: null,
      disabled: 0,
      created_at: this.d.clock().toISOString(),
      created_by: actor.username,
      kind,
      // The administrator knows this password: it may only be used to choose a new one.
      must_change_password: passwordHash === null ? 0 : 1,
    };
    return this.d.db.transaction().execute(async (trx) => {
      if (await repo.findUserByUsername(trx, username)) {
        throw new DomainError('conflict', 'username-taken', `there is already a user ${username}`);
      }
      const plan = planRoleChange([], input.roles, await this.soleAdministrator(trx, actor));
      const user = { ...row, roles_json: encodeRoles(plan.direct) };
      await repo.insertUser(trx, user);
      await this.d.audit(trx, {
        actor: actor.username,
        action: 'user.created',
        target: { type: 'user', id: row.id },
        details: {
          username,
          kind,
          roles: parseRoles(user.roles_json),
          ...(plan.pending.length > 0 ? { pendingRoles: plan.pending } : {}),
          password: passwordHash !== null,
        },
      });
      const pending = plan.pending.length > 0 ? [await requestRoleGrant(trx, this.d, user, plan.pending, actor)] : [];
      return { user, pendingGrants: pending };
    });
  }

  /** Is the actor the only active administrator (nobody could approve a grant)? */
  private async soleAdministrator(trx: Trx, actor: Actor): Promise<boolean> {
    return (await repo.countOtherActiveAdministrators(trx, [actor.userId])) === 0;
  }

  async update(id: string, changes: UserChanges, actor: Actor): Promise<UserWithGrants> {
    return this.d.db.transaction().execute(async (trx) => {
      const user = await repo.findUser(trx, id);
      if (!user) throw new DomainError('not-found', 'user-not-found', `no user ${id}`);
      const before = parseRoles(user.roles_json);
      const wanted = changes.roles ? parseRoles(encodeRoles(changes.roles)) : before;
      const disabled = changes.disabled ?? user.disabled === 1;
      const wasAdmin = before.includes('administrator') && user.disabled === 0;
      const staysAdmin = wanted.includes('administrator') && !disabled;
      if (wasAdmin && !staysAdmin) {
        if (user.id === actor.userId) {
          throw new DomainError(
            'refused',
            'self-lockout',
            'you cannot remove your own administrator role or disable yourself; ask another administrator',
          );
        }
        if ((await repo.countOtherActiveAdministrators(trx, [user.id])) === 0) {
          throw new DomainError('refused', 'last-administrator', 'this is the last active administrator');
        }
      }
      if (user.id === actor.userId && encodeRoles(wanted) !== encodeRoles(before)) {
        throw new DomainError(
          'refused',
          'self-role-change',
          'you cannot change your own roles; ask another administrator',
        );
      }
      const plan = planRoleChange(before, wanted, await this.soleAdministrator(trx, actor));
      const after = parseRoles(encodeRoles(plan.direct));
      const patch = {
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.roles !== undefined ? { roles_json: encodeRoles(after) } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
        ...(changes.unlock ? { failed_attempts: 0, locked_until: null } : {}),
      };
      if (Object.keys(patch).length > 0) await repo.updateUser(trx, id, patch);
      // A disabled user's sessions end now; tokens stay (revocable) but stop working while disabled.
      if (disabled && user.disabled === 0) await repo.deleteSessionsOf(trx, id);
      await this.d.audit(trx, {
        actor: actor.username,
        action: 'user.updated',
        target: { type: 'user', id },
        details: {
          username: user.username,
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.roles !== undefined ? { rolesBefore: before, rolesAfter: after } : {}),
          ...(plan.pending.length > 0 ? { pendingRoles: plan.pending } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
          ...(changes.unlock ? { unlocked: true } : {}),
          ...(changes.reason ? { reason: changes.reason } : {}),
        },
      });
      if (plan.pending.length > 0) await requestRoleGrant(trx, this.d, user, plan.pending, actor);
      return {
        user: (await repo.findUser(trx, id)) ?? user,
        pendingGrants: await roleGrantsRepository.pending(trx, id),
      };
    });
  }

  /**
   * Sets a temporary password, clears any lockout and ends the user's sessions. The administrator
   * knows it, so signing in with it gives a session that can only choose a new password.
   */
  /**
   * Sets a temporary password: its holder must choose their own at the next sign-in, and the
   * user's biometric roles are held back as a pending grant that a second administrator (neither
   * this one nor the user) approves, e.g. after confirming with the user that they signed in. So an
   * administrator who resets a password and signs in with it first reaches no biometric data alone.
   * With no such second administrator there is nobody to approve, and the roles stay.
   */
  async resetPassword(id: string, password: string, actor: Actor): Promise<void> {
    const user = await this.get(id);
    if (user.kind === 'machine') {
      throw new DomainError('refused', 'machine-account', 'a machine account has no password: it uses API tokens');
    }
    checkPassword(password, user.username);
    const hash = await hashPassword(password, this.d.scrypt);
    await this.d.db.transaction().execute(async (trx) => {
      const held = parseRoles(user.roles_json);
      const biometric = held.filter(isBiometricRole);
      const approvers = await repo.countOtherActiveAdministrators(trx, [actor.userId, user.id]);
      const suspend = user.id !== actor.userId && biometric.length > 0 && approvers > 0;
      await repo.updateUser(trx, id, {
        password_hash: hash,
        must_change_password: 1,
        failed_attempts: 0,
        locked_until: null,
        ...(suspend ? { roles_json: encodeRoles(held.filter((r) => !isBiometricRole(r))) } : {}),
      });
      const ended = await repo.deleteSessionsOf(trx, id);
      await this.d.audit(trx, {
        actor: actor.username,
        action: 'user.password-reset',
        target: { type: 'user', id },
        details: {
          username: user.username,
          sessionsEnded: ended,
          mustChange: true,
          ...(suspend ? { rolesHeld: biometric } : {}),
        },
      });
      if (suspend) await requestRoleGrant(trx, this.d, user, biometric, actor);
    });
  }

  /**
   * Issues an API token; the secret is in the result only, the database keeps its hash. Only for
   * the actor's own account or a machine account: a token for another person would let the
   * administrator act as them.
   */
  async createToken(userId: string, input: NewToken, actor: Actor): Promise<{ row: ApiTokenRow; token: string }> {
    const user = await this.get(userId);
    if (user.id !== actor.userId && user.kind !== 'machine') {
      throw new DomainError(
        'forbidden',
        'token-for-another-person',
        'an API token can be issued only for your own account or a machine account',
      );
    }
    const now = this.d.clock();
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
    await this.d.db.transaction().execute(async (trx) => {
      await repo.insertToken(trx, row);
      await this.d.audit(trx, {
        actor: actor.username,
        action: 'token.created',
        target: { type: 'api-token', id: row.id },
        details: { user: user.username, name: row.name, expiresAt: row.expires_at },
      });
    });
    return { row, token };
  }

  async tokens(userId: string): Promise<ApiTokenRow[]> {
    await this.get(userId);
    return repo.tokensOf(this.d.db, userId);
  }

  async revokeToken(userId: string, tokenId: string, actor: Actor): Promise<void> {
    const user = await this.get(userId);
    await this.d.db.transaction().execute(async (trx) => {
      const now = this.d.clock().toISOString();
      if ((await repo.revokeToken(trx, userId, tokenId, now)) === 0) {
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
