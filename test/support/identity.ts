/**
 * Test support for suites outside the identity module: a user with the given roles and a bearer
 * API token for them, so a test of any route can call it as that user once authentication is on
 * (replacing the old `X-Vigil-User` header). Bearer requests need no CSRF header.
 *
 * These write the rows directly, as a fixture: the administrator's use cases (users.service.ts)
 * would rightly hold biometric roles for a second administrator and refuse a token for a person.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../src/db/schema.ts';
import { appendAudit } from '../../src/governance/audit/audit-log.ts';
import type { Role } from '../../src/governance/roles.ts';
import type { AuditSink } from '../../src/governance/identity/identity.deps.ts';
import { identityRepository } from '../../src/governance/identity/identity.repository.ts';
import type { UserKind, UserRow } from '../../src/db/tables/identity.ts';
import { hashPassword, type ScryptParams } from '../../src/governance/identity/password.ts';
import { encodeRoles, normaliseUsername } from '../../src/governance/identity/policy.ts';
import { hashSecret, newApiToken } from '../../src/governance/identity/secrets.ts';

export interface SeedUser {
  readonly username: string;
  readonly roles: readonly Role[];
  readonly password?: string | undefined;
  readonly kind?: UserKind;
  /** Default: the system clock's now. */
  readonly createdAt?: string;
}

export interface SeedOptions {
  readonly audit?: AuditSink;
  readonly scrypt?: ScryptParams;
}

/** Creates a user holding `roles` at once (audited as `user.created` by `seed`). */
export async function seedUserRow(db: Kysely<VigilSchema>, u: SeedUser, o: SeedOptions = {}): Promise<UserRow> {
  const username = normaliseUsername(u.username);
  const row: UserRow = {
    id: randomUUID(),
    username,
    display_name: u.username,
    password_hash: u.password === undefined ? null : await hashPassword(u.password, o.scrypt),
    roles_json: encodeRoles(u.roles),
    oidc_issuer: null,
    oidc_subject: null,
    failed_attempts: 0,
    locked_until: null,
    disabled: 0,
    created_at: u.createdAt ?? new Date().toISOString(),
    created_by: 'seed',
    kind: u.kind ?? 'person',
    must_change_password: 0,
  };
  const audit = o.audit ?? appendAudit;
  await db.transaction().execute(async (trx) => {
    await identityRepository.insertUser(trx, row);
    await audit(trx, {
      actor: 'seed',
      action: 'user.created',
      target: { type: 'user', id: row.id },
      details: { username, roles: [...u.roles], password: u.password !== undefined },
    });
  });
  return row;
}

/** A bearer API token for the user, whoever they are (a fixture: no policy). */
export async function seedToken(db: Kysely<VigilSchema>, userId: string, name = 'test'): Promise<string> {
  const token = newApiToken();
  await identityRepository.insertToken(db, {
    id: randomUUID(),
    user_id: userId,
    name,
    token_hash: hashSecret(token),
    created_at: new Date().toISOString(),
    created_by: 'test-seed',
    expires_at: null,
    last_used_at: null,
    revoked_at: null,
  });
  return token;
}

/** `{ authorization: 'Bearer vgl_...' }` for `username` (created with `roles` if it does not exist). */
export async function bearerFor(
  db: Kysely<VigilSchema>,
  username: string,
  roles: readonly Role[],
): Promise<{ authorization: string }> {
  const existing = await identityRepository.findUserByUsername(db, username.toLowerCase());
  const user = existing ?? (await seedUserRow(db, { username, roles }));
  return { authorization: `Bearer ${await seedToken(db, user.id)}` };
}
