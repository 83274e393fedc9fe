/**
 * What an in-memory index lacks and has too many by the database, found cheaply (issue 7, used by
 * the replicas since and by the writer's catch-up in issue 14): compare a fingerprint of the index's
 * keys with the same aggregate in the database; when they differ fetch the rows above the index's
 * highest key (the usual case: enrolments) and, when that does not explain the difference
 * (deletions, a lower key committed late on PostgreSQL), compare the whole key set.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { galleryRepository } from './gallery.repository.ts';
import { databaseFingerprint, fingerprintOf, sameFingerprint } from './replica-index.ts';
import type { MemoryVectorIndex } from './vector-index-memory.ts';
import type { TemplateSource } from './vector-index.ts';

export interface TemplateRow {
  readonly key: number;
  readonly vector: Float32Array;
}

export interface DiffSource {
  readonly db: Kysely<VigilSchema>;
  readonly cipher: ByteCipher;
  readonly modelId: string;
  /** The sealing context of the model's templates (templateContext in gallery-index.ts). */
  readonly context: string;
  readonly source: TemplateSource;
}

export interface IndexDiff {
  /** How the database was compared: fingerprints matched, rows above the highest key, or every key. */
  readonly checked: 'unchanged' | 'delta' | 'full';
  readonly add: TemplateRow[];
  readonly remove: number[];
}

/** Rows above `after` (new enrolments, in key order), opened. */
async function rowsAfter(s: DiffSource, after: number): Promise<TemplateRow[]> {
  const out: TemplateRow[] = [];
  const pageSize = 2000;
  for (;;) {
    const page = await galleryRepository.templatePage(s.db, s.modelId, after, pageSize);
    for (const r of page) out.push({ key: r.key, vector: s.cipher.openVector(r.vector_sealed, s.context) });
    const last = page.at(-1);
    if (!last || page.length < pageSize) return out;
    after = last.key;
  }
}

/** What `target` lacks and has too many, by the database now (`forceFull`: compare every key). */
export async function databaseDiff(
  s: DiffSource,
  target: { keys(): ArrayLike<number>; has(key: number): boolean },
  forceFull: boolean,
): Promise<IndexDiff> {
  const keys = target.keys();
  const mine = fingerprintOf(keys);
  const theirs = await databaseFingerprint(s.db, s.modelId);
  if (!forceFull && sameFingerprint(mine, theirs)) return { checked: 'unchanged', add: [], remove: [] };
  let above: TemplateRow[] = [];
  if (!forceFull) {
    above = await rowsAfter(s, mine.max);
    const extended = fingerprintOf(
      above.map((r) => r.key),
      mine,
    );
    if (sameFingerprint(extended, theirs)) return { checked: 'delta', add: above, remove: [] };
  }
  const wanted = new Set(await s.source.keys());
  const remove: number[] = [];
  for (let i = 0; i < keys.length; i++) if (!wanted.has(keys[i]!)) remove.push(keys[i]!);
  const fetched = new Map<number, TemplateRow>();
  for (const r of above) if (wanted.has(r.key)) fetched.set(r.key, r);
  const missing = [...wanted].filter((k) => !target.has(k) && !fetched.has(k));
  if (missing.length > 0) {
    for await (const r of s.source.vectors(missing)) fetched.set(r.key, r);
  }
  return { checked: 'full', add: [...fetched.values()], remove };
}

/** Adds rows in one bulk insert (one row: a plain add). */
export function addRows(mem: MemoryVectorIndex, rows: readonly TemplateRow[]): void {
  if (rows.length === 1) {
    mem.add(rows[0]!.key, rows[0]!.vector);
    return;
  }
  if (rows.length === 0) return;
  const d = mem.dimensions;
  const matrix = new Float32Array(rows.length * d);
  rows.forEach((r, i) => matrix.set(r.vector, i * d));
  mem.addMany(
    rows.map((r) => r.key),
    matrix,
  );
}
