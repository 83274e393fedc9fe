/**
 * The gallery index builder (issue 7, worker role): the `gallery.index-build` job builds the vector
 * index of one model from the database into a new immutable snapshot under
 * `<dataDir>/index/<modelId>/snapshots/<version>/` (vector-index-snapshot.ts), then switches
 * `current.json` to it and deletes the snapshots older than the one it replaced. API processes
 * load snapshots read-only (gallery-index-replica.ts) and catch up on the database themselves, so
 * a snapshot only bounds how much a replica has to fetch when it starts or swaps.
 *
 * A build starts from the current snapshot and applies the database's changes (seconds, even at a
 * million templates) unless the payload asks for `full` or there is no usable snapshot; nothing is
 * written when the current snapshot already matches the database. HNSW removals leave tombstones
 * in the graph, so schedule an occasional full build (e.g. nightly) on a gallery with many deletions.
 *
 * Idempotent: a slot already built (named by the pointer or by a complete snapshot) is `skipped`,
 * a build killed midway leaves only a temporary folder that a later build deletes, and a build
 * that finishes after a newer one never moves the pointer back.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import type { JobPayload } from '../jobs/catalogue.ts';
import type { EnqueueOptions, JobContext, JobHandlers, JobQueue, JobResult } from '../jobs/queue.ts';
import { startPeriodicJob, timeSlot, type PeriodicJob } from '../shared/periodic-job.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { databaseTemplateSource } from './gallery-index.ts';
import type { HnswOptions } from './vector-index-hnsw.ts';
import type { MemoryVectorIndex } from './vector-index-memory.ts';
import { rebuild, reconcile } from './vector-index-persist.ts';
import {
  listSnapshots,
  loadSnapshot,
  newSnapshotVersion,
  pruneSnapshots,
  readManifest,
  readPointer,
  snapshotDir,
  writePointer,
  writeSnapshot,
  type SnapshotManifest,
  type SnapshotPointer,
} from './vector-index-snapshot.ts';

/** Where a model's index lives: the embedded writer's files, and `snapshots/` and `current.json` for replicas. */
export const galleryIndexRoot = (dataDir: string, modelId: string): string => join(dataDir, 'index', modelId);

export interface GalleryIndexBuildDeps {
  readonly db: Kysely<VigilSchema>;
  readonly cipher: ByteCipher;
  readonly dataDir: string;
  /** The model this worker builds for (that of the engine pack); other models' jobs fail. */
  readonly modelId: string;
  readonly dimensions: number;
  readonly approximateAbove?: number;
  readonly hnsw?: HnswOptions;
  readonly now?: () => Date;
}

