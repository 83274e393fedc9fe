/**
 * Roles and what they may do (R30). Every HTTP route declares one permission; a role grants a set
 * of permissions; a user holds one or more roles. Separation of duties that depends on the record
 * (nobody authorises a deployment whose watchlist they compiled; the officer decision comes from
 * someone other than the examiner) is checked by the use case, not here.
 */
import type { Permission } from './permissions.ts';

export const roles = [
  'authorising-officer',
  'watchlist-manager',
  'operator',
  'engagement-officer',
  'investigator',
  'rfr-supervisor',
  'auditor',
  'administrator',
] as const;
export type Role = (typeof roles)[number];

/** Granted to every signed-in user whatever their roles. */
const everyone: readonly Permission[] = ['authenticated', 'system:read', 'models:read'];

export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  'authorising-officer': [
    'deployments:read',
    'deployments:authorise',
    'watchlists:read',
    'assessments:read',
    'reports:read',
  ],
  'watchlist-manager': [
    'gallery:read',
    'gallery:enrol',
    'gallery:view-images',
    'watchlists:read',
    'watchlists:write',
    'deployments:read',
    'deployments:write',
  ],
  operator: [
    'deployments:read',
    'deployments:operate',
    'cameras:read',
    'alerts:read',
    'alerts:adjudicate',
    'gallery:view-images',
  ],
  'engagement-officer': ['deployments:read', 'alerts:read', 'alerts:engage', 'gallery:view-images'],
  investigator: [
    'faces:detect',
    'faces:compare',
    'gallery:read',
    'gallery:view-images',
    'cases:read',
    'cases:write',
    'search:run',
    'search:examine',
    'search:decide',
    'archive:ingest',
    'archive:search',
  ],
  // Reads archive progress through cases:read (oversight of every case); never ingests or searches it.
  'rfr-supervisor': ['cases:read', 'search:supervise', 'search:statistics', 'gallery:read', 'reports:read'],
  auditor: [
    'audit:read',
    'audit:verify',
    'reports:read',
    'reports:export',
    'search:statistics',
    'deployments:read',
    'assessments:read',
  ],
  administrator: [
    'users:admin',
    // Not gallery:view-images: an administrator sees a biometric image only by breaking glass, with an audited reason.
    'gallery:break-glass',
    'gallery:delete',
    'jobs:admin',
    'deployments:read',
    'cameras:read',
    'cameras:write',
    'assessments:read',
    'assessments:write',
    'thresholds:change',
    'retention:admin',
  ],
};

export function permissionsOf(held: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>(everyone);
  for (const role of held) for (const p of rolePermissions[role]) out.add(p);
  return out;
}

/** May a holder of these roles use a route that needs `permission`? `public` needs no one. */
export function isAllowed(held: readonly Role[] | undefined, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (!held) return false;
  return permissionsOf(held).has(permission);
}

export function isRole(value: unknown): value is Role {
  return (roles as readonly unknown[]).includes(value);
}
