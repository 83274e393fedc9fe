/**
 * The ONNX graphs that Vigil re-expresses from face-api's npm weights, built once and cached on
 * disk instead of rebuilt at every start (issue 15).
 *
 * An entry is keyed by the weights' sha256, the net, the variant (e.g. the tiny detector's input
 * size), the cache format and a digest of the graph builders' own code (every `*-graph`,
 * `onnx-builder`, `tf-layout` and `tfjs-graph-model` module in this folder, as the running process
 * loads them), so other weights or a changed builder never reuse an old graph. Each entry records
 * the sha256 of its files; on load they are checked, and an entry that does not match (a truncated or altered
 * file) is rebuilt with a one-line notice. Writes go to a temporary name and are renamed into
 * place, so workers building the same entry at once never see a half-written file.
 *
 * Location: `node_modules/.cache/vigil/onnx-graphs/` (derived files belong with the installed
 * packages they come from, not in the data folder or its backups); `VIGIL_GRAPH_CACHE` names
 * another folder, or `off` to build in memory every time. An unwritable folder is not an error:
 * the graph is built in memory and the notice says why it was not cached.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { repoRoot } from '../../shared/paths.ts';
import { faceApiWeightsSha256, loadFaceApiWeights, type FaceApiNet, type FaceApiWeights } from './faceapi-weights.ts';

/** Bumped when the layout of a cache entry changes. */
export const graphCacheFormat = 1;

/** What a builder produces: the ONNX model (`graph`) and any other named byte arrays it needs. */
export type GraphParts = Readonly<Record<string, Uint8Array>> & { readonly graph: Uint8Array };

export interface CachedGraph {
  readonly parts: GraphParts;
  readonly weightsSha256: string;
  /** `cache`: read from a verified entry; `built`: built now from the weights (and cached if it could be). */
  readonly source: 'cache' | 'built';
}

export interface GraphCacheOptions {
  /** The cache folder; `null` disables the cache. Default: VIGIL_GRAPH_CACHE, else node_modules/.cache. */
  readonly dir?: string | null;
  /** Where notices go (a corrupt entry, an unwritable folder). Default: stderr. */
  readonly notice?: (line: string) => void;
  /** face-api's model folder (tests point it elsewhere). */
  readonly modelDir?: string;
}

export function defaultGraphCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env['VIGIL_GRAPH_CACHE'];
  if (configured === 'off') return null;
  return configured || join(repoRoot, 'node_modules', '.cache', 'vigil', 'onnx-graphs');
}

const entrySchema = z.object({
  format: z.literal(graphCacheFormat),
  key: z.string(),
  net: z.string(),
  variant: z.string(),
  weightsSha256: z.string(),
  parts: z.record(z.string(), z.object({ file: z.string(), sha256: z.string(), bytes: z.number().int() })),
});
type Entry = z.infer<typeof entrySchema>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let builderDigest: Promise<string> | undefined;

/** sha256 over the graph builders' code as loaded (.ts from the sources, .js from dist/). */
export function graphBuilderDigest(): Promise<string> {
  builderDigest ??= (async () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const names = (await readdir(dir))
      .filter((n) => /^(.*-graph|onnx-builder|tf-layout|tfjs-graph-model)\.(ts|js)$/.test(n))
      .sort();
    const hash = createHash('sha256');
    for (const n of names)
      hash
        .update(n)
        .update('\0')
        .update(await readFile(join(dir, n)));
    return hash.digest('hex');
  })();
  return builderDigest;
}

const stderrNotice = (line: string) => process.stderr.write(`vigil: ${line}\n`);

/**
 * The graph of `net` (in `variant`) built by `build` from face-api's weights: from the cache when a
 * verified entry exists, else built now and cached.
 */
