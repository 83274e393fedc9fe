/**
 * Test support for suites outside the identity module: a user with the given roles and a bearer
 * API token for them, so a test of any route can call it as that user once authentication is on
 * (replacing the old `X-Vigil-User` header). Bearer requests need no CSRF header.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import type { Role } from '../roles.ts';
import { identityConfig } from './identity.config.ts';
import { identityRepository } from './identity.repository.ts';
import { UserAdminService } from './users.service.ts';

/** `{ authorization: 'Bearer vgl_...' }` for `username` (created with `roles` if it does not exist). */
export async function bearerFor(
  db: Kysely<VigilSchema>,
  username: string,
  roles: readonly Role[],
): Promise<{ authorization: string }> {
  const users = new UserAdminService({ db, config: identityConfig() });
  const seed = { userId: 'test-seed', username: 'test-seed' };
  const existing = await identityRepository.findUserByUsername(db, username.toLowerCase());
  const user = existing ?? (await users.create({ username, displayName: username, roles }, seed));
  const { token } = await users.createToken(user.id, { name: 'test' }, seed);
  return { authorization: `Bearer ${token}` };
}
