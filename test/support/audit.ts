/** Test helpers: what an attacker with database rights does before editing the audit log. */
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

export async function dropAuditTriggers(database: Database): Promise<void> {
  for (const table of ['audit_log', 'audit_anchors']) {
    for (const op of database.dialect === 'postgres' ? ['update', 'delete', 'truncate'] : ['update', 'delete']) {
      const name = sql.raw(`${table}_no_${op}`);
      if (database.dialect === 'postgres') await sql`DROP TRIGGER ${name} ON ${sql.table(table)}`.execute(database.db);
      else await sql`DROP TRIGGER ${name}`.execute(database.db);
    }
  }
}
