/**
 * Archive ingestion throughput (issue 7's acceptance): images per second and video seconds per
 * wall-clock second with one and with two `vigil worker` processes (one engine thread each) on
 * this machine, sharing a BullMQ queue on Redis and a PostgreSQL database, and the scaling factor.
 * Each run gets a fresh database and queue prefix; workers are started (and their engines loaded)
 * before the batch is queued, and the clock runs from `vigil archive ingest` to the last file done.
 * Needs PostgreSQL and Redis (VIGIL_TEST_POSTGRES_URL / VIGIL_TEST_REDIS_URL, else 127.0.0.1
 * defaults); skipped with a note when they do not answer.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cliToken } from '../test/support/cli.ts';
import { BullJobQueue } from '../src/jobs/bullmq-queue.ts';
import { repoRoot, sharedPath } from '../src/shared/paths.ts';

export interface IngestRow {
  readonly media: 'images' | 'video';
  readonly workers: number;
  readonly files: number;
  readonly faces: number;
  readonly wallSeconds: number;
  /** Images per second, or video seconds per wall second. */
  readonly rate: number;
  readonly unit: string;
  /** Against one worker, same media. */
  readonly scaling?: number;
}

export interface IngestBench {
  readonly cores: number;
  readonly rows: readonly IngestRow[];
  readonly skipped?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function imagesFolder(dir: string, count: number): number {
  mkdirSync(dir, { recursive: true });
  const lfw = sharedPath('data', 'lfw', 'images');
  let n = 0;
  for (const person of readdirSync(lfw).sort()) {
    if (n >= count) break;
    const file = `${person}_0001.jpg`;
    symlinkSync(join(lfw, person, file), join(dir, file));
    n++;
  }
  return n;
}

/**
 * Distinct clips (different bytes, so different hashes) of the same short video of a face, each
 * re-encoded at another quality: every clip has one face track to detect, embed and track.
 */
function videoFolder(dir: string, clips: number): number {
  mkdirSync(dir, { recursive: true });
  const source = sharedPath('data', 'video', 'facenet_pytorch', 'video.mp4');
  for (let i = 0; i < clips; i++) {
    const args = ['-v', 'error', '-y', '-i', source, '-an', '-c:v', 'libx264', '-preset', 'ultrafast'];
    const r = spawnSync('ffmpeg', [...args, '-crf', String(18 + i), join(dir, `clip-${i}.mp4`)]);
    if (r.status !== 0) throw new Error(`ffmpeg could not encode the sample video: ${String(r.stderr)}`);
  }
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', source], {
    encoding: 'utf8',
  });
  return clips * Number(probe.stdout.trim());
}

async function answers(url: string, kind: 'pg' | 'redis'): Promise<boolean> {
  try {
    if (kind === 'pg') {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.end();
    } else {
      const q = new BullJobQueue({ url, prefix: 'vigil-bench-probe' });
      await Promise.race([q.counts(), sleep(3000).then(() => Promise.reject(new Error('timeout')))]);
      await q.close();
    }
    return true;
  } catch {
    return false;
  }
}

