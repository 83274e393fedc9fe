/**
 * A user choosing their own password (R30; issue 12). It is the only thing a session opened with a
 * password an administrator set may do, so the administrator who set it can never use it to act as
 * the user: they could only replace it, and that change is audited against the account whose owner
 * then finds their password gone. A wrong current password counts towards the lockout like a login.
 */
import { DomainError } from '../../shared/domain-error.ts';
import type { ResolvedIdentityDeps } from './identity.deps.ts';
import { hashPassword, verifyPassword, verifyUnknownUser } from './password.ts';
import { lockedUntil } from './policy.ts';
import { checkPassword } from './user-input.ts';

export interface PasswordChange {
  readonly userId: string;
  readonly currentPassword: string;
  readonly newPassword: string;
  /** The session making the change (SHA-256 of its id): it stays open, every other one ends. */
  readonly keepSession?: string | undefined;
  readonly address?: string | undefined;
}

const wrongPassword = () => new DomainError('forbidden', 'wrong-password', 'the current password is not right');

export async function changeOwnPassword(d: ResolvedIdentityDeps, change: PasswordChange): Promise<void> {
  const user = await d.repository.findUser(d.db, change.userId);
  if (!user || user.disabled) throw new DomainError('not-found', 'user-not-found', 'no such active user');
  if (user.password_hash === null) {
    await verifyUnknownUser(change.currentPassword, d.scrypt);
    throw new DomainError('refused', 'no-password', 'this account signs in without a password');
  }
  const now = d.clock.now();
  if (!(await verifyPassword(change.currentPassword, user.password_hash))) {
    await d.unitOfWork.run(async (trx) => {
      const counted = await d.repository.recordFailure(trx, user.id, now.toISOString());
      const attempts = counted?.failed_attempts ?? 0;
      await d.audit(trx, {
        actor: user.username,
        action: 'auth.password-change-failed',
        outcome: 'failed',
        target: { type: 'user', id: user.id },
        details: { reason: 'wrong-password', attempts, ...(change.address ? { address: change.address } : {}) },
      });
      if (attempts >= d.config.lockout.maxFailures) {
        await d.repository.lock(trx, user.id, lockedUntil(now, d.config.lockout));
        await d.repository.deleteSessionsOf(trx, user.id);
      }
    });
    throw wrongPassword();
  }
  if (change.newPassword === change.currentPassword) {
    throw new DomainError('invalid', 'password-unchanged', 'choose a password other than the current one');
  }
  checkPassword(change.newPassword, user.username);
  const hash = await hashPassword(change.newPassword, d.scrypt);
  await d.unitOfWork.run(async (trx) => {
    await d.repository.updateUser(trx, user.id, {
      password_hash: hash,
      must_change_password: 0,
      failed_attempts: 0,
      locked_until: null,
    });
    const ended = await d.repository.deleteOtherSessionsOf(trx, user.id, change.keepSession);
    await d.audit(trx, {
      actor: user.username,
      action: 'auth.password-changed',
      outcome: 'ok',
      target: { type: 'user', id: user.id },
      details: {
        afterReset: user.must_change_password === 1,
        sessionsEnded: ended,
        ...(change.address ? { address: change.address } : {}),
      },
    });
  });
}
