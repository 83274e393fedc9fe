/**
 * `vigil restore <backup> --data-dir <fresh>`: checks every file against the manifest before it
 * writes anything, refuses a data directory (or PostgreSQL schema) that already holds something,
 * restores the database, the sealed media and the index files (and the keys when the backup has
 * them), then opens the database (pending migrations run), walks the audit chain, compares the
 * counts and the chain head with the manifest, and opens every media item with the media key.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { defaultSqliteFile, openDatabase } from '../db/database.ts';
import { verifyAuditChain, type VerifyResult } from '../governance/audit/audit-verify.ts';
import { ByteCipher } from '../storage/cipher.ts';
import { loadMediaKey } from '../storage/media-key.ts';
import { MediaStore } from '../storage/media-store.ts';
import {
  BackupError,
  countDifferences,
  readManifest,
  verifyBackupFiles,
  type BackupManifest,
  type TableCounts,
} from './backup-manifest.ts';
import { readStats, restorePostgres } from './database-snapshot.ts';

export interface RestoreOptions {
  readonly backupDir: string;
  /** The new data directory: absent or empty. */
  readonly dataDir: string;
  /** PostgreSQL backups: the (empty) target database. */
  readonly databaseUrl?: string | undefined;
  /** Where the media key is when the backup holds none (default: VIGIL_MEDIA_KEY, else `<dataDir>/secrets/media.key`). */
  readonly keyFile?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RestoreReport {
  readonly manifest: BackupManifest;
  readonly counts: TableCounts;
  /** Differences from the manifest's counts; empty when everything came back. */
  readonly countDifferences: readonly string[];
  readonly audit: Pick<VerifyResult, 'ok' | 'entries' | 'head' | 'firstBad'> & { readonly headMatches: boolean };
  readonly media: {
    readonly files: number;
    /** Items opened with the media key; null when no key was available to try. */
    readonly opened: number | null;
    readonly failed: readonly string[];
    readonly note?: string;
  };
  readonly keysRestored: boolean;
  /** True when the chain verifies, the head and counts match, and every media item opened. */
  readonly ok: boolean;
}

async function copyPrefix(m: BackupManifest, backupDir: string, dataDir: string, prefix: string): Promise<number> {
  let n = 0;
  for (const f of m.files) {
    if (!f.path.startsWith(`${prefix}/`)) continue;
    const dest = join(dataDir, ...f.path.split('/'));
    await mkdir(dirname(dest), { recursive: true, mode: 0o700 });
    await copyFile(join(backupDir, ...f.path.split('/')), dest);
    if (prefix === 'secrets') await chmod(dest, 0o600);
    n++;
  }
  return n;
}

/** Opens every restored media item with the key (each is sealed to its own id). */
async function checkMedia(o: RestoreOptions, m: BackupManifest): Promise<RestoreReport['media']> {
  const ids = m.files.filter((f) => f.path.startsWith('media/')).map((f) => f.path.split('/').at(-1) ?? '');
  if (ids.length === 0) return { files: 0, opened: 0, failed: [] };
  let cipher: ByteCipher;
  try {
    const key = loadMediaKey({ env: o.env ?? {}, dataDir: o.dataDir, keyFile: o.keyFile, freshInstallation: false });
    cipher = new ByteCipher(key.key);
  } catch (err) {
    return { files: ids.length, opened: null, failed: [], note: err instanceof Error ? err.message : String(err) };
  }
  const store = new MediaStore(MediaStore.dir(o.dataDir), cipher);
  const failed: string[] = [];
  for (const id of ids) {
    try {
      await store.get(id);
    } catch {
      failed.push(id);
    }
  }
  return {
    files: ids.length,
    opened: ids.length - failed.length,
    failed,
    ...(failed.length > 0 ? { note: 'items that do not open: a different media key, or damaged files' } : {}),
  };
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreReport> {
  const m = await readManifest(o.backupDir);
  const problems = await verifyBackupFiles(o.backupDir, m);
  if (problems.length > 0) {
    throw new BackupError(
      `the backup does not match its manifest:\n  ${problems.slice(0, 20).join('\n  ')}`,
      'damaged',
    );
  }
  if (existsSync(o.dataDir) && (await readdir(o.dataDir)).length > 0) {
    throw new BackupError(`${o.dataDir} is not empty: restore only into a new, empty data directory`, 'not-empty');
  }
  const url = o.databaseUrl?.trim();
  const isPg = !!url && /^postgres(ql)?:\/\//.test(url);
  if (m.database.kind === 'postgres' && !isPg) {
    throw new BackupError('this is a PostgreSQL backup: set DATABASE_URL to the empty target database', 'needs-url');
  }
  if (m.database.kind === 'sqlite' && isPg) {
    throw new BackupError('this is a SQLite backup: unset DATABASE_URL to restore it', 'kind-mismatch');
  }
  const pgSchema = m.database.pgSchema ?? 'public';
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  const dbSource = join(o.backupDir, ...m.database.file.split('/'));
  if (isPg) await restorePostgres(url, pgSchema, dbSource);
  else {
    await copyFile(dbSource, defaultSqliteFile(o.dataDir));
    await chmod(defaultSqliteFile(o.dataDir), 0o600);
  }
  await copyPrefix(m, o.backupDir, o.dataDir, 'media');
  await copyPrefix(m, o.backupDir, o.dataDir, 'index');
  const keysRestored = (await copyPrefix(m, o.backupDir, o.dataDir, 'secrets')) > 0;

  const database = await openDatabase({ url, dataDir: o.dataDir, ...(isPg ? { pgSchema } : {}) });
  let counts: TableCounts;
  let verified: VerifyResult;
  try {
    const stats = await readStats(
      async (text) => (await sql.raw<Record<string, unknown>>(text).execute(database.db)).rows,
    );
    counts = stats.counts;
    verified = await verifyAuditChain(database.db, {
      ...(m.audit.publicKeyPem ? { publicKey: createPublicKey(m.audit.publicKeyPem) } : {}),
    });
  } finally {
    await database.close();
  }
  const differences = countDifferences(m.counts, counts);
  const headMatches =
    (verified.head?.seq ?? null) === (m.audit.head?.seq ?? null) &&
    (verified.head?.hash ?? null) === (m.audit.head?.hash ?? null);
  const media = await checkMedia(o, m);
  return {
    manifest: m,
    counts,
    countDifferences: differences,
    audit: {
      ok: verified.ok,
      entries: verified.entries,
      head: verified.head,
      ...(verified.firstBad ? { firstBad: verified.firstBad } : {}),
      headMatches,
    },
    media,
    keysRestored,
    ok: verified.ok && headMatches && differences.length === 0 && media.failed.length === 0 && media.opened !== null,
  };
}