export async function cachedFaceApiGraph(
  net: FaceApiNet,
  variant: string,
  build: (weights: FaceApiWeights) => GraphParts,
  options: GraphCacheOptions = {},
): Promise<CachedGraph> {
  return cachedGraph(
    {
      net,
      variant,
      weightsSha256: await faceApiWeightsSha256(net, options.modelDir),
      build: async () => build(await loadFaceApiWeights(net, options.modelDir)),
    },
    options,
  );
}

/** What any cached graph is made from: a net name, a variant, its weights' sha256 and a builder. */
export interface GraphSource {
  readonly net: string;
  readonly variant: string;
  readonly weightsSha256: string;
  readonly build: () => Promise<GraphParts>;
}

/** The graph of `source`: from the cache when a verified entry exists, else built now and cached. */
export async function cachedGraph(source: GraphSource, options: GraphCacheOptions = {}): Promise<CachedGraph> {
  const { net, variant, weightsSha256 } = source;
  const dir = options.dir === undefined ? defaultGraphCacheDir() : options.dir;
  const notice = options.notice ?? stderrNotice;
  if (dir === null) return { parts: await source.build(), weightsSha256, source: 'built' };

  const key = sha256(
    new TextEncoder().encode(
      JSON.stringify({ format: graphCacheFormat, net, variant, weightsSha256, builder: await graphBuilderDigest() }),
    ),
  );
  const stem = `${net}-${variant}-${key.slice(0, 16)}`;
  const entryFile = join(dir, `${stem}.json`);

  const cached = await readEntry(dir, entryFile, key, notice);
  if (cached) return { parts: cached, weightsSha256, source: 'cache' };

  const parts = await source.build();
  try {
    await writeEntry(dir, stem, { key, net, variant, weightsSha256 }, parts);
  } catch (err) {
    notice(`could not cache the ${net} ONNX graph in ${dir} (${(err as Error).message}): built it in memory`);
  }
  return { parts, weightsSha256, source: 'built' };
}

async function readEntry(
  dir: string,
  entryFile: string,
  key: string,
  notice: (line: string) => void,
): Promise<GraphParts | undefined> {
  let entry: Entry;
  try {
    entry = entrySchema.parse(JSON.parse(await readFile(entryFile, 'utf8')));
  } catch (err) {
    // No entry yet (or no folder): the first use builds it. Anything else is an unreadable entry.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      notice(`the cached ONNX graph entry ${entryFile} is unreadable: rebuilding it`);
    }
    return undefined;
  }
  if (entry.key !== key || !entry.parts['graph']) {
    notice(`the cached ONNX graph entry ${entryFile} does not match its key: rebuilding it`);
    return undefined;
  }
  const parts: Record<string, Uint8Array> = {};
  for (const [name, part] of Object.entries(entry.parts)) {
    const file = join(dir, part.file);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      notice(`the cached ONNX graph file ${file} is missing: rebuilding it`);
      return undefined;
    }
    if (bytes.length !== part.bytes || sha256(bytes) !== part.sha256) {
      notice(`the cached ONNX graph file ${file} does not match its recorded sha256: rebuilding it`);
      return undefined;
    }
    parts[name] = bytes;
  }
  return parts as GraphParts;
}

/** Writes `content` to `file` through a temporary name in the same folder, then renames it. */
async function writeAtomically(file: string, content: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function writeEntry(
  dir: string,
  stem: string,
  head: Pick<Entry, 'key' | 'net' | 'variant' | 'weightsSha256'>,
  parts: GraphParts,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const recorded: Entry['parts'] = {};
  for (const [name, bytes] of Object.entries(parts)) {
    const file = name === 'graph' ? `${stem}.onnx` : `${stem}.${name}.bin`;
    await writeAtomically(join(dir, file), bytes);
    recorded[name] = { file, sha256: sha256(bytes), bytes: bytes.length };
  }
  // The entry last: a reader finds it only once every file it names is in place.
  const entry: Entry = { format: graphCacheFormat, ...head, parts: recorded };
  await writeAtomically(join(dir, `${stem}.json`), JSON.stringify(entry, null, 2) + '\n');
}
