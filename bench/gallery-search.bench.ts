/**
 * Gallery search at scale: the persistent vector index rebuilt from a template source of real LFW
 * templates plus synthetic distractors drawn to match them, saved (sealed), loaded back, and
 * searched with held-out real LFW probes. Reports build, save and load time, memory, size on disk,
 * top-50 latency p50/p99 and recall@50 against exact search, at a baseline size and the target
 * size in the same run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  embedWithCache,
  lfwCachePath,
  listLfwImages,
  readEmbeddingCache,
} from '../src/cli/commands/eval-identification.ts';
import { loadConfig } from '../src/app/config.ts';
import {
  compareImpostorScores,
  fillDistractors,
  fitDistractorModel,
  type ScoreSummary,
} from '../src/eval/distractors.ts';
import { engineEmbedder } from '../src/eval/engine-embedder.ts';
import type { CachedEmbedding } from '../src/eval/identification.ts';
import { registryLookup, startEngineFromConfig } from '../src/app/engine-from-config.ts';
import { faceApiNetSpec } from '../src/faces/packs.ts';
import { DEFAULT_HNSW } from '../src/gallery/vector-index-hnsw.ts';
import { DEFAULT_APPROXIMATE_ABOVE, openVectorIndex, type TemplateSource } from '../src/gallery/vector-index.ts';
import { ModelRegistry, modelsDir } from '../src/models/model-registry.ts';
import { sharedPath } from '../src/shared/paths.ts';
import { ByteCipher } from '../src/storage/cipher.ts';

export interface GallerySearchRow {
  readonly templates: number;
  readonly realTemplates: number;
  readonly mode: string;
  readonly buildS: number;
  readonly rssDeltaMb: number;
  readonly diskMb: number;
  readonly saveS: number;
  readonly loadS: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly recallAt50: number;
  readonly queries: number;
}

export interface GallerySearchBench {
  readonly templatesSource: string;
  readonly modelId: string;
  readonly index: { readonly approximateAbove: number; readonly hnsw: typeof DEFAULT_HNSW };
  readonly distractorCheck: Record<string, Pick<ScoreSummary, 'mean' | 'std' | 'p999'>>;
  readonly rows: readonly GallerySearchRow[];
  readonly targets: { readonly p50Ms: number; readonly p99Ms: number; readonly recallAt50: number };
}

const TARGETS = { p50Ms: 20, p99Ms: 50, recallAt50: 0.99 };

interface Template {
  readonly vector: Float32Array;
  /** The identity (LFW folder name). */
  readonly label: string;
}

