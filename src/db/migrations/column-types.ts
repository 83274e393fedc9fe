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
