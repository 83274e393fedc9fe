/**
 * `vigil eval identification`: closed- and open-set 1:N identification on LFW, through the
 * gallery's own vector index, with and without synthetic distractors. LFW embeddings are cached in
 * `<dataDir>/eval-cache/lfw-<modelId>.bin` (evaluation data, not service data) so a rerun, and
 * the gallery benchmark, skip the ten minutes of embedding.
 *
 * Over 300 lines (one of the three the layering issue allows): the cache file format, the cached
 * embedding pass and the command's raw-vs-normalised report are read together; splitting them
 * would scatter one on-disk format over files.
 */
import { pipelineIdOf } from '../../faces/pipeline-id.ts';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { fmrKey } from '../../eval/calibrate.ts';
import { defaultDataDir } from '../../eval/data-files.ts';
import { embedAll, normalise, type EmbedImage, type EmbedProgress } from '../../eval/embedding.ts';
import { engineEmbedder } from '../../eval/engine-embedder.ts';
import {
  metricsRows,
  runIdentification,
  type CachedEmbedding,
  type IdentificationEvaluation,
  type IdentityImage,
} from '../../eval/identification.ts';
import { DEFAULT_COHORT_SIZE, DEFAULT_METHOD } from '../../faces/score-normalisation.ts';
import { loadScoreCalibrations, saveScoreCalibration } from '../../faces/score-calibration.ts';
import { repoRoot } from '../../shared/paths.ts';

export interface EmbeddingCacheFile {
  /** The recognizer that made the vectors; a cache for another model is not used. */
  readonly modelId: string;
  /** Whatever else the vectors depend on (detector, score floor); a mismatch also invalidates. */
  readonly settings: string;
  readonly dimensions: number;
  /** By path relative to the data folder. */
  readonly entries: ReadonlyMap<string, CachedEmbedding>;
}

const CACHE_MAGIC = 'VGEC';

/** `VGEC` | u32 header length | header JSON | padding to 4 | float32 vectors of the ok entries, in header order. */
export function encodeEmbeddingCache(file: EmbeddingCacheFile): Buffer {
  const list = [...file.entries];
  const ok = list.filter(([, e]) => e.ok).length;
  const header = Buffer.from(
    JSON.stringify({
      version: 1,
      modelId: file.modelId,
      settings: file.settings,
      dimensions: file.dimensions,
      entries: list.map(([path, e]) => [path, e.ok ? null : e.reason]),
    }),
  );
  const start = Math.ceil((8 + header.length) / 4) * 4;
  const out = Buffer.alloc(start + ok * file.dimensions * 4);
  out.write(CACHE_MAGIC, 0, 'ascii');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  const vectors = new Float32Array(out.buffer, out.byteOffset + start, ok * file.dimensions);
  let i = 0;
  for (const [, e] of list) {
    if (!e.ok) continue;
    if (e.vector.length !== file.dimensions) throw new RangeError(`cached vector has ${e.vector.length} dimensions`);
    vectors.set(e.vector, i++ * file.dimensions);
  }
  return out;
}

/** Throws SyntaxError when the bytes are not a cache file. */
export function decodeEmbeddingCache(bytes: Uint8Array): EmbeddingCacheFile {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.toString('ascii', 0, 4) !== CACHE_MAGIC) throw new SyntaxError('not an embedding cache');
  const length = buf.readUInt32LE(4);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + length)) as {
    modelId: string;
    settings: string;
    dimensions: number;
    entries: [string, string | null][];
  };
  const start = Math.ceil((8 + length) / 4) * 4;
  const d = header.dimensions;
  const ok = header.entries.filter(([, r]) => r === null).length;
  if (buf.length !== start + ok * d * 4) throw new SyntaxError('embedding cache is truncated');
  const aligned = new Uint8Array(buf.length - start);
  aligned.set(buf.subarray(start));
  const vectors = new Float32Array(aligned.buffer);
  const entries = new Map<string, CachedEmbedding>();
  let i = 0;
  for (const [path, reason] of header.entries) {
    entries.set(path, reason === null ? { ok: true, vector: vectors.slice(i * d, ++i * d) } : { ok: false, reason });
  }
  return { modelId: header.modelId, settings: header.settings, dimensions: d, entries };
}

