/** Request and response schemas of user administration, role grants and API tokens; hashes never appear. */
import { z } from 'zod';
import type { ApiTokenRow, RoleGrantRow, UserRow } from '../../db/tables/identity.ts';
import { isExpired, isLocked, parseRoles } from '../../governance/identity/policy.ts';
import { roles } from '../../governance/roles.ts';

const roleList = z.array(z.enum(roles)).max(roles.length);

export const userIdParams = z.object({ id: z.uuid() });
export const tokenParams = z.object({ id: z.uuid(), tokenId: z.uuid() });
export const grantParams = z.object({ id: z.uuid() });
const userKind = z.enum(['person', 'machine']);

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: roleList,
    disabled: z.boolean(),
    lockedUntil: z.string().nullable().describe('password login refused until then; null when not locked'),
    hasPassword: z.boolean(),
    mustChangePassword: z
      .boolean()
      .describe('the password was set by an administrator: it only lets one choose a new one'),
    oidcLinked: z.boolean(),
    kind: userKind.describe('a machine has no password and no OIDC link; administrators may issue it API tokens'),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'User' });

export const createUserBody = z.object({
  username: z.string().min(1).max(64).describe('1 to 64 of a-z 0-9 . _ @ - (stored lower-case)'),
  displayName: z.string().trim().min(1).max(200),
  roles: roleList,
  password: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe(
      'omit for users who sign in through OpenID Connect, and for machines; a temporary password to change at first sign-in',
    ),
  kind: userKind.optional().describe('default person; a machine account uses API tokens only'),
});

export const updateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    roles: roleList.optional(),
    disabled: z.boolean().optional(),
    unlock: z.literal(true).optional().describe('clear a lockout after failed logins'),
    reason: z.string().trim().min(1).max(500).optional().describe('why, e.g. for disabling: kept in the audit entry'),
  })
  .refine((b) => Object.entries(b).some(([k, v]) => k !== 'reason' && v !== undefined), {
    message: 'name at least one change',
  });

export const passwordBody = z.object({ password: z.string().min(1).max(1024) });

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100).describe('what the token is for, e.g. the machine that uses it'),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO time; omitted: until revoked'),
});

export const roleGrantSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    roles: roleList.describe('the roles being added, each reaching biometric data'),
    status: z.enum(['pending', 'approved', 'refused']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'RoleGrant' });

export const userWithGrantsSchema = userSchema
  .extend({
    pendingGrants: z
      .array(roleGrantSchema)
      .describe('roles that reach biometric data wait here until a second administrator approves them'),
  })
  .meta({ id: 'UserWithGrants' });

export const refuseGrantBody = z.object({ reason: z.string().trim().min(1).max(500).optional() });

export const tokenSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'ApiToken' });

export const createTokenResponse = z.object({
  token: tokenSchema,
  secret: z.string().describe('the bearer token: shown this once, kept only as a hash'),
});

export function presentUser(row: UserRow, now: Date) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: parseRoles(row.roles_json),
    disabled: row.disabled === 1,
    lockedUntil: isLocked(row, now) ? row.locked_until : null,
    hasPassword: row.password_hash !== null,
    mustChangePassword: row.must_change_password === 1,
    oidcLinked: row.oidc_subject !== null,
    kind: row.kind,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function presentToken(row: ApiTokenRow, now: Date) {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    active: row.revoked_at === null && !isExpired(row.expires_at, now),
  };
}

export function presentGrant(row: RoleGrantRow) {
  return {
    id: row.id,
    userId: row.user_id,
    roles: parseRoles(row.roles_json),
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
  };
}

export function presentUserWithGrants(u: { user: UserRow; pendingGrants: readonly RoleGrantRow[] }, now: Date) {
  return { ...presentUser(u.user, now), pendingGrants: u.pendingGrants.map(presentGrant) };
}
