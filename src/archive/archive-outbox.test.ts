// The job outbox (issue 14): an archive batch survives its process dying mid-batch with the
// in-process queue (whose jobs vanish with the process), and a queue that fails after the commit
// does not lose the batch: the relay sends its job later. A stand-in engine (no models), the real
// services, archive handlers and relay; SQLite on a file for the restart, and PostgreSQL when
// VIGIL_TEST_POSTGRES_URL is set for the relay.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openServices, type VigilServices } from '../app/services.ts';
import { configSchema } from '../app/config.ts';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import type { FaceEngine, ImageAnalysis } from '../faces/engine.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import { fakePack } from '../../test/support/http.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { pendingOutbox, startOutboxRelay, type OutboxRelay } from '../jobs/outbox.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { archiveHandlers } from './archive-jobs.ts';
import { unfinishedArchiveJobs } from './archive-outbox.ts';

const investigator = { username: 'inv.one', roles: ['investigator'] };
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

/** One face per image, whatever the bytes: a unit vector. */
function oneFace(): ImageAnalysis {
  const vector = new Float32Array(128);
  vector[0] = 1;
  return {
    width: 100,
    height: 100,
    format: 'jpeg',
    faces: [
      {
        box: { x: 10, y: 10, width: 50, height: 50 },
        score: 0.99,
        five: [],
        quality: { passed: true },
        template: { modelId: fakePack.recognizer.modelId, vector },
      },
    ],
    timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
  } as unknown as ImageAnalysis;
}

/** A stand-in engine whose `analyse` is given; it records the files (by first bytes) it was asked about. */
function engineWith(analyse: (bytes: Uint8Array) => Promise<ImageAnalysis>): FaceEngine {
  return {
    pack: fakePack,
    workers: 1,
    analyse,
    analyseFrame: () => Promise.reject(new Error('no video here')),
  } as unknown as FaceEngine;
}

/** A folder of `n` distinct images (contents `file-<i>` plus noise). */
function evidenceFolder(n: number): string {
  const dir = join(tempDir('vigil-outbox-evidence-'), 'seized');
  mkdirSync(dir);
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `img-${String(i).padStart(2, '0')}.jpg`), `file-${i}-${randomBytes(8).toString('hex')}`);
  }
  return dir;
}

/** The services as the embedded server opens them, on a data folder and key that outlive them. */
function servicesOn(
  dataDir: string,
  mediaKey: string,
  engine: FaceEngine,
  queue: JobQueue,
  database?: Database,
): Promise<VigilServices> {
  const config = configSchema.parse({ dataDir, audit: { witnessFile: false } });
  return openServices({
    config,
    env: { VIGIL_MEDIA_KEY: mediaKey },
    engine,
    calibrations: () => loadCalibrations(),
    analyseVideo: () => Promise.reject(new Error('no video here')),
    enhance: (b) => Promise.resolve(b),
    queue,
    indexSaveEveryMs: 0,
    ...(database ? { database } : {}),
  });
}