async function oneRun(o: {
  postgresUrl: string;
  redisUrl: string;
  folder: string;
  workers: number;
  work: string;
}): Promise<{ files: number; faces: number; wallSeconds: number }> {
  const dbName = `vigil_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: o.postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(o.postgresUrl);
  dbUrl.pathname = `/${dbName}`;
  const prefix = `vigil-bench-${randomBytes(5).toString('hex')}`;
  writeFileSync(join(o.work, 'none.json'), '{}');
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    VIGIL_QUEUE_URL: o.redisUrl,
    VIGIL_QUEUE_PREFIX: prefix,
    VIGIL_MEDIA_KEY: randomBytes(32).toString('base64'),
    VIGIL_DATA_DIR: join(o.work, 'data'),
    VIGIL_CONFIG: join(o.work, 'none.json'),
    VIGIL_WORKERS: '1',
  };
  const children: ChildProcess[] = [];
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    // Migrate first and make the ingesting user's API token (the command acts as its holder),
    // then start the workers and wait until they take jobs.
    const token = await cliToken({ dataDir: env.VIGIL_DATA_DIR, databaseUrl: env.DATABASE_URL }, 'bench', [
      'investigator',
    ]);
    const ready: Promise<void>[] = [];
    for (let i = 0; i < o.workers; i++) {
      const c = spawn(process.execPath, ['bin/vigil.mjs', 'worker', '--concurrency', '2'], {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(c);
      ready.push(
        new Promise((resolve, reject) => {
          let err = '';
          const onData = (d: Buffer) => {
            err += d.toString();
            if (err.includes('taking jobs')) resolve();
          };
          c.stdout?.on('data', onData);
          c.stderr?.on('data', onData);
          c.on('exit', () => reject(new Error(`a worker exited: ${err}`)));
        }),
      );
    }
    await Promise.all(ready);
    await db.connect();
    const ingest = spawnSync(
      process.execPath,
      ['bin/vigil.mjs', 'archive', 'ingest', o.folder, '--case', 'BENCH-1', '--offence', 'robbery', '--wait', '--json'],
      { cwd: repoRoot, env: { ...env, VIGIL_TOKEN: token }, encoding: 'utf8' },
    );
    if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
    const r = JSON.parse(ingest.stdout) as { done: number; failed: number; faces: number };
    // The clock: from the batch being queued to the last file finished (the database's own record),
    // so the ingest command's start-up is not counted.
    const t = (
      await db.query(
        `select (select min(created_at) from archive_batches) as a, (select max(finished_at) from archive_files) as b`,
      )
    ).rows[0] as { a: string; b: string };
    const wallSeconds = (Date.parse(t.b) - Date.parse(t.a)) / 1000;
    return { files: r.done + r.failed, faces: r.faces, wallSeconds };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : undefined)));
    await db.end().catch(() => undefined);
    const q = new BullJobQueue({ url: o.redisUrl, prefix });
    await q.obliterate().catch(() => undefined);
    await q.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

export async function benchIngest(o: { quick: boolean; log: (line: string) => void }): Promise<IngestBench> {
  const cores = availableParallelism();
  const postgresUrl = process.env['VIGIL_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env['VIGIL_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  if (!(await answers(postgresUrl, 'pg')) || !(await answers(redisUrl, 'redis'))) {
    return { cores, rows: [], skipped: `PostgreSQL (${postgresUrl}) or Redis (${redisUrl}) does not answer` };
  }
  const work = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  try {
    const images = imagesFolder(join(work, 'images'), o.quick ? 32 : 128);
    o.log('ingest: cutting video clips ...');
    const videoSeconds = videoFolder(join(work, 'video'), o.quick ? 4 : 12);
    const rows: IngestRow[] = [];
    for (const media of ['images', 'video'] as const) {
      for (const workers of [1, 2]) {
        o.log(`ingest: ${media}, ${workers} worker process(es) ...`);
        const r = await oneRun({ postgresUrl, redisUrl, folder: join(work, media), workers, work });
        const rate = (media === 'images' ? images : videoSeconds) / r.wallSeconds;
        const one = rows.find((x) => x.media === media && x.workers === 1);
        rows.push({
          media,
          workers,
          files: r.files,
          faces: r.faces,
          wallSeconds: r.wallSeconds,
          rate,
          unit: media === 'images' ? 'images/s' : 'video s per wall s',
          ...(one ? { scaling: rate / one.rate } : {}),
        });
      }
    }
    return { cores, rows };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatIngest(r: IngestBench, table: (h: string[], rows: (string | number)[][]) => string): string {
  if (r.skipped) return `archive ingestion: skipped (${r.skipped})`;
  return [
    `archive ingestion (worker processes with one engine thread each, BullMQ on Redis, PostgreSQL; ${r.cores} cores)`,
    table(
      ['media', 'worker processes', 'files', 'faces', 'wall s', 'throughput', 'unit', 'scaling vs 1'],
      r.rows.map((x) => [
        x.media,
        x.workers,
        x.files,
        x.faces,
        x.wallSeconds.toFixed(1),
        x.rate.toFixed(2),
        x.unit,
        x.scaling === undefined ? '' : `${x.scaling.toFixed(2)}x`,
      ]),
    ),
  ].join('\n');
}
