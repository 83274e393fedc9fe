/**
 * Who a CLI command acts as. The command line never takes an identity from a flag: a command that
 * acts on records runs as the user whose API token it holds (`VIGIL_TOKEN`, or a token file), with
 * the same permission and record checks as over HTTP; an offline administrative command (verify,
 * anchor, purge, backup, models, eval) runs as the explicit local principal `local:<os user>`,
 * recorded as such in the audit log.
 */
import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { VigilConfig } from '../app/config.ts';
import { openDatabase } from '../db/database.ts';
import { openIdentity } from '../governance/identity/identity.ts';
import type { Principal } from '../governance/identity/auth.service.ts';
import { UsageError } from './output.ts';

/** The audit actor of an offline administrative command run on this host. */
export function localActor(): string {
  let name = 'unknown';
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry for this uid (containers): keep 'unknown'.
  }
  return `local:${name}`;
}

/** A user authenticated by their API token, acting through the command line. */
export interface CliPrincipal extends Principal {
  readonly channel: 'cli';
}

const advice = 'set VIGIL_TOKEN (or --token-file / VIGIL_TOKEN_FILE) to an API token of yours';

export interface TokenSource {
  readonly env: NodeJS.ProcessEnv;
  /** `--token-file`, which wins over the environment. */
  readonly tokenFile?: string | undefined;
  /** Where a warning goes (a token file others can read). */
  readonly warn: (line: string) => void;
}

function readTokenFile(path: string, warn: TokenSource['warn']): string {
  let mode: number;
  let text: string;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`${advice}: cannot read the token file ${path} (${code})`, 'no-token');
  }
  // Warned, not refused: mounted secrets (e.g. Kubernetes) are often 0644 inside a private volume.
  if ((mode & 0o077) !== 0) {
    warn(
      `vigil: warning: the token file ${path} can be read by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }
  return text.trim();
}

/** The API token the command holds: `--token-file`, else `VIGIL_TOKEN`, else `VIGIL_TOKEN_FILE`. */
export function tokenFrom(o: TokenSource): string {
  const file = o.tokenFile ?? (o.env['VIGIL_TOKEN'] ? undefined : o.env['VIGIL_TOKEN_FILE']);
  const token = file ? readTokenFile(file, o.warn) : (o.env['VIGIL_TOKEN'] ?? '').trim();
  if (!token) throw new UsageError(`${advice}: no token was given`, 'no-token');
  return token;
}

/**
 * The user the token stands for, read from the database (roles as they are now). Unknown, revoked
 * or expired tokens and disabled users are refused with one line (exit 2).
 */
export async function resolveCliPrincipal(config: VigilConfig, source: TokenSource): Promise<CliPrincipal> {
  const token = tokenFrom(source);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const identity = openIdentity({ db: database.db, config: config.identity });
    const principal = await identity.auth.resolveToken(token);
    if (!principal) {
      throw new UsageError(
        `${advice}: this token is not valid (unknown, revoked or expired, or its user is disabled)`,
        'invalid-token',
      );
    }
    return { ...principal, channel: 'cli' };
  } finally {
    await database.close();
  }
}
