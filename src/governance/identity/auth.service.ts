/**
 * Signing in and recognising callers: password login with lockout, browser sessions (idle and
 * absolute timeouts, one CSRF token each), API tokens for machines, and the audit entries for
 * every login, failure, lock and denial, each written in the transaction of the change it records.
 */
import type { Queryable } from '../../db/database.ts';
import type { AuditEntryInput } from '../audit/audit-log.ts';
import type { Role } from '../roles.ts';
import { resolveIdentityDeps, type IdentityDeps, type ResolvedIdentityDeps } from './identity.deps.ts';
import type { UserRow } from '../../db/tables/identity.ts';
import { changeOwnPassword, type PasswordChange } from './password-change.ts';
import { hashPassword, needsRehash, verifyPassword, verifyUnknownUser } from './password.ts';
import {
  idleCutoff,
  isExpired,
  isLocked,
  lockedUntil,
  normaliseUsername,
  parseRoles,
  sessionExpiry,
  sessionState,
  shouldTouch,
  usernamePattern,
} from './policy.ts';
import { hashSecret, isApiTokenShaped, isSecretShaped, randomSecret } from './secrets.ts';

/** Who is calling, as every route sees it. Roles are read from the user record on each request. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly via: 'session' | 'token';
  /**
   * The password was set by an administrator: this caller may only choose a new one
   * (POST /v1/auth/password); every other route refuses them with `password-change-required`.
   */
  readonly mustChangePassword?: boolean;
}

export interface ActiveSession {
  readonly principal: Principal;
  /** SHA-256 of the session id: the row's key. */
  readonly idHash: string;
  readonly csrfToken: string;
}

export interface NewSession extends ActiveSession {
  /** The random session id for the cookie; shown once, stored only as its hash. */
  readonly sessionId: string;
}

export type LoginResult = { readonly ok: true; readonly session: NewSession } | { readonly ok: false };

export interface LoginAttempt {
  readonly username: string;
  readonly password: string;
  /** The client's address, for the audit entry. */
  readonly address?: string;
}

export function principalOf(user: UserRow, via: Principal['via']): Principal {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: parseRoles(user.roles_json),
    via,
    ...(user.must_change_password === 1 ? { mustChangePassword: true } : {}),
  };
}

export class AuthService {
  private readonly d: ResolvedIdentityDeps;

  constructor(deps: IdentityDeps) {
    this.d = resolveIdentityDeps(deps);
    // Make the dummy hash now, so the first unknown username costs no more than any other.
    verifyUnknownUser('', this.d.scrypt).catch(() => undefined);
  }

  private now(): Date {
    return this.d.clock.now();
  }

  /** Password login. Every outcome is audited; a failure never says which part was wrong. */
  async login(attempt: LoginAttempt): Promise<LoginResult> {
    const now = this.now();
    const username = normaliseUsername(attempt.username);
    const address = attempt.address;
    const found = usernamePattern.test(username)
      ? await this.d.repository.findUserByUsername(this.d.db, username)
      : undefined;
    const failed = (reason: string, actor: string | null) =>
      this.audited({
        actor,
        action: 'auth.login-failed',
        outcome: 'failed',
        ...(found ? { target: { type: 'user', id: found.id } } : {}),
        details: { method: 'password', reason, ...(address ? { address } : {}) },
      });

    // Unknown (not recorded: a mistyped password often lands in the username field), disabled,
    // locked or password-less accounts cost the same time as a wrong password.
    let refusal: string | undefined;
    if (!found) refusal = 'unknown-user';
    else if (found.disabled) refusal = 'disabled';
    else if (isLocked(found, now)) refusal = 'locked';
    else if (found.password_hash === null) refusal = 'no-password';
    if (refusal || !found?.password_hash) {
      await verifyUnknownUser(attempt.password, this.d.scrypt);
      await failed(refusal ?? 'no-password', found?.username ?? null);
      return { ok: false };
    }

    if (!(await verifyPassword(attempt.password, found.password_hash))) {
      await this.d.unitOfWork.run(async (trx) => {
        const counted = await this.d.repository.recordFailure(trx, found.id, now.toISOString());
        const attempts = counted?.failed_attempts ?? 0;
        await this.d.audit(trx, {
          actor: found.username,
          action: 'auth.login-failed',
          outcome: 'failed',
          target: { type: 'user', id: found.id },
          details: { method: 'password', reason: 'wrong-password', attempts, ...(address ? { address } : {}) },
        });
        if (attempts >= this.d.config.lockout.maxFailures) {
          const until = lockedUntil(now, this.d.config.lockout);
          if (await this.d.repository.lock(trx, found.id, until)) {
            await this.d.audit(trx, {
              actor: null,
              action: 'auth.locked',
              outcome: 'ok',
              target: { type: 'user', id: found.id },
              details: { username: found.username, attempts, until },
            });
          }
        }
      });
      return { ok: false };
    }

    const rehash = needsRehash(found.password_hash, this.d.scrypt)
      ? await hashPassword(attempt.password, this.d.scrypt)
      : undefined;
    const session = await this.d.unitOfWork.run(async (trx) => {
      await this.d.repository.updateUser(trx, found.id, {
        failed_attempts: 0,
        locked_until: null,
        ...(rehash ? { password_hash: rehash } : {}),
      });
      const s = await this.openSession(trx, found, now);
      await this.d.audit(trx, {
        actor: found.username,
        action: 'auth.login',
        outcome: 'ok',
        target: { type: 'user', id: found.id },
        details: { method: 'password', ...(address ? { address } : {}) },
      });
      return s;
    });
    return { ok: true, session };
  }

