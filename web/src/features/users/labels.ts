/** Labels and rules only the user administration pages show. */
import type { Role } from '../../api/client';
import { roleLabel } from '../../app/labels';
import type { ApiToken, RoleGrant, User } from './queries';

export const grantStatusLabels: Readonly<Record<RoleGrant['status'], string>> = {
  pending: 'Waiting for a second administrator',
  approved: 'Approved',
  refused: 'Refused',
};

export const kindLabels: Readonly<Record<User['kind'], string>> = {
  person: 'Person',
  machine: 'Machine (API tokens only)',
};

/**
 * Roles that reach biometric data (src/governance/identity/separation.ts: every role but the
 * auditor's): granting one waits for a second administrator's approval.
 */
export const nonBiometricRoles: readonly Role[] = ['auditor'];
export const reachesBiometrics = (r: Role): boolean => !nonBiometricRoles.includes(r);

export const rolesText = (roles: readonly string[]): string =>
  roles.length === 0 ? 'no roles' : roles.map(roleLabel).join(', ');

/** The account's state in words: what stops it being used, if anything. */
export function accountState(u: User): { text: string; tone: 'ok' | 'warn' | 'muted' } {
  if (u.disabled) return { text: 'Disabled', tone: 'muted' };
  if (u.lockedUntil) return { text: 'Locked after failed sign-ins', tone: 'warn' };
  if (u.mustChangePassword) return { text: 'Must choose a new password', tone: 'warn' };
  return { text: 'Active', tone: 'ok' };
}

export function tokenState(t: ApiToken): string {
  if (t.revokedAt) return 'Revoked';
  if (!t.active) return 'Expired';
  return 'Active';
}
