/** The engine's throughput over its workers: batched against unbatched requests, two workers against one. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { defaultMaxBatch, FaceEngine } from '../src/faces/engine.ts';
import { decodeImage } from '../src/faces/image-decode.ts';
import { builtInPacks } from '../src/faces/packs.ts';
import type { BenchRow } from './face-engine.bench.ts';

/** CPU seconds (user + system) used so far by these processes, from /proc (Linux; else undefined). */
function cpuSecondsOf(pids: readonly number[]): number | undefined {
  try {
    let ticks = 0;
    for (const pid of pids) {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100; // USER_HZ, 100 on Linux
  } catch {
    return undefined;
  }
}

interface Throughput {
  /** Faces per second, wall clock. */
  readonly facesPerSecond: number;
  /**
   * CPU milliseconds per face, the workers' and this process's together: on a shared machine this
   * moves much less with other jobs' load than the wall-clock rate does.
   */
  readonly cpuMsPerFace?: number;
}

async function throughput(
  engine: FaceEngine,
  jobs: readonly (() => Promise<{ faces: readonly unknown[] }>)[],
): Promise<Throughput> {
  await Promise.all(jobs.slice(0, engine.workers * 2).map((j) => j()));
  const pids = engine.workerPids;
  const cpu0 = cpuSecondsOf(pids);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(jobs.map((j) => j()));
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSecondsOf(pids);
  const own = process.cpuUsage(own0);
  const faces = results.reduce((s, r) => s + r.faces.length, 0);
  const cpu = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 + (own.user + own.system) / 1e6;
  return { facesPerSecond: faces / seconds, ...(cpu === undefined ? {} : { cpuMsPerFace: (cpu * 1000) / faces }) };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface EngineSetup {
  readonly label: string;
  readonly workers: number;
  /** Requests per worker message (1: each alone, as before issue 17's batching). */
  readonly maxBatch: number;
}

/**
 * Faces per second through the engine's workers (child processes, the default isolation), for
 * several setups started side by side and measured in alternation, `rounds` times each, so that
 * a change in the machine's load touches them alike; the median round is reported. The recognizer
 * path (`describe`: boxes known, 3 requests in flight per LFW image, one face each) and the whole
 * path (`analyse`: decode and SSD detection too).
 */
export async function benchEngine(images: readonly Uint8Array[], cores: number, rounds = 3): Promise<BenchRow[]> {
  const [pack] = await builtInPacks();
  const setups: EngineSetup[] = [
    { label: `${cores} workers, unbatched (before)`, workers: cores, maxBatch: 1 },
    { label: `${cores} workers, batched`, workers: cores, maxBatch: defaultMaxBatch },
    { label: '1 worker, batched', workers: 1, maxBatch: defaultMaxBatch },
  ];
  const engines = await Promise.all(
    setups.map((s) => FaceEngine.start({ pack: pack!, workers: s.workers, maxBatch: s.maxBatch })),
  );
  const describe = setups.map(() => [] as Throughput[]);
  const analyse = setups.map(() => [] as Throughput[]);
  try {
    const probe = engines[0]!;
    const analysed = await Promise.all(images.map(async (b) => ({ b, r: await probe.analyse(b, { embed: 'none' }) })));
    const framesWithBoxes = await Promise.all(
      analysed.map(async ({ b, r }) => ({
        img: await decodeImage(b),
        faces: r.faces.map((f) => ({ box: f.box, score: f.score })),
      })),
    );
    for (let round = 0; round < rounds; round++) {
      for (const [k, engine] of engines.entries()) {
        const describeJobs = framesWithBoxes
          .flatMap((f) => [f, f, f])
          .map((f) => () => engine.describe(f.img, f.faces, 'all'));
        const analyseJobs = images.map((b) => () => engine.analyse(b, { embed: 'all' }));
        describe[k]!.push(await throughput(engine, describeJobs));
        analyse[k]!.push(await throughput(engine, analyseJobs));
      }
    }
  } finally {
    await Promise.all(engines.map((e) => e.close()));
  }
  const rate = (xs: readonly Throughput[]) => median(xs.map((x) => x.facesPerSecond));
  const cpuMs = (xs: readonly Throughput[]) => {
    const known = xs.flatMap((x) => (x.cpuMsPerFace === undefined ? [] : [x.cpuMsPerFace]));
    return known.length > 0 ? median(known) : undefined;
  };
  const rows: BenchRow[] = [];
  const [before, batched, one] = [setups[0]!, setups[1]!, setups[2]!];
  for (const [what, runs] of [
    ['landmarks+align+quality+embed (no detection)', describe],
    ['decode+detect+landmarks+embed (LFW 250x250)', analyse],
  ] as const) {
    const [b, n, o] = [runs[0]!, runs[1]!, runs[2]!];
    rows.push(
      {
        measure: `faces/s, ${what}`,
        runtime: `engine, ${batched.label}`,
        value: rate(n),
        unit: 'faces/s',
        baseline: rate(b),
        baselineLabel: `faces/s ${before.label}`,
        ratio: rate(n) / rate(b),
      },
      {
        measure: `faces/s, ${what}`,
        runtime: `engine, ${batched.label}`,
        value: rate(n),
        unit: 'faces/s',
        baseline: rate(o),
        baselineLabel: `faces/s ${one.label}`,
        ratio: rate(n) / rate(o),
      },
    );
    const cpuNow = cpuMs(n);
    const cpuBefore = cpuMs(b);
    if (cpuNow !== undefined && cpuBefore !== undefined)
      rows.push({
        measure: `CPU ms/face (workers + caller), ${what}; ${cores} cores / this = ${((cores * 1000) / cpuNow).toFixed(1)} faces/s`,
        runtime: `engine, ${batched.label}`,
        value: cpuNow,
        unit: 'ms/face',
        baseline: cpuBefore,
        baselineLabel: `ms/face ${before.label} (${((cores * 1000) / cpuBefore).toFixed(1)} faces/s)`,
        ratio: cpuBefore / cpuNow,
      });
  }
  return rows;
}
