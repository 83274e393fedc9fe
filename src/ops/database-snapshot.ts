/**
 * Consistent database snapshots while Vigil runs, and the figures a backup records from the same
 * snapshot. SQLite: `VACUUM INTO` on a second connection (one read transaction, so the copy is
 * one instant even while the server writes; unlike the page-by-page backup API it never restarts
 * under constant writes). PostgreSQL: a repeatable-read transaction exports its snapshot, the
 * counts are read in it and `pg_dump --snapshot` dumps exactly that state (custom format).
 */
import { spawn } from 'node:child_process';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { BackupError, countedTables, type TableCounts } from './backup-manifest.ts';

export interface SnapshotStats {
  readonly counts: TableCounts;
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly migrations: readonly string[];
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Counts, audit head and applied migrations; `prefix` qualifies table names (PostgreSQL schema). */
export async function readStats(query: Query, prefix = ''): Promise<SnapshotStats> {
  const counts = {} as Record<string, number>;
  for (const table of countedTables) {
    const [row] = await query(`SELECT COUNT(*) AS n FROM ${prefix}${table}`);
    counts[table] = Number(row?.['n'] ?? 0);
  }
  const [head] = await query(`SELECT seq, hash FROM ${prefix}audit_log ORDER BY seq DESC LIMIT 1`);
  const migrations = await query(`SELECT name FROM ${prefix}vigil_migrations ORDER BY name`);
  return {
    counts: counts as TableCounts,
    head: head ? { seq: Number(head['seq']), hash: String(head['hash']) } : null,
    migrations: migrations.map((r) => String(r['name'])),
  };
}

function sqliteQuery(conn: SqliteDatabase.Database): Query {
  return async (sql) => conn.prepare(sql).all() as Record<string, unknown>[];
}

export async function snapshotSqlite(sourceFile: string, destFile: string): Promise<SnapshotStats> {
  const source = new SqliteDatabase(sourceFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    source.prepare('VACUUM INTO ?').run(destFile);
  } finally {
    source.close();
  }
  return sqliteStats(destFile);
}

export async function sqliteStats(file: string): Promise<SnapshotStats> {
  const conn = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return await readStats(sqliteQuery(conn));
  } finally {
    conn.close();
  }
}

export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new BackupError(`invalid PostgreSQL schema name ${schema}`, 'bad-schema');
  return schema;
}

/** The URL without its password, and the password for PGPASSWORD (kept off the command line). */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function runTool(tool: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    child.on('error', (err) =>
      reject(new BackupError(`cannot run ${tool} (is the PostgreSQL client installed?): ${err.message}`, 'tool')),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${tool} failed (${code}): ${stderr.trim()}`, 'tool')),
    );
  });
}

export async function snapshotPostgres(url: string, schema: string, destFile: string): Promise<SnapshotStats> {
  checkSchemaName(schema);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snap = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const stats = await readStats(async (sql) => (await client.query(sql)).rows, `${schema}.`);
    const { dbname, env } = connection(url);
    await runTool(
      process.env['VIGIL_PG_DUMP'] ?? 'pg_dump',
      [
        '--format=custom',
        `--snapshot=${snap.rows[0]!.id}`,
        // The default schema: the whole database, as a fresh database already has `public`.
        ...(schema === 'public' ? [] : [`--schema=${schema}`]),
        `--file=${destFile}`,
        `--dbname=${dbname}`,
      ],
      env,
    );
    await client.query('COMMIT');
    return stats;
  } finally {
    await client.end();
  }
}

/** Restores a dump into `schema` of the database at `url`, refusing one that already holds tables. */
export async function restorePostgres(url: string, schema: string, dumpFile: string): Promise<void> {
  checkSchemaName(schema);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    if (Number(rows[0]?.n ?? 0) > 0) {
      throw new BackupError(
        `schema ${schema} of the target database is not empty: restore needs an empty one`,
        'not-empty',
      );
    }
    // The dump creates a schema of its own name; an empty one left by a first start would clash.
    if (schema !== 'public') await client.query(`DROP SCHEMA IF EXISTS ${schema} RESTRICT`);
  } finally {
    await client.end();
  }
  const { dbname, env } = connection(url);
  await runTool(
    process.env['VIGIL_PG_RESTORE'] ?? 'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`, dumpFile],
    env,
  );
}
