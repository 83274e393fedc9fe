/**
 * The replica's moving parts: the index searches go to (swappable at once), and the fingerprint of
 * a key set that tells a replica cheaply whether the database has changed (gallery-index-replica.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import type { MemoryVectorIndex } from './vector-index-memory.ts';
import type { ScoredKey } from './vector-index-store.ts';
import type { PersistentVectorIndex } from './vector-index.ts';

/** A change made through this process: a vector added (a copy), or null for a removal. */
export interface LocalChange {
  readonly key: number;
  readonly vector: Float32Array | null;
}

/**
 * The index searches go to: delegates to one in-memory index and can swap it for another at once.
 * Local changes are reported to `onChange` (the replica journals them while a refresh is in flight).
 */
export class ReplicaIndex implements PersistentVectorIndex {
  #mem: MemoryVectorIndex | null;

  constructor(
    mem: MemoryVectorIndex,
    private readonly onChange: (change: LocalChange) => void = () => undefined,
  ) {
    this.#mem = mem;
  }

  /** The index behind this one now. */
  get current(): MemoryVectorIndex {
    if (!this.#mem) throw new Error('vector index is closed');
    return this.#mem;
  }

  get modelId(): string {
    return this.current.modelId;
  }
  get dimensions(): number {
    return this.current.dimensions;
  }
  get size(): number {
    return this.current.size;
  }
  /** Whether searches currently go through the HNSW graph. */
  get approximate(): boolean {
    return this.current.approximate;
  }
  add(key: number, vector: Float32Array): void {
    this.current.add(key, vector);
    this.onChange({ key, vector });
  }
  remove(key: number): boolean {
    const removed = this.current.remove(key);
    this.onChange({ key, vector: null });
    return removed;
  }
  has(key: number): boolean {
    return this.current.has(key);
  }
  search(query: Float32Array, k: number): ScoredKey[] {
    return this.current.search(query, k);
  }
  /** Exact search whatever the size (the reference for recall measurements). */
  exactSearch(query: Float32Array, k: number): ScoredKey[] {
    return this.current.exactSearch(query, k);
  }
  /** Replaces the index searches go to; returns the old one. */
  swap(next: MemoryVectorIndex): MemoryVectorIndex {
    const old = this.current;
    if (next.modelId !== old.modelId || next.dimensions !== old.dimensions) throw new Error('swap: another model');
    this.#mem = next;
    return old;
  }
  /** A replica never writes index files: snapshots are the builder's. */
  save(): Promise<void> {
    return Promise.resolve();
  }
  async close(): Promise<void> {
    this.#mem = null;
  }
}

/** Keys are summed modulo this prime, so the sum stays exact (below 2^53) up to 5e8 templates. */
const FINGERPRINT_MODULUS = 16_777_213;

export interface Fingerprint {
  readonly count: number;
  readonly max: number;
  readonly sum: number;
}

export const sameFingerprint = (a: Fingerprint, b: Fingerprint): boolean =>
  a.count === b.count && a.max === b.max && a.sum === b.sum;

export function fingerprintOf(keys: ArrayLike<number>, from: Fingerprint = { count: 0, max: 0, sum: 0 }): Fingerprint {
  let { count, max, sum } = from;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? 0;
    count++;
    if (k > max) max = k;
    sum += k % FINGERPRINT_MODULUS;
  }
  return { count, max, sum };
}

/** The same fingerprint over the database's templates of a model: one aggregate over the (model_id, key) index. */
export async function databaseFingerprint(db: Kysely<VigilSchema>, modelId: string): Promise<Fingerprint> {
  const row = await db
    .selectFrom('templates')
    .where('model_id', '=', modelId)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max<number | string | null>('key').as('hi'),
      sql<number | string | null>`sum(${sql.ref('key')} % ${sql.lit(FINGERPRINT_MODULUS)})`.as('s'),
    ])
    .executeTakeFirstOrThrow();
  // PostgreSQL returns sum(bigint) as numeric (a string); exact here below 2^53.
  return { count: Number(row.n), max: Number(row.hi ?? 0), sum: Number(row.s ?? 0) };
}