  /** Opens a session for a user who has just proved who they are (password or OpenID Connect). */
  async openSession(trx: Queryable, user: UserRow, now: Date = this.now()): Promise<NewSession> {
    const { session } = this.d.config;
    await this.d.repository.purgeSessions(trx, now.toISOString(), idleCutoff(now, session));
    const sessionId = randomSecret();
    const idHash = hashSecret(sessionId);
    const csrfToken = randomSecret();
    await this.d.repository.insertSession(trx, {
      id_hash: idHash,
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      absolute_expires_at: sessionExpiry(now, session),
    });
    return { sessionId, idHash, csrfToken, principal: principalOf(user, 'session') };
  }

  /** Ends a session (logout). */
  async logout(session: ActiveSession): Promise<void> {
    await this.d.unitOfWork.run(async (trx) => {
      if ((await this.d.repository.deleteSession(trx, session.idHash)) === 0) return;
      await this.d.audit(trx, {
        actor: session.principal.username,
        action: 'auth.logout',
        outcome: 'ok',
        target: { type: 'user', id: session.principal.userId },
      });
    });
  }

  /** The session a cookie names, if it is still valid; an expired one is deleted. */
  async resolveSession(sessionId: string): Promise<ActiveSession | null> {
    if (!isSecretShaped(sessionId)) return null;
    const idHash = hashSecret(sessionId);
    const row = await this.d.repository.findSession(this.d.db, idHash);
    if (!row) return null;
    const now = this.now();
    if (sessionState(row, now, this.d.config.session) !== 'active') {
      await this.d.repository.deleteSession(this.d.db, idHash);
      return null;
    }
    const user = await this.d.repository.findUser(this.d.db, row.user_id);
    if (!user || user.disabled) return null;
    if (shouldTouch(row.last_seen_at, now, this.d.config.session.touchEverySeconds)) {
      await this.d.repository.touchSession(this.d.db, idHash, now.toISOString());
    }
    return { principal: principalOf(user, 'session'), idHash, csrfToken: row.csrf_token };
  }

  /** The principal a bearer token stands for, unless it is unknown, revoked or expired. */
  async resolveToken(token: string): Promise<Principal | null> {
    if (!isApiTokenShaped(token)) return null;
    const row = await this.d.repository.findTokenByHash(this.d.db, hashSecret(token));
    const now = this.now();
    if (!row || row.revoked_at !== null || isExpired(row.expires_at, now)) return null;
    const user = await this.d.repository.findUser(this.d.db, row.user_id);
    if (!user || user.disabled) return null;
    if (shouldTouch(row.last_used_at, now, this.d.config.tokenTouchEverySeconds)) {
      await this.d.repository.touchToken(this.d.db, row.id, now.toISOString());
    }
    return principalOf(user, 'token');
  }

  /** The caller replaces their own password (and clears `must_change_password`). */
  changePassword(change: PasswordChange): Promise<void> {
    return changeOwnPassword(this.d, change);
  }

  /** Records one entry in its own transaction (denials, failures that change nothing else). */
  async audited(entry: AuditEntryInput): Promise<void> {
    await this.d.unitOfWork.run((trx) => this.d.audit(trx, entry));
  }
}
