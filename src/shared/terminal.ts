/**
 * Text for people at a terminal (issue 15): a boxed block that stands out among log lines, and
 * the first-start notice with the console's address and the one-time setup token. Pure: the
 * caller decides where the text goes.
 */

/** Columns a string takes (code points; Vigil's own texts hold no wide characters). */
const width = (s: string): number => [...s].length;

/** The lines inside a ─│ box, each padded to the longest. */
export function boxed(lines: readonly string[]): string {
  const inner = Math.max(0, ...lines.map(width));
  const rule = '─'.repeat(inner + 2);
  return [`┌${rule}┐`, ...lines.map((l) => `│ ${l}${' '.repeat(inner - width(l))} │`), `└${rule}┘`].join('\n');
}

export interface SetupNotice {
  /** Where people open the console, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  readonly token: string;
  /** ISO time the token stops working. */
  readonly expiresAt: string;
}

/**
 * The first-start block: where Vigil is and the token that creates the first administrator.
 * Keeps the words "one-time token <token>" on one line, as the log line has them.
 */
export function setupNoticeText(n: SetupNotice): string {
  return boxed([
    `Vigil is ready at ${n.url}`,
    '',
    'No administrator yet: create the first one with this',
    'one-time setup token, in the console (First-run setup)',
    'or with POST /v1/setup:',
    '',
    `    one-time token ${n.token}`,
    '',
    `It works once, until ${n.expiresAt}. Keep it to yourself.`,
  ]);
}

/** An address people can open: a wildcard listen address becomes the loopback one. */
export function browsableUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '[::1]' : host;
  const bracketed = shown.includes(':') && !shown.startsWith('[') ? `[${shown}]` : shown;
  return `http://${bracketed}:${port}/`;
}

/** At most `max` lines, then `  ... and N more (all of them with --json)`. */
export function capped(lines: readonly string[], max = 50): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max), `  ... and ${lines.length - max} more (all of them with --json)`];
}
