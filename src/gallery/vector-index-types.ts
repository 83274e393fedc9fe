/** The vector index contracts: what the gallery, search and the persisted index files agree on. */
import type { ByteCipher } from '../storage/cipher.ts';
import type { HnswOptions } from './vector-index-hnsw.ts';
import type { ScoredKey } from './vector-index-store.ts';

export interface VectorIndex {
  readonly modelId: string;
  readonly dimensions: number;
  readonly size: number;
  /** key: positive safe integer (the template row id); replaces an existing key; vector L2-normalised. */
  add(key: number, vector: Float32Array): void;
  /** Removed from search at once. */
  remove(key: number): boolean;
  has(key: number): boolean;
  /** The k best keys by exact cosine, best first. */
  search(query: Float32Array, k: number): ScoredKey[];
}

/** The database, as the index sees it. */
export interface TemplateSource {
  /** Every template key for this model. */
  keys(): Promise<number[]>;
  /** All vectors, or just those of `keys`. */
  vectors(keys?: readonly number[]): AsyncIterable<{ key: number; vector: Float32Array }>;
}

export interface PersistentVectorIndex extends VectorIndex {
  /** Writes the sealed files atomically (temporary file, rename). */
  save(): Promise<void>;
  close(): Promise<void>;
}

export interface VectorIndexOptions {
  readonly modelId: string;
  readonly dimensions: number;
  /** Exact search up to this many templates; HNSW plus exact re-ranking above. */
  readonly approximateAbove?: number;
  readonly hnsw?: HnswOptions;
}

export interface OpenVectorIndexOptions extends VectorIndexOptions {
  /** The index folder (created if missing, mode 0700). */
  readonly dir: string;
  readonly cipher: ByteCipher;
  readonly source: TemplateSource;
}

export interface OpenedVectorIndex {
  readonly index: PersistentVectorIndex & {
    /** Exact search whatever the size (the reference for recall measurements). */
    exactSearch(query: Float32Array, k: number): ScoredKey[];
    /** Whether searches currently go through the HNSW graph. */
    readonly approximate: boolean;
  };
  readonly opened: 'loaded' | 'reconciled' | 'rebuilt';
  /** Why the files were not used as they were. */
  readonly reason?: string;
}
