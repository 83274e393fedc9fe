/**
 * Separation of duties for administrators (R30; issue 12): which roles reach biometric data and so
 * need a second administrator's approval before they are granted. Pure; the use cases in
 * users.service.ts and role-grants.service.ts apply it.
 */
import { DomainError } from '../../shared/domain-error.ts';
import type { Permission } from '../permissions.ts';
import { rolePermissions, roles, type Role } from '../roles.ts';

/**
 * The permissions that reach biometric data: face images and templates, watchlists, searches and
 * their candidates, alerts, the archive, and the cases that hold probes. `gallery:break-glass` is
 * in the list, so the administrator role itself is granted under the two-person rule once there is
 * a second administrator to approve it. Not in it: deployments, cameras, assessments, reports,
 * audit, statistics, thresholds, retention, jobs and users, which show no face.
 */
export const biometricPermissions: readonly Permission[] = [
  'faces:detect',
  'faces:compare',
  'gallery:read',
  'gallery:enrol',
  'gallery:delete',
  'gallery:view-images',
  'gallery:break-glass',
  'cases:read',
  'cases:write',
  'search:run',
  'search:examine',
  'search:decide',
  'search:supervise',
  'archive:ingest',
  'archive:search',
  'watchlists:read',
  'watchlists:write',
  'alerts:read',
  'alerts:adjudicate',
  'alerts:engage',
];

/** The roles holding at least one biometric permission (today every role but `auditor`). */
export const biometricRoles: readonly Role[] = roles.filter((role) =>
  rolePermissions[role].some((p) => biometricPermissions.includes(p)),
);

export function isBiometricRole(role: Role): boolean {
  return biometricRoles.includes(role);
}

export interface RoleChangePlan {
  /** Applied at once: removals, and additions that reach no biometric data. */
  readonly direct: readonly Role[];
  /** Additions that wait for a second administrator. */
  readonly pending: readonly Role[];
}

/**
 * Splits the roles a user should end up with into what is granted now and what must wait.
 * `soleAdministrator`: the requester is the only active administrator, so nobody could approve;
 * the administrator role alone is then granted directly (how a second administrator comes to be).
 */
export function planRoleChange(
  before: readonly Role[],
  wanted: readonly Role[],
  soleAdministrator: boolean,
): RoleChangePlan {
  const added = wanted.filter((r) => !before.includes(r));
  const waits = (r: Role) => isBiometricRole(r) && !(r === 'administrator' && soleAdministrator);
  const pending = added.filter(waits);
  return { direct: roles.filter((r) => wanted.includes(r) && !pending.includes(r)), pending };
}

/** A change an administrator asks for on a user's roles and status. */
export interface RoleChange {
  /** The administrator is changing their own account. */
  readonly self: boolean;
  readonly before: readonly Role[];
  readonly wanted: readonly Role[];
  /** The account is enabled now / after the change. */
  readonly wasEnabled: boolean;
  readonly staysEnabled: boolean;
}

/** Does the change take an active administrator away (so another must remain)? */
export function removesAdministrator(c: RoleChange): boolean {
  const wasAdmin = c.before.includes('administrator') && c.wasEnabled;
  const staysAdmin = c.wanted.includes('administrator') && c.staysEnabled;
  return wasAdmin && !staysAdmin;
}

/**
 * The refusals that need nothing but the change (R30): an administrator cannot remove their own
 * administrator role or disable themself, and nobody changes their own roles.
 */
export function selfChangeRefusal(c: RoleChange): DomainError | undefined {
  if (!c.self) return undefined;
  if (removesAdministrator(c)) {
    return new DomainError(
      'refused',
      'self-lockout',
      'you cannot remove your own administrator role or disable yourself; ask another administrator',
    );
  }
  const same = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));
  if (!same(c.before, c.wanted)) {
    return new DomainError(
      'refused',
      'self-role-change',
      'you cannot change your own roles; ask another administrator',
    );
  }
  return undefined;
}

/**
 * The roles a password reset holds back for a second administrator's approval: the user's
 * biometric ones, unless the administrator resets their own password or nobody else (neither
 * them nor the user) could approve.
 */
export function biometricRolesHeldBack(
  held: readonly Role[],
  o: { readonly resetsOwn: boolean; readonly otherApprovers: number },
): Role[] {
  if (o.resetsOwn || o.otherApprovers === 0) return [];
  return held.filter(isBiometricRole);
}
