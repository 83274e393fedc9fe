/**
 * Immutable snapshots of a vector index, for replicas (issue 7): a builder writes each snapshot
 * once into its own folder and then switches a pointer; readers load whatever the pointer names
 * and never write. Layout under an index root (`<dataDir>/index/<modelId>`):
 *
 * - `snapshots/<version>/`: the sealed files of vector-index-file.ts (`index.vectors.vgc`, and
 *   `index.hnsw.vgc` when the index has a graph) and `manifest.json` (plaintext: version, slot,
 *   watermark = highest key included, count, builtAt, bytes and SHA-256 of each sealed file).
 *   A snapshot is written under `snapshots/.tmp-<version>/` and renamed into place complete.
 * - `current.json`: `{ version, ... }`, written to a temporary file and renamed, so a reader sees
 *   the old pointer or the new one.
 *
 * Versions sort by when their build started (`20250101T120000000Z-<8 hex>`), so "newer" is a
 * string comparison and a slow build never replaces a newer one. Nothing here trusts the manifest
 * for correctness: the sealed files authenticate themselves (AES-GCM), the hashes catch a file
 * swapped between snapshots, and readers reconcile every snapshot with the database.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteCipher } from '../storage/cipher.ts';
import { HNSW_FILE, VECTORS_FILE, writeFileAtomic } from './vector-index-file.ts';
import type { MemoryVectorIndex } from './vector-index-memory.ts';
import { loadIndexFiles, PersistedIndex } from './vector-index-persist.ts';
import type { VectorIndexOptions } from './vector-index.ts';

export const SNAPSHOTS_DIR = 'snapshots';
export const CURRENT_FILE = 'current.json';
export const MANIFEST_FILE = 'manifest.json';
const TMP_PREFIX = '.tmp-';

const VERSION_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{8}$/;

export interface SnapshotFile {
  readonly bytes: number;
  readonly sha256: string;
}

export interface SnapshotManifest {
  readonly format: 1;
  readonly modelId: string;
  readonly dimensions: number;
  readonly version: string;
  /** The build slot that made it (the job's idempotency key), or null. */
  readonly slot: string | null;
  /**
   * The highest template key included (0 when empty). Keys are never reused, but PostgreSQL may
   * commit a lower key after a higher one, so readers still reconcile the whole key set.
   */
  readonly watermark: number;
  readonly count: number;
  readonly builtAt: string;
  /** Built from scratch, or from the previous snapshot plus the database's changes. */
  readonly mode: 'full' | 'incremental';
  /** The snapshot an incremental build started from. */
  readonly base: string | null;
  readonly files: Readonly<Record<string, SnapshotFile>>;
}

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
async function writeFileDurably(dir: string, name: string, text: string): Promise<void> {
  await writeFileAtomic(dir, name, text);
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
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

async function sha256File(path: string): Promise<SnapshotFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** SHA-256 of a large buffer, 16 MiB at a time with other work let in between. */
async function sha256Yielding(bytes: Buffer): Promise<string> {
  const hash = createHash('sha256');
  const step = 16 * 1024 * 1024;
  for (let at = 0; at < bytes.length; at += step) {
    hash.update(bytes.subarray(at, at + step));
    if (at + step < bytes.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

export async function readManifest(dir: string): Promise<SnapshotManifest> {
  let m: Partial<SnapshotManifest>;
  try {
    m = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Partial<SnapshotManifest>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('the manifest is missing');
    throw new SyntaxError(`the manifest is unreadable (${err instanceof Error ? err.message : String(err)})`);
  }
  if (
    m?.format !== 1 ||
    !isSnapshotVersion(m.version) ||
    typeof m.modelId !== 'string' ||
    !Number.isInteger(m.dimensions) ||
    !Number.isInteger(m.count) ||
    !Number.isInteger(m.watermark) ||
    typeof m.files !== 'object' ||
    m.files === null ||
    !m.files[VECTORS_FILE]
  ) {
    throw new SyntaxError('the manifest is malformed');
  }
  return m as SnapshotManifest;
}

export interface WriteSnapshotInfo {
  readonly version: string;
  readonly slot: string | null;
  readonly mode: 'full' | 'incremental';
  readonly base: string | null;
  readonly builtAt?: Date;
}

/**
 * Writes `mem` as the complete snapshot `info.version` (sealed files, hashes, manifest) and returns
 * its manifest. Does not switch the pointer.
 */
export async function writeSnapshot(
  root: string,
  mem: MemoryVectorIndex,
  cipher: ByteCipher,
  info: WriteSnapshotInfo,
): Promise<SnapshotManifest> {
  if (!isSnapshotVersion(info.version)) throw new RangeError(`bad snapshot version ${info.version}`);
  const parent = join(root, SNAPSHOTS_DIR);
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const tmp = join(parent, `${TMP_PREFIX}${info.version}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { mode: 0o700 });
  try {
    const keys = mem.keys();
    let watermark = 0;
    for (const k of keys) if (k > watermark) watermark = k;
    // PersistedIndex.save writes both files atomically and takes its snapshot synchronously.
    await new PersistedIndex(mem, tmp, cipher).save();
    const files: Record<string, SnapshotFile> = {};
    for (const name of [VECTORS_FILE, HNSW_FILE]) {
      try {
        files[name] = await sha256File(join(tmp, name));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    const manifest: SnapshotManifest = {
      format: 1,
      modelId: mem.modelId,
      dimensions: mem.dimensions,
      version: info.version,
      slot: info.slot,
      watermark,
      count: keys.length,
      builtAt: (info.builtAt ?? new Date()).toISOString(),
      mode: info.mode,
      base: info.base,
      files,
    };
    await writeFileDurably(tmp, MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmp, snapshotDir(root, info.version));
    await syncDir(parent);
    return manifest;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

export interface LoadSnapshotOptions extends VectorIndexOptions {
  readonly cipher: ByteCipher;
  /** Where usearch's transient graph file goes while loading: keep it outside the snapshot for read-only use. */
  readonly tmpDir: string;
}

/**
 * Loads snapshot `version`: manifest checked against the model, each sealed file against its
 * hash, then opened and decoded. Reads only; throws with the reason when anything does not fit.
 */
export async function loadSnapshot(
  root: string,
  version: string,
  o: LoadSnapshotOptions,
): Promise<{ mem: MemoryVectorIndex; manifest: SnapshotManifest }> {
  if (!isSnapshotVersion(version)) throw new Error(`bad snapshot version ${JSON.stringify(version)}`);
  const dir = snapshotDir(root, version);
  const manifest = await readManifest(dir);
  if (manifest.version !== version) throw new Error(`the manifest is for version ${manifest.version}`);
  if (manifest.modelId !== o.modelId) throw new Error(`the snapshot is for model ${manifest.modelId}`);
  if (manifest.dimensions !== o.dimensions) {
    throw new Error(`the snapshot holds ${manifest.dimensions}-d vectors, not ${o.dimensions}-d`);
  }
  const mem = await loadIndexFiles({
    ...o,
    dir,
    yieldBetweenSteps: true,
    checkFile: async (name, sealed) => {
      const want = manifest.files[name];
      if (!want) throw new Error(`${name} is not in the manifest`);
      if (sealed.length !== want.bytes || (await sha256Yielding(sealed)) !== want.sha256) {
        throw new Error(`${name} does not match the manifest's hash`);
      }
    },
  });
  if (!mem) throw new Error('the vectors file is missing');
  if (mem.size !== manifest.count) throw new Error(`the snapshot holds ${mem.size} templates, not ${manifest.count}`);
  return { mem, manifest };
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