export interface GalleryIndexBuildResult extends JobResult {
  /** The snapshot current after the job. */
  readonly version?: string;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The slot of time `at` falls in, for a build scheduled every `everyMs`: `20250101T121000Z`. */
export const galleryIndexBuildSlot = timeSlot;

/** The job id of a model's build for a slot: every scheduler enqueues the same id for the same slot. */
export const galleryIndexBuildJobId = (modelId: string, slot: string): string => `gallery-index.${modelId}.${slot}`;

/**
 * Enqueues this slot's build (once per slot, however many workers schedule it). `full` builds from
 * scratch, in slots of their own (`full-<slot>`). Pass `slot` for a build outside the schedule
 * (e.g. an operator's "rebuild now").
 */
export function enqueueGalleryIndexBuild(
  queue: Pick<JobQueue, 'enqueue'>,
  o: { modelId: string; everyMs: number; now?: Date; slot?: string; full?: boolean },
): Promise<string> {
  const slot = o.slot ?? `${o.full ? 'full-' : ''}${galleryIndexBuildSlot(o.now ?? new Date(), o.everyMs)}`;
  const payload: JobPayload<'gallery.index-build'> = { modelId: o.modelId, slot, ...(o.full ? { full: true } : {}) };
  const options: EnqueueOptions = { jobId: galleryIndexBuildJobId(o.modelId, slot) };
  return queue.enqueue('gallery.index-build', payload, options);
}

/** Every worker runs this: each tick enqueues the current slot's build (a no-op when already queued). */
export function startGalleryIndexBuildSchedule(o: {
  readonly queue: Pick<JobQueue, 'enqueue'>;
  readonly modelId: string;
  readonly everyMs: number;
  /** Also enqueue the current slot right away (default true: a fresh installation gets its first snapshot). */
  readonly immediately?: boolean;
  /** Full builds (compacts the graph after many deletions), e.g. every 24 hours. */
  readonly full?: boolean;
  readonly onError?: (err: unknown) => void;
}): PeriodicJob<string> {
  return startPeriodicJob({
    name: o.full ? 'gallery index full build' : 'gallery index build',
    everyMs: o.everyMs,
    immediately: o.immediately ?? true,
    ...(o.onError ? { onError: o.onError } : {}),
    run: () =>
      enqueueGalleryIndexBuild(o.queue, { modelId: o.modelId, everyMs: o.everyMs, ...(o.full ? { full: true } : {}) }),
  });
}

export function galleryIndexHandlers(deps: GalleryIndexBuildDeps): Pick<Required<JobHandlers>, 'gallery.index-build'> {
  return { 'gallery.index-build': (payload, ctx) => buildGalleryIndexSnapshot(deps, payload, ctx) };
}

/** The complete snapshot made for `slot`, if any (a build that died between its rename and the pointer). */
async function snapshotOfSlot(root: string, slot: string): Promise<SnapshotManifest | undefined> {
  for (const v of (await listSnapshots(root)).reverse()) {
    const m = await readManifest(snapshotDir(root, v)).catch(() => undefined);
    if (m?.slot === slot) return m;
  }
  return undefined;
}

/** Points the replicas at `m` unless a newer snapshot is current, then prunes all but the one it replaced. */
async function switchTo(
  root: string,
  m: SnapshotManifest,
  previous: SnapshotPointer | null,
  now: Date,
): Promise<{ switched: boolean; current: string; pruned: string[] }> {
  // Read again: another worker may have switched to a newer snapshot while this one was building.
  const latest = await readPointer(root).catch(() => previous);
  if (latest && latest.version > m.version) return { switched: false, current: latest.version, pruned: [] };
  if (latest?.version !== m.version) {
    await writePointer(root, { format: 1, version: m.version, slot: m.slot, switchedAt: now.toISOString() });
  }
  // Keep the snapshot just replaced: a replica that read the old pointer a moment ago may be loading it.
  const keepFrom = latest && latest.version < m.version ? latest.version : m.version;
  return { switched: true, current: m.version, pruned: await pruneSnapshots(root, keepFrom) };
}

export async function buildGalleryIndexSnapshot(
  deps: GalleryIndexBuildDeps,
  payload: JobPayload<'gallery.index-build'>,
  ctx?: Pick<JobContext, 'progress'>,
): Promise<GalleryIndexBuildResult> {
  if (payload.modelId !== deps.modelId) {
    return { status: 'failed', detail: `this worker builds the index of ${deps.modelId}, not ${payload.modelId}` };
  }
  const now = deps.now ?? (() => new Date());
  const root = galleryIndexRoot(deps.dataDir, deps.modelId);
  const options = {
    modelId: deps.modelId,
    dimensions: deps.dimensions,
    ...(deps.approximateAbove !== undefined ? { approximateAbove: deps.approximateAbove } : {}),
    ...(deps.hnsw ? { hnsw: deps.hnsw } : {}),
  };
  let current: SnapshotPointer | null = null;
  let pointerProblem: string | undefined;
  try {
    current = await readPointer(root);
  } catch (err) {
    pointerProblem = `the pointer was unusable (${message(err)})`;
  }
  if (current?.slot === payload.slot) {
    return { status: 'skipped', detail: `slot ${payload.slot} is built: ${current.version}`, version: current.version };
  }
  const made = await snapshotOfSlot(root, payload.slot);
  if (made) {
    const s = await switchTo(root, made, current, now());
    return {
      status: 'skipped',
      detail: `slot ${payload.slot} was built as ${made.version}${s.switched ? '' : `; ${s.current} is newer`}`,
      version: s.current,
    };
  }

  const started = now();
  const version = newSnapshotVersion(started);
  const source = databaseTemplateSource(deps.db, deps.cipher, deps.modelId);
  await ctx?.progress(5);
  let mem: MemoryVectorIndex | undefined;
  let base: string | null = null;
  const notes: string[] = pointerProblem ? [pointerProblem] : [];
  if (current && !payload.full) {
    try {
      // usearch's transient graph file goes into the index root (the builder owns it; never a snapshot folder).
      const loaded = await loadSnapshot(root, current.version, { ...options, cipher: deps.cipher, tmpDir: root });
      const changes = await reconcile(loaded.mem, source);
      if (changes.added === 0 && changes.removed === 0) {
        return {
          status: 'skipped',
          detail: `${current.version} matches the database (${loaded.mem.size} templates)`,
          version: current.version,
        };
      }
      mem = loaded.mem;
      base = current.version;
      notes.push(`${changes.added} added and ${changes.removed} removed since ${current.version}`);
    } catch (err) {
      notes.push(`${current.version} was unusable (${message(err)}): built from scratch`);
    }
  }
  mem ??= await rebuild(options, source);
  await ctx?.progress(70);
  const manifest = await writeSnapshot(root, mem, deps.cipher, {
    version,
    slot: payload.slot,
    mode: base ? 'incremental' : 'full',
    base,
    builtAt: started,
  });
  await ctx?.progress(95);
  const s = await switchTo(root, manifest, current, now());
  // Older than the current one: of no use to anyone.
  if (!s.switched) await rm(snapshotDir(root, version), { recursive: true, force: true });
  const summary =
    `${manifest.mode} build ${version}: ${manifest.count} templates, watermark ${manifest.watermark}` +
    (notes.length > 0 ? `; ${notes.join('; ')}` : '') +
    (s.switched ? '' : `; not switched: ${s.current} is newer`) +
    (s.pruned.length > 0 ? `; deleted ${s.pruned.length} old snapshot(s)` : '');
  return { status: s.switched ? 'done' : 'skipped', detail: summary, version: s.current };
}
