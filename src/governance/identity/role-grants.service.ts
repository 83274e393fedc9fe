/**
 * The two-person rule for roles that reach biometric data (R30; issue 12): an administrator asks,
 * another administrator (neither the one who asked nor the user who would get the roles) approves
 * or refuses. A request, an approval and a refusal are each audited in the transaction of the
 * change, so the audit log names both administrators of every such grant.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { roles as allRoles, type Role } from '../roles.ts';
import {
  resolveIdentityDeps,
  type IdentityDeps,
  type IdentityStore,
  type ResolvedIdentityDeps,
} from './identity.deps.ts';
import type { RoleGrantRow, UserRow } from '../../db/tables/identity.ts';
import { encodeRoles, parseRoles } from './policy.ts';

/** The acting administrator. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
}

/** Records a request for `roles` on `user`, in the caller's transaction. */
export async function requestRoleGrant(
  trx: Queryable,
  d: ResolvedIdentityDeps,
  user: Pick<UserRow, 'id' | 'username'>,
  roles: readonly Role[],
  actor: Actor,
): Promise<RoleGrantRow> {
  const row: RoleGrantRow = {
    id: randomUUID(),
    user_id: user.id,
    roles_json: encodeRoles(roles),
    status: 'pending',
    requested_by: actor.username,
    requested_by_id: actor.userId,
    requested_at: d.clock.nowIso(),
    decided_by: null,
    decided_at: null,
    reason: null,
  };
  await d.grantsRepository.insert(trx, row);
  await d.audit(trx, {
    actor: actor.username,
    action: 'user.role-grant-requested',
    target: { type: 'user', id: user.id },
    details: { grant: row.id, username: user.username, roles: parseRoles(row.roles_json) },
  });
  return row;
}

export class RoleGrantService {
  private readonly d: ResolvedIdentityDeps;

  constructor(deps: IdentityDeps) {
    this.d = resolveIdentityDeps(deps);
  }

  pending(userId?: string): Promise<RoleGrantRow[]> {
    return this.d.grantsRepository.pending(this.d.db, userId);
  }

  /** Adds the requested roles to the user: only another active administrator may. */
  approve(id: string, actor: Actor): Promise<RoleGrantRow> {
    return this.decide(id, actor, 'approved', null);
  }

  refuse(id: string, actor: Actor, reason?: string): Promise<RoleGrantRow> {
    return this.decide(id, actor, 'refused', reason ?? null);
  }

  private decide(
    id: string,
    actor: Actor,
    status: 'approved' | 'refused',
    reason: string | null,
  ): Promise<RoleGrantRow> {
    return this.d.unitOfWork.run(async (trx) => {
      const grant = await this.d.grantsRepository.find(trx, id);
      if (!grant) throw new DomainError('not-found', 'grant-not-found', `no role grant ${id}`);
      if (grant.status !== 'pending') {
        throw new DomainError('conflict', 'grant-decided', `this grant was already ${grant.status}`);
      }
      await checkDecider(this.d.repository, trx, grant, actor);
      const user = await this.d.repository.findUser(trx, grant.user_id);
      if (!user) throw new DomainError('not-found', 'user-not-found', `no user ${grant.user_id}`);
      const now = this.d.clock.nowIso();
      if ((await this.d.grantsRepository.decide(trx, id, status, actor.username, now, reason)) !== 1) {
        throw new DomainError('conflict', 'grant-decided', 'this grant was decided meanwhile');
      }
      const before = parseRoles(user.roles_json);
      const requested = parseRoles(grant.roles_json);
      const after = allRoles.filter((r) => before.includes(r) || requested.includes(r));
      if (status === 'approved') await this.d.repository.updateUser(trx, user.id, { roles_json: encodeRoles(after) });
      await this.d.audit(trx, {
        actor: actor.username,
        action: status === 'approved' ? 'user.role-grant-approved' : 'user.role-grant-refused',
        target: { type: 'user', id: user.id },
        details: {
          grant: id,
          username: user.username,
          roles: requested,
          requestedBy: grant.requested_by,
          ...(status === 'approved' ? { rolesBefore: before, rolesAfter: after } : {}),
          ...(reason ? { reason } : {}),
        },
      });
      return { ...grant, status, decided_by: actor.username, decided_at: now, reason };
    });
  }
}

/** The decider is an enabled administrator who neither asked for the grant nor would receive it. */
async function checkDecider(
  repo: Pick<IdentityStore, 'findUser'>,
  trx: Queryable,
  grant: RoleGrantRow,
  actor: Actor,
): Promise<void> {
  if (actor.userId === grant.requested_by_id) {
    throw new DomainError(
      'forbidden',
      'own-grant-request',
      'you asked for this grant: another administrator must approve or refuse it',
    );
  }
  if (actor.userId === grant.user_id) {
    throw new DomainError('forbidden', 'grant-to-self', 'this grant is for you: another administrator must decide it');
  }
  const decider = await repo.findUser(trx, actor.userId);
  if (!decider || decider.disabled || !parseRoles(decider.roles_json).includes('administrator')) {
    throw new DomainError('forbidden', 'not-an-administrator', 'only an active administrator may decide a grant');
  }
}
