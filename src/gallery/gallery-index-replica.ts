/**
 * The gallery index of an API process in scale-out (issue 7): a read-only replica. It loads the
 * snapshot that `current.json` names (written by the `gallery.index-build` job, see
 * gallery-index-jobs.ts) or, when there is none yet or it is unusable, builds the index in memory
 * from the database; then it reconciles with the database, and keeps doing so every
 * `refreshEveryMs`. When the pointer names a newer snapshot, the replica loads it in the
 * background, brings it up to date with the database, and swaps it in at once: searches keep
 * running on the old index until the swap, which is one synchronous assignment. It never writes
 * under `<dataDir>/index` (usearch's transient graph file goes to a private scratch folder).
 *
 * Enrolments and deletions made through this process reach the index at once (GalleryService calls
 * add and remove); a refresh or swap in flight replays them, so none is lost or undone by it.
 *
 * Staleness bound for other processes' changes: a refresh compares a fingerprint of the index's
 * keys (count, highest key, sum of keys modulo a prime) with the same aggregate in the database;
 * when they differ it fetches the rows above the index's highest key (the usual case: enrolments)
 * and, when that does not explain the difference (deletions, or a lower key committed late on
 * PostgreSQL), compares the whole key set. So another process's enrolment or deletion is in this
 * index at most `refreshEveryMs` plus one refresh later (default 5 s; a refresh that changes
 * nothing costs one aggregate query). A change that leaves the fingerprint as it was (deletions
 * and late commits whose counts and key sums cancel exactly) is caught by the full comparison
 * every `fullReconcileEveryMs` (default 60 s). While the database cannot be reached the index keeps
 * serving what it has, and `state()` says since when.
 *
 * A subject deleted by another process is never shown meanwhile: SearchService and GalleryService
 * look every hit up in the templates table (galleryRepository.templateOwners, an inner join with
 * subjects) and drop keys without a row; template keys are never reused, so a stale key cannot
 * name someone else.
 *
 * Memory: one index, about 1.5 GB per million 128-d templates (f16 HNSW graph plus the float32
 * vectors kept for exact re-ranking; a snapshot of 300,000 loaded raised RSS by 497 MB, 687 MB at
 * the peak of loading). A swap briefly holds two indexes plus the file being opened (1,065 MB peak
 * at 300,000), so budget about 3.5 GB per million templates for an API process. Loading runs
 * between searches; its longest synchronous steps (decryption, usearch's load) paused the event
 * loop for up to 250 ms at 300,000 templates, so expect pauses under a second at a million.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { galleryIndexRoot } from './gallery-index-jobs.ts';
import { addRows, databaseDiff } from './gallery-index-diff.ts';
import { ReplicaIndex, type LocalChange } from './replica-index.ts';
import { databaseTemplateSource, templateContext, type OpenedGalleryIndex } from './gallery-index.ts';
import type { HnswOptions } from './vector-index-hnsw.ts';
import type { MemoryVectorIndex } from './vector-index-memory.ts';
import { rebuild, reconcile } from './vector-index-persist.ts';
import { loadSnapshot, readPointer, type SnapshotManifest, type SnapshotPointer } from './vector-index-snapshot.ts';
import type { VectorIndexOptions } from './vector-index.ts';

export const DEFAULT_REFRESH_EVERY_MS = 5000;
export const DEFAULT_FULL_RECONCILE_EVERY_MS = 60_000;

export interface GalleryIndexReplicaOptions {
  readonly db: Kysely<VigilSchema>;
  readonly cipher: ByteCipher;
  /** The shared data folder holding `index/<modelId>/current.json` and its snapshots. */
  readonly dataDir: string;
  readonly modelId: string;
  readonly dimensions: number;
  /** As the builder's: exact search up to this many templates, HNSW plus exact re-ranking above. */
  readonly approximateAbove?: number;
  /** As the builder's (a snapshot with another graph layout is not loaded). */
  readonly hnsw?: HnswOptions;
  /** Reconcile with the database and look for a newer snapshot this often; default 5 s, 0: only refresh(). */
  readonly refreshEveryMs?: number;
  /** Compare the whole key set at least this often; default 60 s. */
  readonly fullReconcileEveryMs?: number;
  /**
   * Parent of the private folder (mode 0700) that holds usearch's graph file for the moment it is
   * loaded (plaintext: usearch loads only from a path); default the system's temporary folder.
   */
  readonly scratchDir?: string;
  /** Each timed refresh that changed something or met a problem (for the log). */
  readonly onRefresh?: (r: ReplicaRefresh) => void;
  /** A timed refresh that failed (the database unreachable...): the index keeps serving. */
  readonly onError?: (err: unknown) => void;
}

