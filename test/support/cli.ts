/**
 * Test support for suites that run the `vigil` command: an API token for a user (created with
 * `roles` when missing) in the database the command will open, to hand it as `VIGIL_TOKEN`.
 */
import { openDatabase } from '../../src/db/database.ts';
import { bearerFor } from './identity.ts';
import type { Role } from '../../src/governance/roles.ts';

export async function cliToken(
  where: { readonly dataDir: string; readonly databaseUrl?: string | undefined },
  username: string,
  roles: readonly Role[],
): Promise<string> {
  const database = await openDatabase({ url: where.databaseUrl, dataDir: where.dataDir });
  try {
    const { authorization } = await bearerFor(database.db, username, roles);
    return authorization.slice('Bearer '.length);
  } finally {
    await database.close();
  }
}
