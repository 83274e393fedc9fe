/**
 * Who a CLI command acts as. The command line never takes an identity from a flag: a command that
 * acts on records runs as the user whose API token it holds (`VIGIL_TOKEN`, or a token file), with
 * the same permission and record checks as over HTTP; an offline administrative command (verify,
 * anchor, purge, backup, models, eval) runs as the explicit local principal `local:<os user>`,
 * recorded as such in the audit log.
 */
import { userInfo } from 'node:os';

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
