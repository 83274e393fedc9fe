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
import type { Queryable } from '../../db/database.ts';
import { DomainError } from '../../shared/domain-error.ts';
import type { Role } from '../roles.ts';
import { resolveIdentityDeps, type IdentityDeps, type ResolvedIdentityDeps } from './identity.deps.ts';
import type { ApiTokenRow, RoleGrantRow, UserKind, UserRow } from '../../db/tables/identity.ts';
import { ApiTokenAdmin, type NewToken } from './api-tokens.service.ts';
import { requestRoleGrant, RoleGrantService, type Actor } from './role-grants.service.ts';
import { biometricRolesHeldBack, planRoleChange, removesAdministrator, selfChangeRefusal } from './separation.ts';
import { hashPassword } from './password.ts';
import { encodeRoles, parseRoles } from './policy.ts';
import { checkPassword, validUsername } from './user-input.ts';

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

export type { Actor } from './role-grants.service.ts';
export type { NewToken } from './api-tokens.service.ts';
export { checkPassword, validUsername } from './user-input.ts';

export class UserAdminService {
  private readonly d: ResolvedIdentityDeps;
  /** Role grants waiting for a second administrator. */
  readonly grants: RoleGrantService;
  private readonly apiTokens: ApiTokenAdmin;

  constructor(deps: IdentityDeps) {
    this.d = resolveIdentityDeps(deps);
    this.grants = new RoleGrantService(this.d);
    this.apiTokens = new ApiTokenAdmin(this.d);
  }

  list(): Promise<UserRow[]> {
    return this.d.repository.listUsers(this.d.db);
  }

  async get(id: string): Promise<UserRow> {
    const user = await this.d.repository.findUser(this.d.db, id);
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
      created_at: this.d.clock.now().toISOString(),
      created_by: actor.username,
      kind,
      // The administrator knows this password: it may only be used to choose a new one.
      must_change_password: passwordHash === null ? 0 : 1,
    };
    return this.d.unitOfWork.run(async (trx) => {
      if (await this.d.repository.findUserByUsername(trx, username)) {
        throw new DomainError('conflict', 'username-taken', `there is already a user ${username}`);
      }
      const plan = planRoleChange([], input.roles, await this.soleAdministrator(trx, actor));
      const user = { ...row, roles_json: encodeRoles(plan.direct) };
      await this.d.repository.insertUser(trx, user);
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
  private async soleAdministrator(trx: Queryable, actor: Actor): Promise<boolean> {
    return (await this.d.repository.countOtherActiveAdministrators(trx, [actor.userId])) === 0;
  }

  async update(id: string, changes: UserChanges, actor: Actor): Promise<UserWithGrants> {
    return this.d.unitOfWork.run(async (trx) => {
      const user = await this.d.repository.findUser(trx, id);
      if (!user) throw new DomainError('not-found', 'user-not-found', `no user ${id}`);
      const before = parseRoles(user.roles_json);
      const wanted = changes.roles ? parseRoles(encodeRoles(changes.roles)) : before;
      const disabled = changes.disabled ?? user.disabled === 1;
      const change = {
        self: user.id === actor.userId,
        before,
        wanted,
        wasEnabled: user.disabled === 0,
        staysEnabled: !disabled,
      };
      const refusal = selfChangeRefusal(change);
      if (refusal) throw refusal;
      if (
        removesAdministrator(change) &&
        (await this.d.repository.countOtherActiveAdministrators(trx, [user.id])) === 0
      ) {
        throw new DomainError('refused', 'last-administrator', 'this is the last active administrator');
      }
      const plan = planRoleChange(before, wanted, await this.soleAdministrator(trx, actor));
      const after = parseRoles(encodeRoles(plan.direct));
      const patch = {
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.roles !== undefined ? { roles_json: encodeRoles(after) } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
        ...(changes.unlock ? { failed_attempts: 0, locked_until: null } : {}),
      };
      if (Object.keys(patch).length > 0) await this.d.repository.updateUser(trx, id, patch);
      // A disabled user's sessions end now; tokens stay (revocable) but stop working while disabled.
      if (disabled && user.disabled === 0) await this.d.repository.deleteSessionsOf(trx, id);
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
        user: (await this.d.repository.findUser(trx, id)) ?? user,
        pendingGrants: await this.d.grantsRepository.pending(trx, id),
      };
    });
  }

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
    await this.d.unitOfWork.run(async (trx) => {
      const held = parseRoles(user.roles_json);
      const approvers = await this.d.repository.countOtherActiveAdministrators(trx, [actor.userId, user.id]);
      const biometric = biometricRolesHeldBack(held, {
        resetsOwn: user.id === actor.userId,
        otherApprovers: approvers,
      });
      const suspend = biometric.length > 0;
      await this.d.repository.updateUser(trx, id, {
        password_hash: hash,
        must_change_password: 1,
        failed_attempts: 0,
        locked_until: null,
        ...(suspend ? { roles_json: encodeRoles(held.filter((r) => !biometric.includes(r))) } : {}),
      });
      const ended = await this.d.repository.deleteSessionsOf(trx, id);
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

  /** Issues an API token (own account or a machine's only: api-tokens.service.ts); the secret is in the result only. */
  async createToken(userId: string, input: NewToken, actor: Actor): Promise<{ row: ApiTokenRow; token: string }> {
    return this.apiTokens.create(await this.get(userId), input, actor);
  }

  async tokens(userId: string): Promise<ApiTokenRow[]> {
    await this.get(userId);
    return this.apiTokens.list(userId);
  }

  async revokeToken(userId: string, tokenId: string, actor: Actor): Promise<void> {
    await this.apiTokens.revoke(await this.get(userId), tokenId, actor);
  }
}
