/**
 * First start. While no active administrator exists, the server makes a one-time setup token,
 * keeps its hash with an expiry and prints the token to its console; whoever holds it creates the
 * first administrator with POST /v1/setup, which consumes it. There is never a default password.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../db/schema.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { identityConfig } from './identity.config.ts';
import { resolveIdentityDeps, type IdentityDeps, type ResolvedIdentityDeps } from './identity.deps.ts';
import type { UserRow } from '../../db/tables/identity.ts';
import { hashPassword } from './password.ts';
import { encodeRoles, isExpired } from './policy.ts';
import { hashSecret, randomSecret } from './secrets.ts';
import { checkPassword, validUsername } from './user-input.ts';

export interface SetupToken {
  readonly token: string;
  readonly expiresAt: string;
}

export interface FirstAdministrator {
  readonly token: string;
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
}

type SetupDeps = Omit<IdentityDeps, 'db' | 'config'> & { readonly config?: IdentityDeps['config'] };

/** Is Vigil still waiting for its first administrator? */
export async function setupRequired(db: Kysely<VigilSchema>, deps: SetupDeps = {}): Promise<boolean> {
  const d = resolveIdentityDeps({ ...deps, db, config: deps.config ?? identityConfig() });
  return (await d.repository.countOtherActiveAdministrators(db)) === 0;
}

/**
 * A fresh setup token when no active administrator exists (any earlier unused one is withdrawn),
 * else null. Call at start-up and print the token to the console.
 */
export async function ensureSetupToken(db: Kysely<VigilSchema>, deps: SetupDeps = {}): Promise<SetupToken | null> {
  const d = resolveIdentityDeps({ ...deps, db, config: deps.config ?? identityConfig() });
  return d.unitOfWork.run(async (trx) => {
    if ((await d.repository.countOtherActiveAdministrators(trx)) > 0) {
      await d.repository.deleteUnusedSetupTokens(trx);
      return null;
    }
    await d.repository.deleteUnusedSetupTokens(trx);
    const now = d.clock.now();
    const token = randomSecret();
    const expiresAt = new Date(now.getTime() + d.config.setupTokenMinutes * 60_000).toISOString();
    await d.repository.insertSetupToken(trx, {
      token_hash: hashSecret(token),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    });
    await d.audit(trx, { actor: null, action: 'setup.token-issued', details: { expiresAt } });
    return { token, expiresAt };
  });
}

const invalidToken = () =>
  new DomainError(
    'forbidden',
    'invalid-setup-token',
    'the setup token is wrong, used or expired; restart for a new one',
  );

/** Creates the first administrator and consumes the setup token, in one transaction. */
export async function completeSetup(
  db: Kysely<VigilSchema>,
  input: FirstAdministrator,
  deps: SetupDeps = {},
): Promise<UserRow> {
  const d = resolveIdentityDeps({ ...deps, db, config: deps.config ?? identityConfig() });
  const username = validUsername(input.username);
  checkPassword(input.password, username);
  const passwordHash = await hashPassword(input.password, d.scrypt);
  try {
    return await createFirst(d, username, input.displayName, input.token, passwordHash);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'invalid-setup-token') {
      await d.unitOfWork.run((trx) =>
        d.audit(trx, { actor: null, action: 'setup.failed', outcome: 'denied', details: { reason: err.code } }),
      );
    }
    throw err;
  }
}

function createFirst(
  d: ResolvedIdentityDeps,
  username: string,
  displayName: string,
  token: string,
  passwordHash: string,
): Promise<UserRow> {
  return d.unitOfWork.run(async (trx) => {
    const now = d.clock.now();
    if ((await d.repository.countOtherActiveAdministrators(trx)) > 0) {
      throw new DomainError('conflict', 'setup-complete', 'Vigil already has an administrator');
    }
    const tokenHash = hashSecret(token);
    const stored = await d.repository.findSetupToken(trx, tokenHash);
    if (!stored || stored.used_at !== null || isExpired(stored.expires_at, now)) throw invalidToken();
    if ((await d.repository.consumeSetupToken(trx, tokenHash, now.toISOString())) !== 1) throw invalidToken();
    if (await d.repository.findUserByUsername(trx, username)) {
      throw new DomainError('conflict', 'username-taken', `there is already a user ${username}`);
    }
    const row: UserRow = {
      id: randomUUID(),
      username,
      display_name: displayName,
      password_hash: passwordHash,
      roles_json: encodeRoles(['administrator']),
      oidc_issuer: null,
      oidc_subject: null,
      failed_attempts: 0,
      locked_until: null,
      disabled: 0,
      created_at: now.toISOString(),
      created_by: 'setup',
      kind: 'person',
      // Chosen by the first administrator themself: nothing to change.
      must_change_password: 0,
    };
    await d.repository.insertUser(trx, row);
    await d.audit(trx, {
      actor: username,
      action: 'setup.completed',
      target: { type: 'user', id: row.id },
      details: { username, roles: ['administrator'] },
    });
    return row;
  });
}
