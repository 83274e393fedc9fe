/**
 * The searchable form of the gallery for the model that makes new templates: a vector index
 * opened from its sealed files (or rebuilt/reconciled from the database), kept in step with every
 * enrolment and deletion, and saved in the background when it has changed. One process writes the
 * files (the holder of the index lock); it catches up with changes other processes commit.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { chunks } from '../db/chunks.ts';
import type { VigilSchema } from '../db/schema.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { galleryRepository } from './gallery.repository.ts';
import { acquireIndexLock, type IndexLockOptions } from './gallery-index-lock.ts';
import { WriterIndex, writerCatchUp, type WriterCatchUp } from './gallery-index-writer.ts';
import { openVectorIndex, type PersistentVectorIndex, type TemplateSource } from './vector-index.ts';

/** The sealing context of a stored template: bound to its model, so a vector cannot pose as another model's. */
export function templateContext(modelId: string): string {
  return `template:${modelId}`;
}

export function databaseTemplateSource(db: Kysely<VigilSchema>, cipher: ByteCipher, modelId: string): TemplateSource {
  const pageSize = 2000;
  return {
    keys: () => galleryRepository.templateKeys(db, modelId),
    async *vectors(keys?: readonly number[]) {
      const parts = keys ? chunks(keys, pageSize) : [undefined];
      for (const only of parts) {
        let after = 0;
        for (;;) {
          const page = await galleryRepository.templatePage(db, modelId, after, pageSize, only);
          for (const row of page) {
            yield { key: row.key, vector: cipher.openVector(row.vector_sealed, templateContext(modelId)) };
          }
          const last = page.at(-1);
          if (!last || page.length < pageSize) break;
          after = last.key;
        }
      }
    },
  };
}

export interface GalleryIndexOptions {
  readonly db: Kysely<VigilSchema>;
  readonly cipher: ByteCipher;
  readonly dataDir: string;
  readonly modelId: string;
  readonly dimensions: number;
  /** Save this often when changed (ms); default one minute. 0 disables the timer. */
  readonly saveEveryMs?: number;
  readonly approximateAbove?: number;
  /** Catch up with the database this often (ms); default 5 s, 0: only on `refresh()`. */
  readonly refreshEveryMs?: number;
  /** Compare the whole key set at least this often (ms); default 60 s. */
  readonly fullReconcileEveryMs?: number;
  /** Each timed catch-up that changed something, and each that failed (for the log). */
  readonly onCatchUp?: (r: WriterCatchUp) => void;
  readonly onError?: (err: unknown) => void;
  /** The index lock's settings (gallery-index-lock.ts). */
  readonly lock?: IndexLockOptions;
}

export interface OpenedGalleryIndex {
  readonly index: PersistentVectorIndex;
  /** `not-loaded`: a worker or pipeline process, which never searches the gallery (no-gallery-index.ts). */
  readonly opened: 'loaded' | 'reconciled' | 'rebuilt' | 'not-loaded';
  readonly reason?: string | undefined;
  /** Call after a change; the index is saved on the next tick of the timer. */
  markChanged(): void;
  /** Saves if changed, stops the timer and releases the index. */
  close(): Promise<void>;
}

export interface OpenedWriterGalleryIndex extends OpenedGalleryIndex {
  readonly index: WriterIndex;
  /** Catches up with the database now (after a catch-up in progress). */
  refresh(): Promise<WriterCatchUp>;
}

/**
 * Opens the index as its one writer (issue 14): takes the data folder's index lock (refused with
 * `gallery-index-held` while another live process holds it: open a replica there instead), opens
 * the sealed files, and keeps the index in step with the database every `refreshEveryMs`, where
 * other processes (the command line) enrol and delete without touching the files.
 */
export async function openGalleryIndex(o: GalleryIndexOptions): Promise<OpenedWriterGalleryIndex> {
  const lock = await acquireIndexLock(o.dataDir, o.lock);
  let index: WriterIndex;
  let opened: Awaited<ReturnType<typeof openVectorIndex>>;
  const source = databaseTemplateSource(o.db, o.cipher, o.modelId);
  try {
    opened = await openVectorIndex({
      dir: join(o.dataDir, 'index', o.modelId),
      modelId: o.modelId,
      dimensions: o.dimensions,
      cipher: o.cipher,
      source,
      ...(o.approximateAbove !== undefined ? { approximateAbove: o.approximateAbove } : {}),
    });
    index = new WriterIndex(opened.index, lock);
  } catch (err) {
    await lock.release();
    throw err;
  }
  let dirty = opened.opened !== 'loaded';
  let saving: Promise<void> = Promise.resolve();
  const saveIfDirty = (): Promise<void> => {
    saving = saving.then(async () => {
      if (!dirty) return;
      dirty = false;
      await index.save();
    });
    return saving;
  };
  const every = o.saveEveryMs ?? 60_000;
  const timer = every > 0 ? setInterval(() => void saveIfDirty().catch(() => (dirty = true)), every) : undefined;
  timer?.unref();
  const catchUp = writerCatchUp(
    index,
    { db: o.db, cipher: o.cipher, modelId: o.modelId, context: templateContext(o.modelId), source },
    o.fullReconcileEveryMs ?? 60_000,
  );
  const refresh = async (): Promise<WriterCatchUp> => {
    const r = await catchUp();
    if (r.added + r.removed > 0) dirty = true;
    return r;
  };
  const refreshEvery = o.refreshEveryMs ?? 5000;
  let closed = false;
  let refreshTimer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  const schedule = (): void => {
    if (closed || refreshEvery <= 0) return;
    refreshTimer = setTimeout(() => {
      inFlight = refresh()
        .then((r) => (r.added + r.removed > 0 ? o.onCatchUp?.(r) : undefined))
        .catch((err: unknown) => o.onError?.(err))
        .finally(schedule);
    }, refreshEvery);
    refreshTimer.unref();
  };
  schedule();
  return {
    index,
    opened: opened.opened,
    reason: opened.reason,
    refresh,
    markChanged: () => {
      dirty = true;
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      if (refreshTimer) clearTimeout(refreshTimer);
      try {
        await inFlight;
        await saveIfDirty();
      } finally {
        await index.close();
      }
    },
  };
}
