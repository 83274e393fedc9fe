/**
 * The searchable form of the gallery for the model that makes new templates: a vector index
 * opened from its sealed files (or rebuilt/reconciled from the database), kept in step with every
 * enrolment and deletion, and saved in the background when it has changed.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { chunks } from '../db/chunks.ts';
import type { VigilSchema } from '../db/schema.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { galleryRepository } from './gallery.repository.ts';
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

export async function openGalleryIndex(o: GalleryIndexOptions): Promise<OpenedGalleryIndex> {
  const opened = await openVectorIndex({
    dir: join(o.dataDir, 'index', o.modelId),
    modelId: o.modelId,
    dimensions: o.dimensions,
    cipher: o.cipher,
    source: databaseTemplateSource(o.db, o.cipher, o.modelId),
    ...(o.approximateAbove !== undefined ? { approximateAbove: o.approximateAbove } : {}),
  });
  const { index } = opened;
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
  return {
    index,
    opened: opened.opened,
    reason: opened.reason,
    markChanged: () => {
      dirty = true;
    },
    async close() {
      if (timer) clearInterval(timer);
      await saveIfDirty();
      await index.close();
    },
  };
}
