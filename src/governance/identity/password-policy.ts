/**
 * What a new password must be: at least 12 characters (and at most 256), not one of the
 * passwords everybody tries first, not the username, not only digits, and not mostly runs of one
 * character, repeats of a short pattern, or keyboard and counting sequences (`1234567890ab` is
 * refused: its 12 characters carry about two choices). Pure; the reasons are for people.
 */
export const passwordMinLength = 12;
export const passwordMaxLength = 256;

/** Fewer characters that are not a step of a sequence or a repeat than this: too predictable. */
const minUnpredictable = 8;
const minDistinct = 5;

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
  'hello',
  'master',
  'shadow',
  'princess',
  'summer',
  'winter',
  'spring',
  'autumn',
  'london',
  'login',
  'access',
  'freedom',
  'whatever',
  'starwars',
  'batman',
  'superman',
  'computer',
  'internet',
  'officer',
  'constable',
  'pass',
  'love',
  'user',
  'root',
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

/** Is `b` the step after `a` in a counting or keyboard sequence, either way? */
function isStep(a: string, b: string): boolean {
  return sequences.some((seq) => {
    for (let i = seq.indexOf(a); i >= 0; i = seq.indexOf(a, i + 1)) {
      if (seq[i + 1] === b || seq[i - 1] === b) return true;
    }
    return false;
  });
}

/** Characters that are neither a repeat of the one before nor a step of a sequence from it. */
export function unpredictableLength(password: string): number {
  const chars = [...password.toLowerCase()];
  let n = 0;
  chars.forEach((c, i) => {
    const prev = chars[i - 1];
    if (prev === undefined || (c !== prev && !isStep(prev, c))) n += 1;
  });
  return n;
}

/** The password is one short pattern said again and again (`ab12ab12ab12`). */
function isRepeatedPattern(chars: readonly string[]): boolean {
  for (let k = 1; k <= chars.length / 2; k++) {
    if (chars.length % k === 0 && chars.every((c, i) => c === chars[i % k])) return true;
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
  if (new Set(chars).size < minDistinct) problems.push('uses too few different characters');
  if (chars.length >= passwordMinLength) {
    if (/^\d+$/.test(password)) problems.push('must not be only digits');
    if (isRepeatedPattern(chars)) problems.push('repeats a short pattern');
    else if (unpredictableLength(password) < minUnpredictable) {
      problems.push('is too predictable: mostly repeated characters or keyboard and counting sequences');
    }
  }
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
