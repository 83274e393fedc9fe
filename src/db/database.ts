/**
 * One query layer (Kysely) over the embedded default, SQLite in a file under the data directory,
 * and PostgreSQL for larger installations (selected by a `postgres://` URL). Opening a database
 * runs its pending migrations, so code above this never sees an old schema.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations, type VigilMigration } from './migrations/index.ts';
import type { VigilSchema } from './schema.ts';

export type { Dialect } from './dialect.ts';
import type { Dialect } from './dialect.ts';
/** A database handle or a transaction on one: repositories accept either. */
export type Queryable = Kysely<VigilSchema> | Transaction<VigilSchema>;

/** Whether a handle or transaction talks to PostgreSQL (row locks, advisory locks) rather than SQLite. */
export function isPostgres(q: Queryable): boolean {
  return q.getExecutor().adapter instanceof PostgresAdapter;
}

export interface Database {
  readonly db: Kysely<VigilSchema>;
  readonly dialect: Dialect;
  /** Where it is, for messages: a file path or the URL without its password. */
  readonly location: string;
  /** PostgreSQL: the schema in use. */
  readonly pgSchema?: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://...` selects PostgreSQL; otherwise SQLite at `sqliteFile`. */
  readonly url?: string | undefined;
  /** SQLite file (or ':memory:'); default `<dataDir>/vigil.sqlite`. */
  readonly sqliteFile?: string;
  readonly dataDir?: string;
  /** PostgreSQL schema to use (created if absent); default `public`. */
  readonly pgSchema?: string;
  readonly poolSize?: number;
}

export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;
const JSONB_OID = 3802;

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

export function defaultSqliteFile(dataDir: string): string {
  return join(dataDir, 'vigil.sqlite');
}

/**
 * The database holds biometric templates and the audit log: owner-only modes (issue 12). A folder
 * created here is 0700; the file is created 0600 before SQLite opens it (SQLite gives its -wal
 * and -shm files the database file's mode), and an existing installation's files are narrowed to
 * 0600. An existing folder is left as it is (it may be shared, e.g. a temporary folder).
 */
function restrictSqliteFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}

function openSqlite(file: string): Kysely<VigilSchema> {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
    restrictSqliteFiles(file);
  }
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  if (file !== ':memory:') restrictSqliteFiles(file);
  return new Kysely<VigilSchema>({ dialect: new SqliteDialect({ database }) });
}

/**
 * What the code reads back is what it wrote, on both engines: keys and counts (int8) as numbers
 * (they stay far below 2^53); a `timestamptz` as the ISO string Clock.nowIso() writes (UTC,
 * milliseconds, `Z`); a `jsonb` as compact JSON text, which the code parses itself (jsonb keeps
 * the values, not the key order or spacing: no hashed or signed JSON is stored as jsonb).
 */
export function postgresTypeParser(oid: number, format?: 'text' | 'binary'): (v: string) => unknown {
  if (oid === INT8_OID) return (v: string) => Number(v);
  if (oid === TIMESTAMPTZ_OID) {
    const parse = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (v: string) => Date;
    return (v: string) => parse(v).toISOString();
  }
  if (oid === JSONB_OID) return (v: string) => JSON.stringify(JSON.parse(v));
  return pg.types.getTypeParser(oid, format ?? 'text') as (v: string) => unknown;
}

async function openPostgres(url: string, schema: string, poolSize: number): Promise<Kysely<VigilSchema>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new DatabaseError(`invalid PostgreSQL schema name ${schema}`);
  const types = { getTypeParser: postgresTypeParser as typeof pg.types.getTypeParser };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, options: `-c search_path=${schema}` });
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    await pool.end();
    throw new DatabaseError(
      `cannot reach PostgreSQL at ${redact(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return new Kysely<VigilSchema>({ dialect: new PostgresDialect({ pool }) });
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.url?.trim();
  const isPg = url !== undefined && url !== '' && /^postgres(ql)?:\/\//.test(url);
  if (url && !isPg) throw new DatabaseError('DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)');
  let db: Kysely<VigilSchema>;
  let dialect: Dialect;
  let location: string;
  if (isPg) {
    db = await openPostgres(url, options.pgSchema ?? 'public', options.poolSize ?? 10);
    dialect = 'postgres';
    location = redact(url);
  } else {
    const file = options.sqliteFile ?? (options.dataDir ? defaultSqliteFile(options.dataDir) : undefined);
    if (!file) throw new DatabaseError('no SQLite file or data directory given');
    db = openSqlite(file);
    dialect = 'sqlite';
    location = file;
  }
  try {
    await migrate(db, dialect, isPg ? (options.pgSchema ?? 'public') : undefined);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return {
    db,
    dialect,
    location,
    ...(isPg ? { pgSchema: options.pgSchema ?? 'public' } : {}),
    close: () => db.destroy(),
  };
}

/**
 * Runs every pending migration, in name order, each in its own transaction with its bookkeeping
 * row. A small migrator of our own rather than Kysely's: Kysely's introspects every schema on the
 * server, which fails when another schema is dropped at the same moment (tests, other tenants).
 * On PostgreSQL an advisory lock per schema keeps two processes from migrating at once.
 */
type MigrationsTable = { vigil_migrations: { name: string; applied_at: string } };

export async function migrate(db: Kysely<VigilSchema>, dialect: Dialect, _pgSchema?: string): Promise<string[]> {
  await sql`create table if not exists vigil_migrations (name text primary key, applied_at text not null)`.execute(db);
  const applied: string[] = [];
  for (const name of Object.keys(migrations).sort()) {
    const migration = migrations[name] as VigilMigration;
    try {
      const ran = await db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(current_schema()))`.execute(trx);
        const done = await (trx as unknown as Kysely<MigrationsTable>)
          .selectFrom('vigil_migrations')
          .select('name')
          .where('name', '=', name)
          .executeTakeFirst();
        if (done) return false;
        await migration.up(trx as unknown as Kysely<unknown>, dialect);
        await (trx as unknown as Kysely<MigrationsTable>)
          .insertInto('vigil_migrations')
          .values({ name, applied_at: nowIso() })
          .execute();
        return true;
      });
      if (ran) applied.push(name);
    } catch (err) {
      throw new DatabaseError(`database migration ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return applied;
}

/** The current time as the database stores it. */
export function nowIso(): string {
  return new Date().toISOString();
}
