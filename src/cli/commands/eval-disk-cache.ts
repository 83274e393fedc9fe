/**
 * The evaluation commands' embedding cache on disk: `<dataDir>/eval-cache/lfw-<modelId>.bin` (the
 * one `vigil eval identification` writes) and `utk-<modelId>.bin`, valid only for the same model,
 * detector and score floor. `vigil eval lfw | calibrate | demographics | all` start from them and
 * add what they embedded, so a second run (or a run after `eval identification`) re-embeds nothing.
 */
import { join } from 'node:path';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EmbeddingCache } from '../../eval/embedding.ts';
import type { CachedEmbedding } from '../../eval/identification.ts';
import { encodeEmbeddingCache, readEmbeddingCache } from './eval-identification.ts';

const SETS = [
  { prefix: 'lfw/', file: 'lfw' },
  { prefix: 'utkface/', file: 'utk' },
] as const;

export interface DiskCacheKey {
  readonly vigilDataDir: string;
  readonly evalDataDir: string;
  readonly modelId: string;
  readonly settings: string;
}

const pathOf = (k: DiskCacheKey, file: string) => join(k.vigilDataDir, 'eval-cache', `${file}-${k.modelId}.bin`);

/** Fills `cache` (absolute paths) from the files on disk; returns how many entries it found. */
export async function prefillFromDisk(cache: EmbeddingCache, k: DiskCacheKey): Promise<number> {
  let n = 0;
  for (const set of SETS) {
    const f = await readEmbeddingCache(pathOf(k, set.file), k.modelId, k.settings);
    for (const [rel, e] of f?.entries ?? []) {
      cache.set(join(k.evalDataDir, rel), Promise.resolve(e));
      n++;
    }
  }
  return n;
}

/** Writes every resolved entry of `cache` back to the file of its data set. */
export async function saveToDisk(cache: EmbeddingCache, k: DiskCacheKey): Promise<void> {
  for (const set of SETS) {
    const entries = new Map<string, CachedEmbedding>();
    let dimensions = 0;
    for (const [abs, pending] of cache) {
      const rel = abs.startsWith(k.evalDataDir + '/') ? abs.slice(k.evalDataDir.length + 1) : null;
      if (!rel?.startsWith(set.prefix)) continue;
      const e = await pending;
      if (e.ok) dimensions = e.vector.length;
      entries.set(rel, e.ok ? { ok: true, vector: e.vector } : { ok: false, reason: e.reason });
    }
    if (entries.size === 0 || dimensions === 0) continue;
    const path = pathOf(k, set.file);
    // Keep what the file holds beyond this run (e.g. LFW images outside View 2).
    const old = await readEmbeddingCache(path, k.modelId, k.settings);
    const merged = new Map([...(old?.entries ?? []), ...entries]);
    await mkdir(dirname(path), { recursive: true });
    const bytes = encodeEmbeddingCache({ modelId: k.modelId, settings: k.settings, dimensions, entries: merged });
    await writeFile(`${path}.tmp`, bytes);
    await rename(`${path}.tmp`, path);
  }
}