/** Every LFW image under `<dataDir>/lfw/images`, by identity then number. */
export async function listLfwImages(dataDir: string): Promise<IdentityImage[]> {
  const root = join(dataDir, 'lfw', 'images');
  const out: IdentityImage[] = [];
  for (const identity of (await readdir(root)).sort()) {
    for (const name of (await readdir(join(root, identity))).sort()) {
      const m = /_(\d{4})\.jpg$/.exec(name);
      if (m && name === `${identity}_${m[1]}.jpg`)
        out.push({ identity, number: Number(m[1]), path: `lfw/images/${identity}/${name}` });
    }
  }
  return out;
}

export function lfwCachePath(vigilDataDir: string, modelId: string): string {
  return join(vigilDataDir, 'eval-cache', `lfw-${modelId}.bin`);
}

/** The cache for `modelId` (and `settings`, unless null); null when absent, unreadable or for another model. */
export async function readEmbeddingCache(
  path: string,
  modelId: string,
  settings: string | null,
): Promise<EmbeddingCacheFile | null> {
  try {
    const f = decodeEmbeddingCache(await readFile(path));
    return f.modelId === modelId && (settings === null || f.settings === settings) ? f : null;
  } catch {
    return null;
  }
}

interface CachedEmbedOptions {
  readonly dataDir: string;
  readonly relPaths: readonly string[];
  readonly cachePath: string | null;
  readonly modelId: string;
  readonly settings: string;
  readonly embedImage: EmbedImage;
  readonly concurrency: number;
  readonly onProgress?: (p: EmbedProgress) => void;
}

/** Embeds what the cache lacks (saving the cache every 1,000 images) and returns every result. */
export async function embedWithCache(o: CachedEmbedOptions): Promise<Map<string, CachedEmbedding>> {
  const cached = o.cachePath ? await readEmbeddingCache(o.cachePath, o.modelId, o.settings) : null;
  const known = new Map<string, CachedEmbedding>(cached?.entries ?? []);
  let dimensions = cached?.dimensions ?? 0;
  let writing: Promise<void> = Promise.resolve();
  let sinceSave = 0;
  const save = (): Promise<void> => {
    const path = o.cachePath;
    if (!path) return writing;
    writing = writing.then(async () => {
      if (dimensions === 0) return;
      await mkdir(dirname(path), { recursive: true });
      const file = { modelId: o.modelId, settings: o.settings, dimensions, entries: known };
      await writeFile(`${path}.tmp`, encodeEmbeddingCache(file));
      await rename(`${path}.tmp`, path);
    });
    return writing;
  };
  const todo = new Map(o.relPaths.filter((p) => !known.has(p)).map((p) => [join(o.dataDir, p), p]));
  const embed: EmbedImage = async (abs) => {
    const r = await o.embedImage(abs);
    const rel = todo.get(abs);
    if (rel !== undefined) {
      const unit = r.ok ? normalise(r.vector) : null;
      if (unit) dimensions = unit.length;
      known.set(
        rel,
        unit ? { ok: true, vector: unit } : { ok: false, reason: r.ok ? 'zero or non-finite embedding' : r.reason },
      );
      if (++sinceSave >= 1000) {
        sinceSave = 0;
        void save();
      }
    }
    return r;
  };
  await embedAll([...todo.keys()], embed, {
    concurrency: o.concurrency,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  if (todo.size > 0) await save();
  await writing;
  return known;
}

function table(rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(['measure', 'value']), line(['---', '---']), ...rows.map(line)].join('\n');
}

type Metrics = Pick<IdentificationEvaluation, 'rank1' | 'openSet'>;

/** One row per score (raw, normalised): rank-1 and FNIR at each FPIR with its threshold. */
export function scoreComparisonTable(rows: readonly (readonly [string, Metrics])[]): string {
  const targets = rows[0]?.[1].openSet.map((p) => p.targetFpir) ?? [];
  const f = (x: number | null, d = 4) => (x === null ? 'n/a' : x.toFixed(d));
  const head = ['score', 'rank-1', ...targets.map((t) => `FNIR at FPIR ${fmrKey(t)} (threshold)`)];
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(head),
    line(head.map(() => '---')),
    ...rows.map(([name, m]) =>
      line([
        name,
        f(m.rank1),
        ...targets.map((t) => {
          const p = m.openSet.find((q) => q.targetFpir === t);
          return p ? `${f(p.fnir)} (${f(p.threshold)})` : 'n/a';
        }),
      ]),
    ),
  ].join('\n');
}

