/**
 * What a new password must be: at least 12 characters (and at most 256), not one of the
 * passwords everybody tries first, not the username, and not a run of one character or a
 * keyboard or counting sequence. Pure; the reasons are for people.
 */
export const passwordMinLength = 12;
export const passwordMaxLength = 256;

/** Stems of the passwords attackers try first; a password made only of one of these (plus digits and symbols) is weak. */
const commonStems = [
  'password',
  'letmein',
  'welcome',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'iloveyou',
  'admin',
  'administrator',
  'changeme',
  'secret',
  'default',
  'police',
  'vigil',
  'monkey',
  'dragon',
  'football',
  'sunshine',
  'trustno',
  'abc',
  'test',
];

const sequences = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890123456789',
  'qwertyuiopasdfghjklzxcvbnm',
  '1qaz2wsx3edc4rfv',
];

const leet: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};
const unleet = (s: string): string => s.replace(/[@401357$]/g, (c) => leet[c] ?? c);

function isSequence(s: string): boolean {
  for (const seq of sequences) {
    const both = seq + [...seq].reverse().join('');
    if (both.includes(s)) return true;
  }
  return false;
}

/** Reasons the password is not acceptable; empty when it is. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  const chars = [...password];
  if (chars.length < passwordMinLength) problems.push(`must be at least ${passwordMinLength} characters`);
  if (chars.length > passwordMaxLength) problems.push(`must be at most ${passwordMaxLength} characters`);
  const lower = password.toLowerCase();
  if (new Set(chars).size < 4) problems.push('uses too few different characters');
  // The letters left once digits and symbols go, read both as leetspeak and without them.
  const trimmed = lower.replace(/[\d\W_]+$/, '').replace(/^[\d\W_]+/, '');
  const cores = [unleet(trimmed), trimmed].map((c) => c.replace(/[^a-z]/g, '')).filter((c) => c.length > 0);
  if (cores.some((core) => commonStems.some((stem) => core.replaceAll(stem, '') === ''))) {
    problems.push('is a commonly used password');
  }
  if (isSequence(lower)) problems.push('is a keyboard or counting sequence');
  const user = username?.trim().toLowerCase();
  if (user && user.length >= 3 && lower.includes(user)) problems.push('must not contain the username');
  return problems;
}
