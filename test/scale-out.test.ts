// Scale-out (issue 7): the job queue's contract (in-process, always), and archive ingestion across
// processes on real PostgreSQL and Redis: an API process (`vigil serve --role api`) takes the
// investigator's request over HTTP, two worker processes (`vigil serve --role worker`) do the work,
// one is killed with SIGKILL mid-run; every file ends up processed exactly once with no lost or
// duplicated faces, and the investigator's search over HTTP finds the person.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { bearerFor } from './support/identity.ts';
import { cliToken } from './support/cli.ts';
import { InProcessQueue } from '../src/jobs/in-process-queue.ts';
import { BullJobQueue } from '../src/jobs/bullmq-queue.ts';
import { backoffDelay, type JobResult } from '../src/jobs/queue.ts';
import { repoRoot, sharedPath } from '../src/shared/paths.ts';
import { freshDatabaseAndQueue, needsServices, redisUrl, startVigilProcess, Teardown } from './support/processes.ts';

const scanPayload = (batchId: string) => ({ batchId, caseId: 'c', folder: '/x', provenance: 'cctv', requestedBy: 'u' });

test('the in-process queue: idempotent job ids, retries with backoff, dead letters, graceful close', async () => {
  const q = new InProcessQueue({ retry: { attempts: 3, backoffMs: 5 } });
  const calls = new Map<string, number>();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  q.process(
    {
      'archive.scan': async (p, ctx): Promise<JobResult> => {
        calls.set(p.batchId, (calls.get(p.batchId) ?? 0) + 1);
        await ctx.progress(50);
        if (p.batchId === 'flaky' && ctx.attempt < 3) throw new Error('transient');
        if (p.batchId === 'broken') throw new Error('always');
        if (p.batchId === 'slow') await gate;
        return { status: 'done' };
      },
    },
    { concurrency: 2 },
  );
  assert.equal(await q.enqueue('archive.scan', scanPayload('a'), { jobId: 'job-a' }), 'job-a');
  await q.enqueue('archive.scan', scanPayload('a'), { jobId: 'job-a' });
  await q.enqueue('archive.scan', scanPayload('flaky'), { jobId: 'job-flaky' });
  await q.enqueue('archive.scan', scanPayload('broken'), { jobId: 'job-broken' });
  await assert.rejects(q.enqueue('archive.scan', { ...scanPayload('x'), folder: '' }), /too_small|at least/i);
  await assert.rejects(q.enqueue('archive.scan', scanPayload('x'), { jobId: 'a:b' }), /invalid job id/);
  await q.whenIdle();
  assert.equal(calls.get('a'), 1, 'the same job id runs once');
  assert.equal(calls.get('flaky'), 3, 'retried until it succeeds');
  assert.deepEqual((await q.job('job-flaky'))?.state, 'completed');
  const failed = await q.failed();
  assert.deepEqual(
    failed.map((f) => [f.id, f.attempts, f.error]),
    [['job-broken', 3, 'always']],
  );
  assert.equal(backoffDelay(1, { attempts: 3, backoffMs: 100 }), 100);
  assert.equal(backoffDelay(3, { attempts: 3, backoffMs: 100 }), 400);
  // close() waits for the running job to finish.
  await q.enqueue('archive.scan', scanPayload('slow'), { jobId: 'job-slow' });
  let closed = false;
  const closing = q.close().then(() => (closed = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(closed, false, 'close waits for the job in hand');
  release();
  await closing;
  assert.equal((await q.job('job-slow'))?.state, 'completed');
});

const skip = needsServices;

const work = mkdtempSync(join(tmpdir(), 'vigil-scale-'));
const teardown = new Teardown();
after(async () => {
  await teardown.run();
  rmSync(work, { recursive: true, force: true });
});

function makeFolder(): { folder: string; images: number } {
  const folder = join(work, 'footage');
  mkdirSync(folder, { recursive: true });
  const people = ['Colin_Powell', 'Jacques_Chirac', 'Donald_Rumsfeld', 'Gerhard_Schroeder'];
  let images = 0;
  for (const person of people) {
    for (const f of readdirSync(sharedPath('data', 'lfw', 'images', person))
      .sort()
      .slice(0, 4)) {
      symlinkSync(sharedPath('data', 'lfw', 'images', person, f), join(folder, f));
      images++;
    }
  }
  symlinkSync(sharedPath('data', 'video', 'facenet_pytorch', 'video.mp4'), join(folder, 'clip.mp4'));
  writeFileSync(join(folder, 'corrupt.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  writeFileSync(join(folder, 'notes.txt'), 'not footage');
  return { folder, images };
}

test(
  'archive ingestion on PostgreSQL and Redis survives a worker killed with SIGKILL',
  { skip, timeout: 300_000 },
  async (t) => {
    const { dbUrl, prefix } = await freshDatabaseAndQueue(teardown, 'scale');
    const { folder, images } = makeFolder();
    // HTTP ingestion reads only under the configured archive roots.
    writeFileSync(join(work, 'vigil.json'), JSON.stringify({ archive: { roots: [work] } }));
    const env = {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      VIGIL_QUEUE_URL: redisUrl,
      VIGIL_QUEUE_PREFIX: prefix,
      VIGIL_MEDIA_KEY: randomBytes(32).toString('base64'),
      VIGIL_DATA_DIR: join(work, 'data'),
      VIGIL_CONFIG: join(work, 'vigil.json'),
      VIGIL_WORKERS: '1',
    };
    const total = images + 2; // the clip and the corrupt file; notes.txt is not footage
    const cli = (args: string[], extraEnv: Record<string, string | undefined> = {}) =>
      spawnSync(process.execPath, ['bin/vigil.mjs', ...args, '--json'], {
        cwd: repoRoot,
        env: { ...env, ...extraEnv },
        encoding: 'utf8',
      });

    const serve = (role: string) => {
      const p = startVigilProcess(teardown, role, { ...env, VIGIL_QUEUE_LOCK_MS: '3000' }, ['--concurrency', '1']);
      return { c: p.child, url: p.url, err: p.output, exited: p.exited };
    };
    const worker = () => serve('worker');

    // The API process (it migrates the database), and the investigator's token.
    const api = serve('api');
    const apiUrl = await api.url;
    const database = await openDatabase({ url: dbUrl.toString() });
    teardown.push(() => database.close());
    const investigator = await bearerFor(database.db, 'inv', ['investigator']);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { ...investigator, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
    };
    const opened = await call('POST', '/v1/cases', { reference: 'SC-1', offenceType: 'robbery', title: 'SC-1' });
    assert.equal(opened.status, 201, opened.text);
    const caseId = opened.json()['id'] as string;

    // Queue the batch over HTTP (no worker runs yet), then start two workers.
    const queued = await call('POST', `/v1/cases/${caseId}/archive/ingest`, { folder, provenance: 'cctv' });
    assert.equal(queued.status, 202, queued.text);
    const a = worker();
    const b = worker();
    await Promise.all([a.url, b.url]);

    const db = new pg.Client({ connectionString: dbUrl.toString() });
    await db.connect();
    teardown.push(() => db.end());
    const finished = async () =>
      Number((await db.query(`select count(*) as n from archive_files where status <> 'queued'`)).rows[0].n);
    const scanned = async () =>
      (await db.query(`select files_total from archive_batches`)).rows[0]?.files_total as number | null | undefined;

    let killedAt = -1;
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      const n = await finished();
      if (killedAt < 0 && n >= 3) {
        a.c.kill('SIGKILL');
        killedAt = n;
      }
      if (killedAt >= 0 && (await scanned()) === total && n === total) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(killedAt >= 3 && killedAt < total, `one worker was killed mid-run (${killedAt} of ${total} files done)`);
    assert.equal(await finished(), total, `every file finished; worker b: ${b.err()}`);
    await a.exited;
    const redone = (await db.query(`select count(*)::int as n from archive_files where attempts > 1`)).rows[0]
      .n as number;
    t.diagnostic(`killed at ${killedAt}/${total} files; ${redone} file(s) taken again after the kill`);

    // The surviving worker shuts down gracefully on SIGTERM.
    b.c.kill('SIGTERM');
    assert.equal(await b.exited, 0, b.err());

    // Exactly one row per file, every face written with its file.
    const files = (
      await db.query(`select file_sha256, path, kind, status, reason, faces from archive_files order by path`)
    ).rows as {
      file_sha256: string;
      path: string;
      kind: string;
      status: string;
      reason: string | null;
      faces: number;
    }[];
    assert.equal(files.length, total);
    assert.equal(new Set(files.map((f) => f.path)).size, total, 'one row per file');
    const corrupt = files.find((f) => f.path.endsWith('corrupt.jpg'));
    assert.equal(corrupt?.status, 'failed');
    assert.match(corrupt?.reason ?? '', /corrupt|not-an-image/);
    assert.ok(
      files.filter((f) => f !== corrupt).every((f) => f.status === 'done'),
      'every good file is done',
    );
    const faceRows = (await db.query(`select file_sha256, count(*)::int as n from archive_faces group by file_sha256`))
      .rows as { file_sha256: string; n: number }[];
    const perFile = new Map(faceRows.map((r) => [r.file_sha256, r.n]));
    for (const f of files) assert.equal(perFile.get(f.file_sha256) ?? 0, f.faces, `faces of ${f.path} match its row`);
    assert.ok(files.filter((f) => f.kind === 'image' && f.status === 'done').every((f) => f.faces >= 1));
    assert.ok((files.find((f) => f.kind === 'video')?.faces ?? 0) >= 1, 'the clip has a face track');

    // The same folder ingested by one process in-process (SQLite): the same faces per file.
    // The command acts as the user whose API token it holds (here, the reference database's own 'inv').
    const referenceToken = await cliToken({ dataDir: join(work, 'reference') }, 'inv', ['investigator']);
    const reference = cli(['archive', 'ingest', folder, '--case', 'REF-1', '--offence', 'robbery'], {
      DATABASE_URL: '',
      VIGIL_QUEUE_URL: '',
      VIGIL_DATA_DIR: join(work, 'reference'),
      VIGIL_TOKEN: referenceToken,
    });
    assert.equal(reference.status, 0, reference.stderr);
    const ref = JSON.parse(reference.stdout) as { done: number; failed: number; faces: number };
    assert.deepEqual(
      { done: ref.done, failed: ref.failed, faces: ref.faces },
      { done: total - 1, failed: 1, faces: files.reduce((s, f) => s + f.faces, 0) },
      'the two-worker run with a kill found exactly the faces of an undisturbed single-process run',
    );

    // A re-run of the same folder (a new batch, scanned by a fresh worker) duplicates nothing.
    const before = (await db.query(`select count(*)::int as n from archive_faces`)).rows[0].n as number;
    const c = worker();
    const again = cli(['archive', 'ingest', folder, '--case', 'SC-1', '--wait'], {
      VIGIL_TOKEN: investigator.authorization.slice('Bearer '.length),
    });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).filesTotal, total, 'the re-run scanned every file again');
    c.c.kill('SIGTERM');
    assert.equal(await c.exited, 0, c.err());
    assert.equal(Number((await db.query(`select count(*) as n from archive_files`)).rows[0].n), total);
    assert.equal((await db.query(`select count(*)::int as n from archive_faces`)).rows[0].n, before);

    // The dead-letter list is empty: the corrupt file was recorded as failed, not thrown.
    const q = new BullJobQueue({ url: redisUrl!, prefix });
    assert.deepEqual(await q.failed(), []);
    await q.close();

    // Where does Colin Powell appear? Another photograph of him, searched over HTTP, finds his files first.
    const probe = sharedPath('data', 'lfw', 'images', 'Colin_Powell', 'Colin_Powell_0009.jpg');
    const form = new FormData();
    form.append('image', new Blob([readFileSync(probe)], { type: 'image/jpeg' }), 'probe.jpg');
    const search = await fetch(`${apiUrl}/v1/cases/${caseId}/archive/search`, {
      method: 'POST',
      headers: investigator,
      body: form,
    });
    const found = (await search.json()) as { matches: { path: string; score: number }[] };
    assert.equal(search.status, 200, JSON.stringify(found));
    assert.ok(found.matches.length >= 1);
    assert.match(found.matches[0]!.path, /Colin_Powell_000[1-4]\.jpg$/);
    const progress = await call('GET', `/v1/cases/${caseId}/archive`);
    assert.equal(progress.status, 200, progress.text);

    // The API process shuts down cleanly too.
    api.c.kill('SIGTERM');
    assert.equal(await api.exited, 0, api.err());

    // The archive follows the case: deleting the case removes its archive.
    await db.query(`delete from cases where reference = 'SC-1'`);
    assert.equal(Number((await db.query(`select count(*) as n from archive_faces`)).rows[0].n), 0);
    assert.equal(Number((await db.query(`select count(*) as n from archive_files`)).rows[0].n), 0);
  },
);
