/**
 * The folder of a vector index's snapshots (issue 7; layout in vector-index-snapshot.ts): version
 * names, the `current.json` pointer a builder switches and readers follow, and the housekeeping
 * that lists and prunes old snapshots and dead builds' temporary folders. The snapshot content
 * (manifest, sealed files, hashes) is vector-index-snapshot.ts's.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './vector-index-file.ts';

export const SNAPSHOTS_DIR = 'snapshots';
export const CURRENT_FILE = 'current.json';
/** A build writes its snapshot under `snapshots/<TMP_PREFIX><version>/` and renames it into place. */
export const TMP_PREFIX = '.tmp-';

const VERSION_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

export interface SnapshotPointer {
  readonly format: 1;
  readonly version: string;
  readonly slot: string | null;
  readonly switchedAt: string;
}

export function isSnapshotVersion(v: unknown): v is string {
  return typeof v === 'string' && VERSION_PATTERN.test(v);
}

/** A version that sorts after every version made earlier (millisecond time, then random). */
export function newSnapshotVersion(at: Date): string {
  const t = at.toISOString().replace(/[-:.]/g, '');
  return `${t}-${randomBytes(4).toString('hex')}`;
}

export const snapshotDir = (root: string, version: string): string => join(root, SNAPSHOTS_DIR, version);

/** The pointer, or null when there is none; throws SyntaxError when it is malformed. */
export async function readPointer(root: string): Promise<SnapshotPointer | null> {
  let text: string;
  try {
    text = await readFile(join(root, CURRENT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let p: Partial<SnapshotPointer>;
  try {
    p = JSON.parse(text) as Partial<SnapshotPointer>;
  } catch {
    throw new SyntaxError(`${CURRENT_FILE} is not JSON`);
  }
  if (p?.format !== 1 || !isSnapshotVersion(p.version)) throw new SyntaxError(`${CURRENT_FILE} names no valid version`);
  return { format: 1, version: p.version, slot: p.slot ?? null, switchedAt: String(p.switchedAt ?? '') };
}

/** Writes a small file atomically (see writeFileAtomic), then syncs its folder so the rename lasts. */
export async function writeFileDurably(dir: string, name: string, text: string): Promise<void> {
  await writeFileAtomic(dir, name, text);
  await syncDir(dir);
}

export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // ignore
  }
}

export async function writePointer(root: string, pointer: SnapshotPointer): Promise<void> {
  await writeFileDurably(root, CURRENT_FILE, `${JSON.stringify(pointer)}\n`);
}

/** Complete snapshot versions, oldest first. */
export async function listSnapshots(root: string): Promise<string[]> {
  try {
    return (await readdir(join(root, SNAPSHOTS_DIR))).filter(isSnapshotVersion).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Deletes the snapshots older than `keepFrom` (which stays, with everything newer), and temporary
 * folders of builds that died more than `staleTmpMs` ago. Returns the versions deleted.
 */
export async function pruneSnapshots(root: string, keepFrom: string, staleTmpMs = 24 * 3_600_000): Promise<string[]> {
  const parent = join(root, SNAPSHOTS_DIR);
  const deleted: string[] = [];
  for (const v of await listSnapshots(root)) {
    if (v < keepFrom) {
      await rm(join(parent, v), { recursive: true, force: true });
      deleted.push(v);
    }
  }
  const names = await readdir(parent).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const name of names) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const at = await stat(join(parent, name)).catch(() => null);
    if (at && Date.now() - at.mtimeMs > staleTmpMs) await rm(join(parent, name), { recursive: true, force: true });
  }
  return deleted;
}
