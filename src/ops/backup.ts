/**
 * `vigil backup <dir>`: a consistent copy of a running installation. Order matters: the database
 * snapshot first, then the media and index files. Media items are written (under a fresh id)
 * before the row that names them is committed, so every item the snapshot refers to is already on
 * disk when the files are copied; items written later are harmless extras. Media and index files
 * are copied as they are, sealed: a backup is useless without the media key, which the operator
 * keeps apart. Keys go in only with `includeKeys` (then the backup must be guarded like the keys).
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { defaultSqliteFile } from '../db/database.ts';
import { defaultSigningKeyFile } from '../governance/audit/signing-key.ts';
import { defaultKeyFile } from '../storage/media-key.ts';
import {
  BackupError,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  describeFile,
  listFiles,
  type BackupManifest,
  type ManifestFile,
} from './backup-manifest.ts';
import { snapshotPostgres, snapshotSqlite, type SnapshotStats } from './database-snapshot.ts';

export interface BackupOptions {
  readonly dataDir: string;
  /** `postgres://...`: PostgreSQL through pg_dump; otherwise SQLite in the data directory. */
  readonly databaseUrl?: string | undefined;
  readonly pgSchema?: string;
  /** Where the media key is (default `<dataDir>/secrets/media.key`); only read with `includeKeys`. */
  readonly keyFile?: string | undefined;
  readonly auditKeyFile?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** The backup folder: created, or an empty one. */
  readonly outDir: string;
  readonly includeKeys?: boolean;
  readonly now?: () => Date;
}

export const KEYS_WARNING =
  'WARNING: this backup holds the media key and the audit signing key. Anyone with it can decrypt ' +
  'every image and template and sign audit anchors: store it encrypted, offline and apart from other backups.';

async function ensureEmptyDir(dir: string, what: string): Promise<void> {
  if (existsSync(dir)) {
    if ((await readdir(dir)).length > 0) throw new BackupError(`${what} ${dir} is not empty`, 'not-empty');
  } else {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
}

/** Copies `from/<rel>` to `to/<rel>` for each file, leaving out temporary files of unfinished writes. */
async function copyTree(from: string, to: string, prefix: string): Promise<string[]> {
  const copied: string[] = [];
  for (const rel of await listFiles(from)) {
    const name = rel.split('/').at(-1) ?? '';
    if (name.endsWith('.tmp')) continue;
    const dest = join(to, ...rel.split('/'));
    await mkdir(dirname(dest), { recursive: true, mode: 0o700 });
    try {
      await copyFile(join(from, ...rel.split('/')), dest);
    } catch (err) {
      // Deleted between listing and copying (retention, or the index replacing a generation).
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    copied.push(`${prefix}/${rel}`);
  }
  return copied;
}

async function packageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function publicKeyPem(file: string): Promise<string | undefined> {
  try {
    return createPublicKey(await readFile(file, 'utf8'))
      .export({ type: 'spki', format: 'pem' })
      .toString();
  } catch {
    return undefined;
  }
}

async function copyKeys(o: BackupOptions): Promise<string[]> {
  const secrets = join(o.outDir, 'secrets');
  await mkdir(secrets, { recursive: true, mode: 0o700 });
  const envKey = o.env?.['VIGIL_MEDIA_KEY'];
  const mediaKey = join(secrets, 'media.key');
  if (envKey) await writeFile(mediaKey, `${envKey.trim()}\n`, { mode: 0o600 });
  else {
    const file = o.keyFile ?? defaultKeyFile(o.dataDir);
    if (!existsSync(file)) throw new BackupError(`no media key at ${file} and VIGIL_MEDIA_KEY is not set`, 'no-key');
    await copyFile(file, mediaKey);
  }
  const out = ['secrets/media.key'];
  const signing = o.auditKeyFile ?? defaultSigningKeyFile(o.dataDir);
  if (existsSync(signing)) {
    await copyFile(signing, join(secrets, 'audit-signing.key'));
    out.push('secrets/audit-signing.key');
  }
  for (const f of out) await chmod(join(o.outDir, ...f.split('/')), 0o600);
  return out;
}

export async function takeBackup(o: BackupOptions): Promise<BackupManifest> {
  if ((resolve(o.outDir) + sep).startsWith(resolve(o.dataDir) + sep)) {
    throw new BackupError('the backup folder must be outside the data directory', 'inside-data-dir');
  }
  await ensureEmptyDir(o.outDir, 'the backup folder');
  // Keys first: a missing key refuses the backup before anything else is written.
  const keys = o.includeKeys ? await copyKeys(o) : [];
  const url = o.databaseUrl?.trim();
  const isPg = !!url && /^postgres(ql)?:\/\//.test(url);
  const schema = o.pgSchema ?? 'public';
  await mkdir(join(o.outDir, 'database'), { recursive: true, mode: 0o700 });
  const dbFile = isPg ? 'database/vigil.pgdump' : 'database/vigil.sqlite';
  const dbPath = join(o.outDir, ...dbFile.split('/'));
  let stats: SnapshotStats;
  if (isPg) stats = await snapshotPostgres(url, schema, dbPath);
  else {
    const source = defaultSqliteFile(o.dataDir);
    if (!existsSync(source)) throw new BackupError(`no database at ${source}`, 'no-database');
    stats = await snapshotSqlite(source, dbPath);
  }
  await chmod(dbPath, 0o600);
  // After the snapshot (see the header): everything it refers to is already on disk.
  const media = await copyTree(join(o.dataDir, 'media'), join(o.outDir, 'media'), 'media');
  const index = await copyTree(join(o.dataDir, 'index'), join(o.outDir, 'index'), 'index');
  const files: ManifestFile[] = [];
  for (const path of [dbFile, ...media, ...index, ...keys]) files.push(await describeFile(o.outDir, path));
  const pem = await publicKeyPem(o.auditKeyFile ?? defaultSigningKeyFile(o.dataDir));
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    createdAt: (o.now?.() ?? new Date()).toISOString(),
    vigilVersion: await packageVersion(),
    database: {
      kind: isPg ? 'postgres' : 'sqlite',
      file: dbFile,
      ...(isPg ? { pgSchema: schema } : {}),
      migrations: stats.migrations,
    },
    audit: { head: stats.head, ...(pem ? { publicKeyPem: pem } : {}) },
    counts: stats.counts,
    mediaFiles: media.length,
    indexFiles: index.length,
    includesKeys: keys.length > 0,
    files,
  };
  // Last: a backup without its manifest is visibly unfinished, and restore refuses it.
  await writeFile(join(o.outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}
