/**
 * A backup's manifest (`manifest.json` in the backup folder): every file with its size and
 * sha256, the database kind and its migrations, the audit chain's head and the row counts taken
 * from the same database snapshot. Restore checks every hash before it touches anything and the
 * counts and head after.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'vigil-backup/1';

/** Tables whose row counts a backup records and a restore compares. */
export const countedTables = [
  'subjects',
  'reference_images',
  'templates',
  'cases',
  'probes',
  'searches',
  'search_candidates',
  'deployments',
  'watchlist_entries',
  'cameras',
  'alerts',
  'audit_log',
  'audit_anchors',
  'users',
] as const;
export type CountedTable = (typeof countedTables)[number];
export type TableCounts = Record<CountedTable, number>;

export interface ManifestFile {
  /** Relative to the backup folder, with forward slashes. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BackupManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly createdAt: string;
  readonly vigilVersion: string;
  readonly database: {
    readonly kind: 'sqlite' | 'postgres';
    /** The snapshot in the backup folder: `database/vigil.sqlite` or `database/vigil.pgdump` (pg_dump custom format). */
    readonly file: string;
    /** PostgreSQL: the schema that was dumped. */
    readonly pgSchema?: string;
    readonly migrations: readonly string[];
  };
  readonly audit: {
    readonly head: { readonly seq: number; readonly hash: string } | null;
    /** The anchor-signing public key (SPKI PEM), when the key was readable: to verify anchors after a restore. */
    readonly publicKeyPem?: string;
  };
  readonly counts: TableCounts;
  /** Sealed media items copied (they stay encrypted). */
  readonly mediaFiles: number;
  readonly indexFiles: number;
  /** True when the media key and audit signing key are in `secrets/`: keep such a backup like the keys. */
  readonly includesKeys: boolean;
  readonly files: readonly ManifestFile[];
}

export class BackupError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every plain file under `dir` (recursively), relative paths with `/`; a missing folder is empty. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

export async function describeFile(root: string, path: string): Promise<ManifestFile> {
  const full = join(root, ...path.split('/'));
  const [info, sha256] = await Promise.all([stat(full), sha256File(full)]);
  return { path, bytes: info.size, sha256 };
}

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(backupDir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new BackupError(`${backupDir} holds no ${MANIFEST_FILE}: not a Vigil backup`, 'no-manifest');
  }
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupError(`${MANIFEST_FILE} is not JSON`, 'bad-manifest');
  }
  if (m.format !== MANIFEST_FORMAT || !Array.isArray(m.files) || typeof m.counts !== 'object') {
    throw new BackupError(`${MANIFEST_FILE} is not a ${MANIFEST_FORMAT} manifest`, 'bad-manifest');
  }
  return m;
}

/** Problems with the backup's files: missing, wrong size or hash, or a path that leaves the folder. */
export async function verifyBackupFiles(backupDir: string, m: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const f of m.files) {
    if (f.path.split('/').some((part) => part === '..' || part === '') || f.path.startsWith('/')) {
      problems.push(`${f.path}: not a path inside the backup`);
      continue;
    }
    try {
      const actual = await describeFile(backupDir, f.path);
      if (actual.bytes !== f.bytes) problems.push(`${f.path}: ${actual.bytes} bytes, the manifest says ${f.bytes}`);
      else if (actual.sha256 !== f.sha256) problems.push(`${f.path}: sha256 differs from the manifest`);
    } catch {
      problems.push(`${f.path}: missing`);
    }
  }
  const listed = new Set(m.files.map((f) => f.path));
  if (!listed.has(m.database.file)) problems.push(`the database snapshot ${m.database.file} is not in the manifest`);
  return problems;
}

/** Differences between two sets of counts, for people ("alerts: 3 in the backup, 2 restored"). */
export function countDifferences(expected: TableCounts, actual: TableCounts): string[] {
  return countedTables
    .filter((t) => expected[t] !== actual[t])
    .map((t) => `${t}: ${expected[t]} in the backup, ${actual[t]} restored`);
}
