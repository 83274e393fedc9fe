/**
 * Authorisation inside the use cases (R30), so every way in (HTTP, the command line, a job) goes
 * through the same checks: a use case that acts as a person takes that person as an `Accessor`
 * (their username and the roles read from their user record when they authenticated) and checks
 * the permission itself. The HTTP layer's route gate stays as a first line; this is the one that
 * holds when a caller reaches the service some other way.
 */
import type { Queryable } from '../db/database.ts';
import type { Permission } from './permissions.ts';
import { DomainError } from '../shared/domain-error.ts';
import { chainedAudit, type AuditAppender } from './audit/audit-port.ts';
import { isAllowed, isRole } from './roles.ts';

/** Who is acting, as the use cases see them: an authenticated user, never a name taken from input. */
export interface Accessor {
  readonly username: string;
  readonly roles: readonly string[];
  /** How they reached the use case when it is not the HTTP API (recorded in the audit details). */
  readonly channel?: 'cli' | undefined;
}

/** Whether `who` holds `permission` through their roles (unknown role names grant nothing). */
export function hasPermission(who: Accessor, permission: Permission): boolean {
  return isAllowed(who.roles.filter(isRole), permission);
}

function refusal(who: Accessor, permission: Permission): DomainError {
  return new DomainError(
    'forbidden',
    'missing-permission',
    `${who.username} does not hold the permission ${permission}`,
    {
      permission,
    },
  );
}

/** Throws DomainError('forbidden', 'missing-permission') unless `who` holds `permission`. Pure: records nothing. */
export function requirePermission(who: Accessor, permission: Permission): void {
  if (!hasPermission(who, permission)) throw refusal(who, permission);
}

/** `{ via: 'cli' }` for audit details when the act came through the command line, else nothing. */
export function channelDetails(who: Accessor): { via?: 'cli' } {
  return who.channel ? { via: who.channel } : {};
}

/**
 * requirePermission, with the refusal recorded in the audit log as `auth.denied` by the real user
 * (in its own transaction: nothing else is written when a use case is refused). `audit`: where the
 * denial goes (default the hash-chained log; a unit spec records it).
 */
export async function authorise(
  q: Queryable,
  who: Accessor,
  permission: Permission,
  target?: { readonly type: string; readonly id: string },
  audit: AuditAppender = chainedAudit,
): Promise<void> {
  if (hasPermission(who, permission)) return;
  await audit.append(q, {
    actor: who.username,
    action: 'auth.denied',
    outcome: 'denied',
    ...(target ? { target } : {}),
    details: { permission, reason: 'missing-permission', ...channelDetails(who) },
  });
  throw refusal(who, permission);
}
