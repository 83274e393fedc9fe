/**
 * The gallery's vector index: the templates of one model, searchable by cosine similarity.
 *
 * Small sets are searched exactly. Above `approximateAbove` templates an HNSW graph (usearch, f16
 * or i8) proposes candidates and every candidate is re-ranked with the exact float32 vectors kept
 * in memory, so scores are always exact and thresholds apply to exact scores. Enrolment and
 * deletion update both at once (no rebuild); a removed key is never returned again.
 *
 * openVectorIndex persists the index as sealed files (vector-index-file.ts) and checks them
 * against the database when it opens: missing or unusable files are rebuilt from the database,
 * and files that load but are stale (a crash between a commit and a save) are reconciled.
 */
import { mkdir } from 'node:fs/promises';
import { MemoryVectorIndex } from './vector-index-memory.ts';
import { openPersisted, type PersistedIndex } from './vector-index-persist.ts';
import type { VectorIndexOptions, OpenVectorIndexOptions, OpenedVectorIndex } from './vector-index-types.ts';
export type {
  VectorIndex,
  TemplateSource,
  PersistentVectorIndex,
  VectorIndexOptions,
  OpenVectorIndexOptions,
  OpenedVectorIndex,
} from './vector-index-types.ts';

export type { ScoredKey } from './vector-index-store.ts';
export type { HnswOptions, HnswSettings } from './vector-index-hnsw.ts';
export { DEFAULT_APPROXIMATE_ABOVE, MemoryVectorIndex } from './vector-index-memory.ts';

export function createVectorIndex(o: VectorIndexOptions): MemoryVectorIndex {
  return new MemoryVectorIndex(o);
}

/**
 * Opens the persisted index, or rebuilds it from `source` when the files are missing, unusable
 * (fail to open, parse or load) or for another model, dimension or graph layout; then reconciles
 * it with the source's key set. Opening writes nothing: call save() after 'rebuilt' or 'reconciled'.
 */
export async function openVectorIndex(
  o: OpenVectorIndexOptions,
): Promise<OpenedVectorIndex & { index: PersistedIndex }> {
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  return openPersisted(o);
}