export function identificationMarkdown(r: IdentificationEvaluation): string {
  const out = [
    `### 1:N identification: ${r.dataset}`,
    '',
    `${r.protocol}.`,
    '',
    `Gallery ${r.gallery.enrolled} of ${r.gallery.identities} identities enrolled; ${r.probes.images} probes ` +
      `(${r.probes.failuresToEnrol} failed to enrol, counted as misses); exact search.`,
    '',
    table(metricsRows(r)),
    '',
    `#### Open-set scores: raw cosine and AS-normalised (cohorts of ${r.normalised.cohortSize})`,
    '',
    scoreComparisonTable([
      ['raw cosine', r],
      [`${r.normalised.normalisation}, top-${r.normalised.cohortSize} cohorts`, r.normalised],
    ]),
    '',
    `${r.normalised.method}.`,
  ];
  const w = r.withDistractors;
  if (w) {
    const s = (x: { mean: number; p999: number }) => `mean ${x.mean.toFixed(3)}, 99.9th pct ${x.p999.toFixed(3)}`;
    out.push(
      '',
      `#### With ${w.distractors.toLocaleString('en-GB')} synthetic distractors (gallery ${w.gallerySize.toLocaleString('en-GB')}, ${w.search.mode})`,
      '',
      table([
        ...metricsRows(w),
        [
          'top-10 agreement with exact search',
          `${w.recallAt10VsExact.recall?.toFixed(4)} (${w.recallAt10VsExact.probes} probes)`,
        ],
        ['impostor scores, real', s(w.impostorScores.real)],
        ['impostor scores, synthetic', s(w.impostorScores.synthetic)],
        ['impostor scores, uniform noise', s(w.impostorScores.uniformNoise)],
        [
          'best impostor per probe, real / synthetic',
          `${s(w.impostorScores.realTop)} / ${s(w.impostorScores.syntheticTop)}`,
        ],
      ]),
    );
  }
  out.push('', 'Definitions:', '', ...Object.values(r.definitions).map((d) => `- ${d}`));
  out.push('', ...r.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

interface IdentificationOptions {
  data?: string;
  pack?: string;
  minScore: number;
  out: string;
  distractors: number;
  seed: number;
  cohort: number;
  normalisation: string;
  write?: boolean;
  cache: boolean;
}

function lfwRoot(dir: string | undefined): string {
  const d = resolve(dir ?? defaultDataDir());
  const root = basename(d) === 'lfw' ? dirname(d) : d;
  if (!existsSync(join(root, 'lfw', 'images')))
    throw new UsageError(`${d} holds no lfw/images (see ../shared/data/README.md)`);
  return root;
}

export function registerEvalIdentification(evalCmd: Command, ctx: CliContext): void {
  evalCmd
    .command('identification')
    .description('1:N identification on LFW: rank-1/rank-10 and FNIR at FPIR 1e-2/1e-3, with and without distractors')
    .option('--data <dir>', 'evaluation data folder (default ../shared/data)')
    .option('--pack <name>', 'model pack')
    .option('--min-score <n>', 'detector score floor for evaluation images', Number, 0.2)
    .option('--out <dir>', 'where the JSON and markdown reports go', join(repoRoot, 'reports'))
    .option('--distractors <n>', 'synthetic templates added to the gallery for the second run', Number, 0)
    .option('--seed <n>', 'seed of the distractor sampler', Number, 1)
    .option('--cohort <n>', 'AS-norm cohort size (top-K non-mate scores)', Number, DEFAULT_COHORT_SIZE)
    .option('--normalisation <method>', 'as-norm (z-scores) or as-norm-mean (cohort means only)', DEFAULT_METHOD)
    .option(
      '--write',
      'save the normalised-score thresholds in config/score-calibration.json (after calibrate --write)',
    )
    .option('--no-cache', 'embed every image again (ignore and do not write the embedding cache)')
    .action(async (opts: IdentificationOptions) => {
      if (!Number.isInteger(opts.distractors) || opts.distractors < 0) {
        throw new UsageError('--distractors takes a whole number >= 0');
      }
      if (!Number.isInteger(opts.cohort) || opts.cohort < 2) throw new UsageError('--cohort takes a whole number >= 2');
      const method = opts.normalisation;
      if (method !== 'as-norm' && method !== 'as-norm-mean')
        throw new UsageError('--normalisation is as-norm or as-norm-mean');
      const dataDir = lfwRoot(opts.data);
      const engine = await ctx.engine(opts.pack);
      const modelId = pipelineIdOf(engine.pack);
      const images = await listLfwImages(dataDir);
      const bar = ctx.out.bar('embedding', 'images');
      const embedded = await embedWithCache({
        dataDir,
        relPaths: images.map((im) => im.path),
        cachePath: opts.cache ? lfwCachePath(ctx.config.dataDir, modelId) : null,
        modelId,
        settings: `detector=${engine.pack.detector.modelId};minScore=${opts.minScore}`,
        embedImage: engineEmbedder(engine, { minScore: opts.minScore }),
        concurrency: engine.workers * 2,
        onProgress: (p) => bar.update(p.done, p.total, `${p.failures} failed`),
      }).finally(() => bar.stop());
      const r = runIdentification({
        modelId,
        images,
        embedded,
        distractors: opts.distractors,
        seed: opts.seed,
        cohortSize: opts.cohort,
        method,
        onProgress: (line) => ctx.out.progress(line),
      });
      const report = {
        pack: engine.pack.name,
        modelId,
        detector: engine.pack.detector.modelId,
        measuredAt: new Date().toISOString(),
        command:
          `vigil eval identification${opts.distractors ? ` --distractors ${opts.distractors}` : ''}` +
          (opts.cohort !== DEFAULT_COHORT_SIZE ? ` --cohort ${opts.cohort}` : '') +
          (method !== DEFAULT_METHOD ? ` --normalisation ${method}` : ''),
        ...r,
      };
      await mkdir(opts.out, { recursive: true });
      const base = join(opts.out, `identification-${modelId}`);
      const markdown = identificationMarkdown(r);
      await writeFile(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
      await writeFile(`${base}.md`, markdown + '\n');
      if (opts.write) {
        if (!loadScoreCalibrations().models[modelId])
          throw new UsageError(`no score calibration for ${modelId}: run \`vigil eval calibrate --write\` first`);
        const thresholds = Object.fromEntries(
          r.normalised.openSet.flatMap((p) => (p.threshold === null ? [] : [[fmrKey(p.targetFpir), p.threshold]])),
        );
        saveScoreCalibration(modelId, (old) => ({
          ...old!,
          search: { method, cohortSize: opts.cohort, thresholds, measuredOn: r.dataset },
        }));
      }
      ctx.out.result(
        report,
        () =>
          `${markdown}\n\nwritten ${base}.json and .md${opts.write ? '; search thresholds saved to config/score-calibration.json' : ''}`,
      );
    });
}
