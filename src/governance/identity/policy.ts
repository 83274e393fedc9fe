/**
 * The identity module's pure decisions, separate from storage so they are tested on their own:
 * whether a session is still valid, whether an account is locked, when a lock ends, whether a
 * last-seen time is worth writing again, and how usernames and stored roles are read.
 */
import { isRole, type Role } from '../roles.ts';
import type { IdentityConfig } from './identity.config.ts';

const MINUTE = 60_000;

export type SessionState = 'active' | 'idle-expired' | 'absolute-expired';

export function sessionState(
  row: { readonly last_seen_at: string; readonly absolute_expires_at: string },
  now: Date,
  session: IdentityConfig['session'],
): SessionState {
  if (now.getTime() >= Date.parse(row.absolute_expires_at)) return 'absolute-expired';
  if (now.getTime() - Date.parse(row.last_seen_at) >= session.idleMinutes * MINUTE) return 'idle-expired';
  return 'active';
}

/** Should a last-seen/last-used time be written again? Not more than once per `everySeconds`. */
export function shouldTouch(last: string | null, now: Date, everySeconds: number): boolean {
  return last === null || now.getTime() - Date.parse(last) >= everySeconds * 1000;
}

export function sessionExpiry(now: Date, session: IdentityConfig['session']): string {
  return new Date(now.getTime() + session.absoluteHours * 60 * MINUTE).toISOString();
}

/** Sessions last seen before this time are idle-expired. */
export function idleCutoff(now: Date, session: IdentityConfig['session']): string {
  return new Date(now.getTime() - session.idleMinutes * MINUTE).toISOString();
}

export function isLocked(user: { readonly locked_until: string | null }, now: Date): boolean {
  return user.locked_until !== null && Date.parse(user.locked_until) > now.getTime();
}

export function lockedUntil(now: Date, lockout: IdentityConfig['lockout']): string {
  return new Date(now.getTime() + lockout.lockMinutes * MINUTE).toISOString();
}

export function isExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= now.getTime();
}

/** Usernames are compared lower-cased; the same characters the audit log's actor field accepts. */
export const usernamePattern = /^[a-z0-9._@-]{1,64}$/;

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/** The roles stored on a user; anything unknown (a role since removed) is dropped, never granted. */
export function parseRoles(json: string): Role[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  return Array.isArray(value) ? [...new Set(value.filter(isRole))] : [];
}

export function encodeRoles(held: readonly Role[]): string {
  return JSON.stringify([...new Set(held)].sort());
}
