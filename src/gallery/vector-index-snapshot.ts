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
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteCipher } from '../storage/cipher.ts';
import { HNSW_FILE, VECTORS_FILE } from './vector-index-file.ts';
import type { MemoryVectorIndex } from './vector-index-memory.ts';
import { loadIndexFiles, PersistedIndex } from './vector-index-persist.ts';
import type { VectorIndexOptions } from './vector-index.ts';
import {
  isSnapshotVersion,
  snapshotDir,
  SNAPSHOTS_DIR,
  syncDir,
  TMP_PREFIX,
  writeFileDurably,
} from './vector-index-snapshot-folder.ts';

export {
  CURRENT_FILE,
  isSnapshotVersion,
  listSnapshots,
  newSnapshotVersion,
  pruneSnapshots,
  readPointer,
  snapshotDir,
  SNAPSHOTS_DIR,
  writePointer,
  type SnapshotPointer,
} from './vector-index-snapshot-folder.ts';

export const MANIFEST_FILE = 'manifest.json';

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