/** What role-loops.ts starts in the worker role: the archive handlers and the outbox relay. */
async function startWorker(s: VigilServices, engine: FaceEngine, everyMs = 50): Promise<OutboxRelay> {
  s.jobs.process(
    archiveHandlers({
      db: s.database.db,
      cipher: s.cipher,
      engine,
      queue: s.jobs,
      limits: { maxImageBytes: 1 << 20, maxVideoBytes: 1 << 20, maxVideoDurationMs: 1000, videoFps: 1 },
    }),
    { concurrency: 2 },
  );
  return startOutboxRelay({ db: s.database.db, queue: s.jobs, resume: [unfinishedArchiveJobs], everyMs });
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const fileRows = (s: VigilServices) =>
  s.database.db.selectFrom('archive_files').select(['path', 'status', 'faces', 'attempts']).orderBy('path').execute();

describe('archive ingestion through the job outbox (issue 14)', () => {
  it('a batch whose single process dies mid-batch finishes every file exactly once after a restart (in-process queue)', async () => {
    const dataDir = tempDir('vigil-outbox-data-');
    const mediaKey = randomBytes(32).toString('base64');
    const folder = evidenceFolder(12);

    // The first process: four files are analysed, then the engine hangs (the process is about to die).
    let served = 0;
    const firstEngine = engineWith(() => (served++ < 4 ? Promise.resolve(oneFace()) : new Promise(() => undefined)));
    const firstQueue = new InProcessQueue();
    const first = await servicesOn(dataDir, mediaKey, firstEngine, firstQueue);
    const firstRelay = await startWorker(first, firstEngine);
    const c = await first.cases.createCase(
      { reference: 'OUTBOX-1', offenceType: 'robbery', title: 'outbox' },
      investigator,
    );
    const batch = await first.archive.requestIngest(
      { caseId: c.id, folder, provenance: 'cctv' },
      investigator,
      first.jobs,
    );
    await until('the scan has run and four files are done with two in hand', async () => {
      const p = await first.archive.progress(c.id, batch.id);
      return p.filesTotal === 12 && p.done === 4 && served === 6;
    });
    const doneBefore = (await fileRows(first)).filter((f) => f.status === 'done').map((f) => f.path);
    // Killed: the queue is never closed (its jobs and the two in hand vanish), the database is left as it is.
    await firstRelay.stop();
    await first.close();

    // The restart: the same data folder, database and key; a fresh in-process queue.
    const analysed: string[] = [];
    const secondEngine = engineWith(async (bytes) => {
      analysed.push(Buffer.from(bytes).toString().split('-').slice(0, 2).join('-'));
      return oneFace();
    });
    const second = await servicesOn(dataDir, mediaKey, secondEngine, new InProcessQueue());
    try {
      const relay = await startWorker(second, secondEngine);
      assert.equal(relay.started.resumed, 8, 'the eight files still queued are resumed');
      await until('the batch has finished', async () => (await second.archive.progress(c.id, batch.id)).queued === 0);
      await second.jobs.whenIdle();
      await relay.stop();

      const files = await fileRows(second);
      assert.equal(files.length, 12);
      assert.deepEqual(
        files.filter((f) => f.status !== 'done' || f.faces !== 1),
        [],
        'every file done with its one face',
      );
      const faces = await second.database.db
        .selectFrom('archive_faces')
        .select((eb) => ['file_sha256', eb.fn.countAll<number>().as('n')])
        .groupBy('file_sha256')
        .execute();
      assert.equal(faces.length, 12);
      assert.ok(
        faces.every((f) => Number(f.n) === 1),
        'one face row per file, none twice',
      );
      // Exactly once: the files finished before the crash are not analysed again, the rest once each.
      assert.equal(analysed.length, 8);
      assert.equal(new Set(analysed).size, 8);
      const progress = await second.archive.batchProgress(c.id, batch.id, second.jobs);
      assert.equal(progress.finished, true);
      assert.equal(doneBefore.length, 4);
      assert.equal(await pendingOutbox(second.database.db), 0);
    } finally {
      await second.jobs.close();
      await second.close();
    }
  });

  for (const target of testDatabases()) {
    it(`an enqueue that throws after the commit is relayed later (${target.name})`, async () => {
      const dataDir = tempDir('vigil-outbox-relay-');
      const engine = engineWith(() => Promise.resolve(oneFace()));
      const queue = new InProcessQueue();
      const s = await servicesOn(dataDir, randomBytes(32).toString('base64'), engine, queue, await target.open());
      try {
        const c = await s.cases.createCase(
          { reference: 'OUTBOX-2', offenceType: 'robbery', title: 'relay' },
          investigator,
        );
        // The queue is down when the batch is committed: the request still succeeds, the job waits.
        let down = true;
        const flaky: JobQueue = Object.assign(Object.create(queue) as JobQueue, {
          enqueue: ((...args: Parameters<JobQueue['enqueue']>) =>
            down ? Promise.reject(new Error('queue unreachable')) : queue.enqueue(...args)) as JobQueue['enqueue'],
        });
        const batch = await s.archive.requestIngest(
          { caseId: c.id, folder: evidenceFolder(3), provenance: 'cctv' },
          investigator,
          flaky,
        );
        const row = await s.database.db.selectFrom('job_outbox').selectAll().executeTakeFirstOrThrow();
        assert.equal(row.relayed_at, null);
        assert.equal(row.attempts, 1);
        assert.match(row.last_error ?? '', /queue unreachable/);
        assert.equal((await s.archive.batchProgress(c.id, batch.id, queue)).scan.state, 'unknown');

        // The worker's relay (no resumption here) keeps trying, and sends it once the queue is back.
        s.jobs.process(
          archiveHandlers({
            db: s.database.db,
            cipher: s.cipher,
            engine,
            queue: s.jobs,
            limits: { maxImageBytes: 1 << 20, maxVideoBytes: 1 << 20, maxVideoDurationMs: 1000, videoFps: 1 },
          }),
        );
        const relay = await startOutboxRelay({ db: s.database.db, queue: flaky, everyMs: 20 });
        assert.equal(relay.started.failed, 1);
        down = false;
        await until(
          'the batch has finished',
          async () => (await s.archive.batchProgress(c.id, batch.id, queue)).finished,
        );
        await relay.stop();
        await queue.whenIdle();
        const p = await s.archive.progress(c.id, batch.id);
        assert.equal(p.done, 3);
        assert.equal(await pendingOutbox(s.database.db), 0);
      } finally {
        await queue.close();
        await s.close();
      }
    });
  }
});
