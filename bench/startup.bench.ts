/**
 * Cold-start wall time of the `vigil` command (issue 15), each a fresh process, for:
 *
 * - `compiled`: what `vigil` and `npm start` run, the build in dist/ (built first by this bench)
 *   with the cached ONNX graphs;
 * - `tsx + cache`: the sources through tsx (`node --import tsx src/cli/main.ts`), cached graphs;
 * - `tsx, rebuilt` (the baseline: how main started before the build): the sources through tsx
 *   and the graphs rebuilt from face-api's weights at every start (VIGIL_GRAPH_CACHE=off).
 *
 * Measures: `vigil --help`; `vigil detect <image>` (a face-api demo photo); `vigil serve` on a
 * free port with a fresh data folder, until GET /ready answers 200. Each is the median of `runs`
 * starts after one untimed start (which fills the graph cache and tsx's own cache).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../src/shared/paths.ts';

export interface StartupRow {
  readonly measure: string;
  /** Median wall milliseconds per way of starting. */
  readonly compiledMs: number;
  readonly tsxCachedMs: number;
  readonly tsxRebuiltMs: number;
}

export interface StartupBench {
  readonly runs: number;
  readonly image: string;
  readonly rows: StartupRow[];
}

type Way = 'compiled' | 'tsxCached' | 'tsxRebuilt';
const ways: readonly Way[] = ['compiled', 'tsxCached', 'tsxRebuilt'];

function command(way: Way): { argv: string[]; env: NodeJS.ProcessEnv } {
  if (way === 'compiled') return { argv: [join(repoRoot, 'bin', 'vigil.mjs')], env: { VIGIL_RUN_FROM: 'dist' } };
  const argv = ['--import', 'tsx', join(repoRoot, 'src', 'cli', 'main.ts')];
  return { argv, env: way === 'tsxRebuilt' ? { VIGIL_GRAPH_CACHE: 'off' } : {} };
}

/**
 * A fresh folder with an empty configuration and the environment that points Vigil at it (run
 * from the repository, where `--import tsx` resolves).
 */
function scratch(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-startup-'));
  writeFileSync(join(dir, 'config.json'), '{}');
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_CONFIG: join(dir, 'config.json') };
  for (const k of ['DATABASE_URL', 'VIGIL_QUEUE_URL', 'VIGIL_KEY_FILE', 'VIGIL_MEDIA_KEY', 'VIGIL_RUN_FROM'])
    delete env[k];
  env['VIGIL_DATA_DIR'] = join(dir, 'data');
  env['VIGIL_GRAPH_CACHE'] = process.env['VIGIL_GRAPH_CACHE'];
  if (env['VIGIL_GRAPH_CACHE'] === undefined) delete env['VIGIL_GRAPH_CACHE'];
  return { dir, env };
}

/** Milliseconds from spawning `vigil <args>` until it exits (0 required). */
function timeExit(way: Way, args: readonly string[]): Promise<number> {
  const { dir, env } = scratch();
  const c = command(way);
  const t0 = performance.now();
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [...c.argv, ...args], {
      cwd: repoRoot,
      env: { ...env, ...c.env },
      stdio: 'pipe',
    });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      rmSync(dir, { recursive: true, force: true });
      if (code === 0) resolve(ms);
      else reject(new Error(`vigil ${args.join(' ')} (${way}) exited ${code}: ${err}`));
    });
  });
}

/** Milliseconds from spawning `vigil serve --port 0` until GET /ready answers 200. */
async function timeServeReady(way: Way): Promise<number> {
  const { dir, env } = scratch();
  const c = command(way);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...c.argv, 'serve', '--port', '0'], {
    cwd: repoRoot,
    env: { ...env, ...c.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /Vigil listening at (http:\/\/[^\s)"]+)/.exec(out);
        if (m) resolve(m[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`vigil serve (${way}) exited ${code} before listening:\n${out}`)));
    });
    for (;;) {
      const r = await fetch(`${url}/ready`).catch(() => undefined);
      if (r?.status === 200) return performance.now() - t0;
      if (performance.now() - t0 > 120_000) throw new Error(`vigil serve (${way}) was not ready in 120 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

async function median(fn: () => Promise<number>, runs: number): Promise<number> {
  await fn(); // untimed: fills the graph cache and tsx's compile cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function startupImage(): string {
  const pkg = createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json');
  return join(dirname(pkg), 'demo', 'sample1.jpg');
}

export async function benchStartup(options: { quick: boolean; log: (line: string) => void }): Promise<StartupBench> {
  const runs = options.quick ? 3 : 5;
  options.log('startup: building dist/ ...');
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-server.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
  const image = startupImage();
  const measures: [string, (way: Way) => Promise<number>][] = [
    ['vigil --help', (way) => timeExit(way, ['--help'])],
    ['vigil detect <image>', (way) => timeExit(way, ['detect', image])],
    ['vigil serve: /ready answers 200', (way) => timeServeReady(way)],
  ];
  const rows: StartupRow[] = [];
  for (const [measure, fn] of measures) {
    const ms: Partial<Record<Way, number>> = {};
    for (const way of ways) {
      options.log(`startup: ${measure} (${way}) ...`);
      ms[way] = await median(() => fn(way), runs);
    }
    rows.push({ measure, compiledMs: ms.compiled!, tsxCachedMs: ms.tsxCached!, tsxRebuiltMs: ms.tsxRebuilt! });
  }
  return { runs, image, rows };
}

export function formatStartup(
  b: StartupBench,
  table: (headers: readonly string[], rows: readonly (readonly (string | number)[])[]) => string,
): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return (
    `Cold start, median of ${b.runs} fresh processes (detect: ${b.image})\n` +
    table(
      ['measure', 'compiled (dist/)', 'tsx + graph cache', 'tsx, graphs rebuilt (baseline)', 'vs baseline'],
      b.rows.map((r) => [
        r.measure,
        s(r.compiledMs),
        s(r.tsxCachedMs),
        s(r.tsxRebuiltMs),
        `${(r.tsxRebuiltMs / r.compiledMs).toFixed(1)}x faster`,
      ]),
    )
  );
}