export interface ReplicaRefresh {
  /** The snapshot the index derives from after the refresh (null: built from the database). */
  readonly version: string | null;
  /** Whether a newer snapshot was swapped in. */
  readonly swapped: boolean;
  /** How the database was compared: fingerprints matched, rows above the highest key, or every key. */
  readonly checked: 'unchanged' | 'delta' | 'full';
  readonly added: number;
  readonly removed: number;
  /** A snapshot or pointer that could not be used (the index carried on without it). */
  readonly problem?: string;
}

export interface ReplicaState {
  readonly version: string | null;
  readonly size: number;
  /** When the index last matched the database (ISO); a health check can compare it with now. */
  readonly refreshedAt: string;
  /** The last refresh's failure, null after a success. */
  readonly lastError: string | null;
  /** A snapshot that could not be loaded (not tried again until the pointer moves on). */
  readonly unusableVersion: string | null;
}

export interface OpenedGalleryIndexReplica extends OpenedGalleryIndex {
  readonly index: ReplicaIndex;
  /** Reconciles now and swaps in a newer snapshot if there is one (after a refresh in progress). */
  refresh(): Promise<ReplicaRefresh>;
  state(): ReplicaState;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function openGalleryIndexReplica(o: GalleryIndexReplicaOptions): Promise<OpenedGalleryIndexReplica> {
  const every = o.refreshEveryMs ?? DEFAULT_REFRESH_EVERY_MS;
  const fullEvery = o.fullReconcileEveryMs ?? DEFAULT_FULL_RECONCILE_EVERY_MS;
  if (!(every >= 0) || !(fullEvery >= 0)) throw new RangeError('refresh intervals must not be negative');
  const root = galleryIndexRoot(o.dataDir, o.modelId);
  const options: VectorIndexOptions = {
    modelId: o.modelId,
    dimensions: o.dimensions,
    ...(o.approximateAbove !== undefined ? { approximateAbove: o.approximateAbove } : {}),
    ...(o.hnsw ? { hnsw: o.hnsw } : {}),
  };
  const source = databaseTemplateSource(o.db, o.cipher, o.modelId);
  const context = templateContext(o.modelId);
  const scratch = await mkdtemp(join(o.scratchDir ?? tmpdir(), 'vigil-index-replica-'));
  const load = (version: string) => loadSnapshot(root, version, { ...options, cipher: o.cipher, tmpDir: scratch });
  /** The pointer the builders last switched to, or why it cannot be read. */
  const currentPointer = async (): Promise<{ pointer: SnapshotPointer | null; problem: string | undefined }> => {
    try {
      return { pointer: await readPointer(root), problem: undefined };
    } catch (err) {
      return { pointer: null, problem: `the snapshot pointer is unusable (${message(err)})` };
    }
  };

  // Opening: the current snapshot plus the database's changes, or everything from the database.
  let version: string | null = null;
  let unusable: string | null = null;
  let opened: OpenedGalleryIndex['opened'];
  let reason: string | undefined;
  let mem: MemoryVectorIndex | undefined;
  try {
    const current = await currentPointer();
    const pointer = current.pointer;
    let problem = current.problem;
    if (pointer) {
      try {
        mem = (await load(pointer.version)).mem;
        version = pointer.version;
      } catch (err) {
        unusable = pointer.version;
        problem = `snapshot ${pointer.version} is unusable (${message(err)})`;
      }
    }
    if (!mem) {
      mem = await rebuild(options, source);
      opened = 'rebuilt';
      reason = `${problem ?? 'no snapshot yet'}: built in memory from the database`;
    } else {
      const c = await reconcile(mem, source);
      opened = c.added + c.removed + c.missing === 0 ? 'loaded' : 'reconciled';
      if (opened === 'reconciled') {
        reason = `snapshot ${version} was behind the database: ${c.added} template(s) added, ${c.removed} removed`;
      }
    }
  } catch (err) {
    await rm(scratch, { recursive: true, force: true });
    throw err;
  }

  let journal: LocalChange[] | null = null;
  const index = new ReplicaIndex(mem, (change) => {
    journal?.push(change.vector ? { key: change.key, vector: change.vector.slice() } : change);
  });
  let lastFullAt = Date.now();
  let refreshedAt = new Date();
  let lastError: string | null = null;
  let closed = false;

  const diffSource = { db: o.db, cipher: o.cipher, modelId: o.modelId, context, source };
  const diff = (target: MemoryVectorIndex, forceFull: boolean) => databaseDiff(diffSource, target, forceFull);

  async function refreshOnce(): Promise<ReplicaRefresh> {
    const changes: LocalChange[] = [];
    journal = changes;
    try {
      const current = await currentPointer();
      const pointer = current.pointer;
      let problem = current.problem;
      let next: { mem: MemoryVectorIndex; manifest: SnapshotManifest } | null = null;
      if (pointer && pointer.version !== unusable && (version === null || pointer.version > version)) {
        try {
          next = await load(pointer.version);
        } catch (err) {
          unusable = pointer.version;
          problem = `snapshot ${pointer.version} is unusable (${message(err)}): kept ${version ?? 'the index built from the database'}`;
        }
      }
      const target = next?.mem ?? index.current;
      const startedAt = Date.now();
      const full = !next && startedAt - lastFullAt >= fullEvery;
      const d = await diff(target, full);
      if (closed) return { version, swapped: false, checked: d.checked, added: 0, removed: 0 };
      // From here on synchronous: no local change can come in between.
      if (next) {
        for (const c of changes) {
          if (c.vector) next.mem.add(c.key, c.vector);
          else next.mem.remove(c.key);
        }
      }
      // What this process changed meanwhile is newer than what the database said before.
      const touched = new Set(changes.map((c) => c.key));
      let removed = 0;
      for (const k of d.remove) if (!touched.has(k) && target.remove(k)) removed++;
      const add = d.add.filter((r) => !touched.has(r.key) && !target.has(r.key));
      addRows(target, add);
      if (next) {
        index.swap(next.mem);
        version = next.manifest.version;
      }
      if (d.checked === 'full') lastFullAt = startedAt;
      refreshedAt = new Date(startedAt);
      lastError = null;
      return {
        version,
        swapped: next !== null,
        checked: d.checked,
        added: add.length,
        removed,
        ...(problem ? { problem } : {}),
      };
    } catch (err) {
      lastError = message(err);
      throw err;
    } finally {
      journal = null;
    }
  }

  let running: Promise<unknown> = Promise.resolve();
  const refresh = (): Promise<ReplicaRefresh> => {
    const run = running.then(refreshOnce);
    running = run.catch(() => undefined);
    return run;
  };

  let timer: NodeJS.Timeout | undefined;
  let reported: string | undefined;
  const schedule = (): void => {
    if (closed || every === 0) return;
    timer = setTimeout(() => {
      refresh()
        .then((r) => {
          // A problem that persists (an unreadable pointer) is reported once, not every few seconds.
          const fresh = r.problem !== undefined && r.problem !== reported;
          reported = r.problem;
          if (r.swapped || r.added > 0 || r.removed > 0 || fresh) o.onRefresh?.(r);
        })
        .catch((err: unknown) => o.onError?.(err))
        .finally(schedule);
    }, every);
    timer.unref();
  };
  schedule();

  return {
    index,
    opened,
    reason,
    refresh,
    state: () => ({
      version,
      size: index.size,
      refreshedAt: refreshedAt.toISOString(),
      lastError,
      unusableVersion: unusable,
    }),
    // Nothing to save: the index follows the database, and snapshots are the builder's.
    markChanged: () => undefined,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
      await index.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
