/** Checks on what an administrator or the first-start form types for a user: the username and a password. */
import { DomainError } from '../../shared/domain-error.ts';
import { passwordProblems } from './password-policy.ts';
import { normaliseUsername, usernamePattern } from './policy.ts';

export function validUsername(raw: string): string {
  const username = normaliseUsername(raw);
  if (!usernamePattern.test(username)) {
    throw new DomainError('invalid', 'invalid-username', 'a username is 1 to 64 of a-z 0-9 . _ @ - (lower case)');
  }
  return username;
}

export function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw new DomainError('invalid', 'weak-password', `the password ${problems.join('; ')}`, { problems });
  }
}
