/** The few column types that differ between SQLite and PostgreSQL. */
import { sql, type CreateTableBuilder } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Binary column: BLOB in SQLite, BYTEA in PostgreSQL (both come back as Buffers). */
export function blobType(dialect: Dialect) {
  return dialect === 'postgres' ? sql`bytea` : sql`blob`;
}

/** An auto-incrementing integer primary key (read back as a JS number in both dialects). */
export function serialKey<T extends string>(
  table: CreateTableBuilder<T, never>,
  name: string,
  dialect: Dialect,
): CreateTableBuilder<T, string> {
  return dialect === 'postgres'
    ? table.addColumn(name, 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * A time the code writes as `Clock.nowIso()` (ISO 8601, milliseconds, `Z`): `timestamptz` in
 * PostgreSQL, read back as that same ISO string (database.ts); text in SQLite, where ISO strings
 * compare in time order. Only for times the code itself writes: a time given by a user and shown
 * back as typed (a planned window, a date of birth) stays text.
 */
export function timestampType(dialect: Dialect) {
  return dialect === 'postgres' ? sql`timestamptz` : sql`text`;
}

/**
 * A JSON document the code writes with `JSON.stringify` and parses itself: `jsonb` in PostgreSQL,
 * read back as compact JSON text (database.ts; jsonb keeps values, not key order or spacing), text
 * in SQLite. Never for JSON whose exact bytes are hashed or signed.
 */
export function jsonType(dialect: Dialect) {
  return dialect === 'postgres' ? sql`jsonb` : sql`text`;
}