/** LFW templates from the evaluation cache, or (without one) 2,000 images embedded now. */
async function lfwTemplates(
  log: (line: string) => void,
): Promise<{ templates: Template[]; source: string; modelId: string }> {
  const config = loadConfig();
  const modelId = (await faceApiNetSpec('faceapi-resnet')).modelId;
  const cachePath = lfwCachePath(config.dataDir, modelId);
  const cached = await readEmbeddingCache(cachePath, modelId, null);
  const enrolled = (entries: Iterable<[string, CachedEmbedding]>) =>
    [...entries].flatMap(([path, e]) => (e.ok ? [{ vector: e.vector, label: path.split('/')[2] ?? path }] : []));
  if (cached && cached.entries.size > 10_000) {
    return { templates: enrolled(cached.entries), source: `LFW embedding cache ${cachePath}`, modelId };
  }
  log('no LFW embedding cache (run `vigil eval identification` once): embedding 2,000 LFW images ...');
  const dataDir = sharedPath('data');
  const images = (await listLfwImages(dataDir)).slice(0, 2000);
  const engine = await startEngineFromConfig(
    config,
    registryLookup(new ModelRegistry({ root: modelsDir(config.dataDir) })),
    {
      pack: 'default',
    },
  );
  try {
    const embedded = await embedWithCache({
      dataDir,
      relPaths: images.map((im) => im.path),
      cachePath,
      modelId: engine.pack.recognizer.modelId,
      settings: `detector=${engine.pack.detector.modelId};minScore=0.2`,
      embedImage: engineEmbedder(engine, { minScore: 0.2 }),
      concurrency: engine.workers * 2,
    });
    return { templates: enrolled(embedded), source: `${images.length} LFW images embedded for this run`, modelId };
  } finally {
    await engine.close();
  }
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function dirMb(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;
  return bytes / 2 ** 20;
}

export async function benchGallerySearch(o: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<GallerySearchBench> {
  const { log } = o;
  const sizes = o.quick ? [10_000, 50_000] : [100_000, 1_000_000];
  const { templates: lfw, source, modelId } = await lfwTemplates(log);
  const d = lfw[0]?.vector.length ?? 128;
  // Every 13th LFW template is a query (held out of the gallery); the rest are real gallery entries.
  const heldOut = lfw.filter((_, i) => i % 13 === 5).slice(0, o.quick ? 200 : 1000);
  const queries = heldOut.map((t) => t.vector);
  const realLabelled = lfw.filter((_, i) => i % 13 !== 5);
  const real = realLabelled.map((t) => t.vector);
  const model = fitDistractorModel(real, { seed: 1 });
  const largest = Math.max(...sizes);
  log(`drawing ${(largest - Math.min(largest, real.length)).toLocaleString('en-GB')} distractors ...`);
  const all = new Float32Array(largest * d);
  real.slice(0, largest).forEach((v, i) => all.set(v, i * d));
  const realCount = Math.min(largest, real.length);
  fillDistractors(model, all.subarray(realCount * d), 1);
  const check = compareImpostorScores(heldOut.slice(0, 200), realLabelled.slice(0, 4000), all.subarray(realCount * d));
  const distractorCheck = Object.fromEntries(
    Object.entries(check).map(([k, s]: [string, ScoreSummary]) => [k, { mean: s.mean, std: s.std, p999: s.p999 }]),
  );

  const cipher = new ByteCipher(randomBytes(32));
  const rows: GallerySearchRow[] = [];
  for (const size of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-index-'));
    const templates: TemplateSource = {
      keys: async () => Array.from({ length: size }, (_, i) => i + 1),
      async *vectors(keys?: readonly number[]) {
        for (const key of keys ?? Array.from({ length: size }, (_, i) => i + 1)) {
          yield { key, vector: all.subarray((key - 1) * d, key * d) };
        }
      },
    };
    const options = { dir, modelId, dimensions: d, cipher, source: templates };
    try {
      log(`${size.toLocaleString('en-GB')} templates: building ...`);
      const rss0 = process.memoryUsage().rss;
      let t = performance.now();
      const built = await openVectorIndex(options);
      const buildS = (performance.now() - t) / 1000;
      const rssDeltaMb = (process.memoryUsage().rss - rss0) / 2 ** 20;
      t = performance.now();
      await built.index.save();
      const saveS = (performance.now() - t) / 1000;
      await built.index.close();
      t = performance.now();
      const { index, opened } = await openVectorIndex(options);
      const loadS = (performance.now() - t) / 1000;
      if (opened !== 'loaded') throw new Error(`the saved index did not load (${opened})`);
      log(`${size.toLocaleString('en-GB')} templates: searching ...`);
      for (const q of queries.slice(0, 50)) index.search(q, 50);
      const times: number[] = [];
      const found: number[][] = [];
      for (const q of queries) {
        const t0 = performance.now();
        const hits = index.search(q, 50);
        times.push(performance.now() - t0);
        found.push(hits.map((h) => h.key));
      }
      times.sort((a, b) => a - b);
      log(`${size.toLocaleString('en-GB')} templates: exact search for recall ...`);
      let agree = 0;
      queries.forEach((q, i) => {
        const exact = new Set(index.exactSearch(q, 50).map((h) => h.key));
        agree += (found[i] ?? []).filter((k) => exact.has(k)).length;
      });
      rows.push({
        templates: size,
        realTemplates: Math.min(size, real.length),
        mode: index.approximate ? 'hnsw + exact re-rank' : 'exact',
        buildS,
        rssDeltaMb,
        diskMb: await dirMb(dir),
        saveS,
        loadS,
        p50Ms: percentile(times, 0.5),
        p99Ms: percentile(times, 0.99),
        recallAt50: agree / (50 * queries.length),
        queries: queries.length,
      });
      await index.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const settings = { approximateAbove: DEFAULT_APPROXIMATE_ABOVE, hnsw: DEFAULT_HNSW };
  return { templatesSource: source, modelId, index: settings, distractorCheck, rows, targets: TARGETS };
}

export function formatGallerySearch(
  r: GallerySearchBench,
  table: (h: string[], rows: (string | number)[][]) => string,
): string {
  const f = (x: number, digits: number) => x.toFixed(digits);
  const c = r.distractorCheck;
  return [
    `gallery search (top 50; ${r.rows[0]?.queries ?? 0} held-out LFW probes; templates: ${r.templatesSource})`,
    table(
      [
        'templates',
        'real',
        'search',
        'build s',
        'RSS +MB',
        'disk MB',
        'save s',
        'load s',
        'p50 ms',
        'p99 ms',
        'recall@50',
      ],
      r.rows.map((x) => [
        x.templates,
        x.realTemplates,
        x.mode,
        f(x.buildS, 1),
        f(x.rssDeltaMb, 0),
        f(x.diskMb, 0),
        f(x.saveS, 1),
        f(x.loadS, 1),
        f(x.p50Ms, 2),
        f(x.p99Ms, 2),
        f(x.recallAt50, 4),
      ]),
    ),
    `targets: p50 <= ${r.targets.p50Ms} ms, p99 <= ${r.targets.p99Ms} ms, recall@50 >= ${r.targets.recallAt50}; index ${JSON.stringify(r.index)}`,
    `impostor scores vs probes (mean / p99.9): real ${f(c['real']?.mean ?? NaN, 3)} / ${f(c['real']?.p999 ?? NaN, 3)}, ` +
      `distractors ${f(c['synthetic']?.mean ?? NaN, 3)} / ${f(c['synthetic']?.p999 ?? NaN, 3)}, ` +
      `uniform noise ${f(c['uniformNoise']?.mean ?? NaN, 3)} / ${f(c['uniformNoise']?.p999 ?? NaN, 3)}`,
  ].join('\n');
}
