/** Display names of users, for records that name who decided (decision histories, issue 12). */
import { chunks } from '../../db/chunks.ts';
import type { Queryable } from '../../db/database.ts';

/** Display names by username; those without an account (e.g. the CLI's local principal) are absent. */
export async function userNames(q: Queryable, usernames: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(usernames)])) {
    const rows = await q
      .selectFrom('users')
      .select(['username', 'display_name'])
      .where('username', 'in', part)
      .execute();
    for (const r of rows) out.set(r.username, r.display_name);
  }
  return out;
}
