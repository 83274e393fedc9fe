/**
 * Separation of duties for administrators (issue 12): a role that reaches biometric data is granted
 * only once a second administrator approves (`role_grants`, one row per request, decided once);
 * `users.kind` tells a person from a machine account (the only kind an administrator may issue an
 * API token for); `users.must_change_password` marks a password an administrator set, which opens
 * a session good only for choosing a new one.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('person'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Accounts already used as machines (no password, no OIDC link, API tokens) keep working as machines.
  await sql`UPDATE users SET kind = 'machine'
    WHERE password_hash IS NULL AND oidc_subject IS NULL
    AND id IN (SELECT user_id FROM api_tokens)`.execute(db);

  await db.schema
    .createTable('role_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('roles_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('role_grants_status').on('role_grants').columns(['status', 'requested_at']).execute();
  await db.schema.createIndex('role_grants_user').on('role_grants').column('user_id').execute();
}
