/**
 * The writer's gallery index (issue 14): the persisted index of the one process that holds the
 * index lock (gallery-index-lock.ts), catching up with the database, where another process on the
 * same data folder (the command line while the server runs) writes enrolments and deletions. A
 * catch-up compares fingerprints (gallery-index-diff.ts): nothing changed costs one aggregate
 * query; enrolments elsewhere are fetched above the highest key; anything else, and every
 * `fullReconcileEveryMs`, compares the whole key set. Changes made through this process while a
 * catch-up is in flight are journalled and win over what the catch-up read before them.
 */
import { DomainError } from '../shared/domain-error.ts';
import { databaseDiff, type DiffSource, type IndexDiff, type TemplateRow } from './gallery-index-diff.ts';
import type { IndexLock } from './gallery-index-lock.ts';
import type { PersistedIndex } from './vector-index-persist.ts';
import type { ScoredKey } from './vector-index-store.ts';
import type { PersistentVectorIndex } from './vector-index.ts';

export interface WriterCatchUp {
  readonly checked: IndexDiff['checked'];
  readonly added: number;
  readonly removed: number;
}

/** The persisted index behind the lock: local changes journalled, saves refused once the lock is lost. */
export class WriterIndex implements PersistentVectorIndex {
  #journal: Set<number> | null = null;
  #closed = false;

  constructor(
    readonly inner: PersistedIndex,
    private readonly lock: IndexLock | null,
  ) {}

  get modelId(): string {
    return this.inner.modelId;
  }
  get dimensions(): number {
    return this.inner.dimensions;
  }
  get size(): number {
    return this.inner.size;
  }
  /** Whether searches currently go through the HNSW graph. */
  get approximate(): boolean {
    return this.inner.approximate;
  }
  add(key: number, vector: Float32Array): void {
    this.inner.add(key, vector);
    this.#journal?.add(key);
  }
  remove(key: number): boolean {
    this.#journal?.add(key);
    return this.inner.remove(key);
  }
  has(key: number): boolean {
    return this.inner.has(key);
  }
  keys(): Float64Array {
    return this.inner.keys();
  }
  search(query: Float32Array, k: number): ScoredKey[] {
    return this.inner.search(query, k);
  }
  exactSearch(query: Float32Array, k: number): ScoredKey[] {
    return this.inner.exactSearch(query, k);
  }
  /** Writes the sealed files, while this process still holds the index lock. */
  async save(): Promise<void> {
    if (this.lock && !(await this.lock.held())) {
      throw new DomainError(
        'conflict',
        'gallery-index-lock-lost',
        'the gallery index lock was lost to another process: this process no longer writes the index files',
      );
    }
    await this.inner.save();
  }
  /** Starts journalling the keys changed here (one catch-up at a time). */
  journal(): Set<number> {
    this.#journal = new Set();
    return this.#journal;
  }
  endJournal(): void {
    this.#journal = null;
  }
  /** Applies a catch-up's rows without journalling them. */
  apply(add: readonly TemplateRow[], remove: readonly number[]): number {
    let removed = 0;
    for (const k of remove) if (this.inner.remove(k)) removed++;
    if (add.length === 1) this.inner.add(add[0]!.key, add[0]!.vector);
    else if (add.length > 1) {
      const d = this.dimensions;
      const matrix = new Float32Array(add.length * d);
      add.forEach((r, i) => matrix.set(r.vector, i * d));
      this.inner.addMany(
        add.map((r) => r.key),
        matrix,
      );
    }
    return removed;
  }
  /** Releases the index and the lock (the files are not saved here: see OpenedGalleryIndex.close). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.inner.close();
    } finally {
      await this.lock?.release();
    }
  }
}

/** One catch-up function for `index`, serialised: a call waits for the one in flight, then runs. */
export function writerCatchUp(
  index: WriterIndex,
  source: DiffSource,
  fullReconcileEveryMs: number,
): () => Promise<WriterCatchUp> {
  let lastFullAt = Date.now();
  let running: Promise<unknown> = Promise.resolve();
  const once = async (): Promise<WriterCatchUp> => {
    const touched = index.journal();
    try {
      const startedAt = Date.now();
      const d = await databaseDiff(source, index, startedAt - lastFullAt >= fullReconcileEveryMs);
      // From here on synchronous: what this process changed meanwhile is newer than what was read.
      const add = d.add.filter((r) => !touched.has(r.key) && !index.has(r.key));
      const removed = index.apply(
        add,
        d.remove.filter((k) => !touched.has(k)),
      );
      if (d.checked === 'full') lastFullAt = startedAt;
      return { checked: d.checked, added: add.length, removed };
    } finally {
      index.endJournal();
    }
  };
  return () => {
    const run = running.then(once);
    running = run.catch(() => undefined);
    return run;
  };
}
