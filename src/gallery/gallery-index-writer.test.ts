// One writer of the gallery index (issue 14): while a server holds the index, the command line on
// the same data folder opens it as a replica and never writes the index files; what it enrols
// (or deletes) becomes searchable in the server at its next catch-up, without a restart; the lock
// is released on close, taken over from a dead holder, and a lost lock stops the saves.
// A stand-in engine (no models), the real services on SQLite in the data folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openServices, type VigilServices } from '../app/services.ts';
import { createCliContext } from '../cli/context.ts';
import { createOutput } from '../cli/output.ts';
import { configSchema, type VigilConfig } from '../app/config.ts';
import type { FaceEngine, ImageAnalysis } from '../faces/engine.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import { builtInPacks, type PackSpec } from '../faces/packs.ts';
import { acquireIndexLock, indexLockHolder, indexLockPath } from './gallery-index-lock.ts';
import { ReplicaIndex } from './replica-index.ts';
import { WriterIndex } from './gallery-index-writer.ts';

const officer = { username: 'wm.one', roles: ['watchlist-manager'] };
const provenance = { source: 'custody suite', legalBasis: 'PACE s64A', reason: 'arrested' };

/** A unit vector along axis `i`: each test subject is its own direction. */
function axis(i: number): Float32Array {
  const v = new Float32Array(128);
  v[i] = 1;
  return v;
}

/** The built-in pack's description (its calibration is in force); its nets are never run here. */
let pack: PackSpec;

/** A stand-in engine: every image is one good face whose template is axis(first byte). */
const engine = {
  get pack() {
    return pack;
  },
  workers: 1,
  analyse: async (bytes: Uint8Array): Promise<ImageAnalysis> =>
    ({
      width: 200,
      height: 200,
      format: 'jpeg',
      faces: [
        {
          box: { x: 50, y: 50, width: 100, height: 100 },
          score: 0.99,
          five: [],
          quality: { passed: true, reasons: [] },
          template: { modelId: pack.recognizer.modelId, vector: axis(bytes[0] ?? 0) },
        },
      ],
      timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
    }) as unknown as ImageAnalysis,
  analyseFrame: () => Promise.reject(new Error('not used')),
} as unknown as FaceEngine;

const dirs: string[] = [];
const saved = { key: process.env['VIGIL_MEDIA_KEY'], queue: process.env['VIGIL_QUEUE_URL'] };
before(async () => {
  pack = (await builtInPacks())[0]!;
  // The CLI reads the key and the queue from the environment, as the server does.
  process.env['VIGIL_MEDIA_KEY'] = randomBytes(32).toString('base64');
  delete process.env['VIGIL_QUEUE_URL'];
});
after(async () => {
  for (const [name, value] of [
    ['VIGIL_MEDIA_KEY', saved.key],
    ['VIGIL_QUEUE_URL', saved.queue],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function installation(): Promise<VigilConfig> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-one-writer-'));
  dirs.push(dataDir);
  return configSchema.parse({ dataDir, audit: { witnessFile: false }, galleryIndex: { refreshSeconds: 1 } });
}

/** The services as the embedded server opens them (the index writer). */
function server(config: VigilConfig): Promise<VigilServices> {
  return openServices({
    config,
    env: process.env,
    engine,
    calibrations: () => loadCalibrations(),
    analyseVideo: () => Promise.reject(new Error('not used')),
    enhance: (b) => Promise.resolve(b),
    galleryIndex: 'writer',
    indexSaveEveryMs: 0,
  });
}

/** The index files of the model, with their contents (the lock file lies beside their folder). */
async function indexFiles(config: VigilConfig): Promise<Map<string, string>> {
  const dir = join(config.dataDir, 'index', pack.recognizer.modelId);
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of (await readdir(dir)).sort()) out.set(name, (await readFile(join(dir, name))).toString('base64'));
  return out;
}

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const enrol = (s: VigilServices, reference: string, direction: number) =>
  s.gallery.createSubject(
    { reference, displayName: reference, images: [{ bytes: Uint8Array.of(direction, 1, 2, 3), ...provenance }] },
    officer,
  );

describe('one writer of the gallery index (issue 14)', () => {
  it('the CLI beside a running server enrols through the database; the server catches up and alone writes the files', async () => {
    const config = await installation();
    const api = await server(config);
    try {
      assert.ok(api.galleryIndex.index instanceof WriterIndex);
      await enrol(api, 'S-1', 1);
      await api.galleryIndex.index.save();
      const before = await indexFiles(config);
      assert.ok(before.size > 0);

      // `vigil gallery import` while the server runs: the CLI finds the lock held and follows the database.
      const cli = createCliContext(config, createOutput(true));
      const s = await cli.services(engine);
      assert.ok(s.galleryIndex.index instanceof ReplicaIndex, 'the CLI opened the index as a replica');
      const second = await enrol(s, 'S-2', 2);
      const third = await enrol(s, 'S-3', 3);
      await s.gallery.deleteSubject(second.subject.id, officer.username, 'enrolled in error');
      await cli.close();
      assert.deepEqual(await indexFiles(config), before, 'the CLI wrote no index file');

      // The server's index catches up on its own timer: no restart, no request.
      const key = (
        await api.database.db
          .selectFrom('templates')
          .select('key')
          .where('subject_id', '=', third.subject.id)
          .executeTakeFirstOrThrow()
      ).key;
      await until('the server has caught up', () => api.galleryIndex.index.has(key));
      assert.equal(api.galleryIndex.index.search(axis(3), 1)[0]?.key, key);
      await until('the deletion is caught up too', () => api.galleryIndex.index.size === 2);
      const counts = await api.gallery.counts();
      assert.equal(counts.indexed, counts.templates, 'every template searchable');
    } finally {
      await api.close();
    }
    // The holder saved what it caught up with, and let go of the lock.
    assert.notDeepEqual(await indexFiles(config), new Map());
    assert.equal(await indexLockHolder(config.dataDir), null);

    // With no server running, the CLI is the writer and loads the files the server saved.
    const cli = createCliContext(config, createOutput(true));
    try {
      const s = await cli.services(engine);
      assert.ok(s.galleryIndex.index instanceof WriterIndex);
      assert.equal(s.galleryIndex.opened, 'loaded');
      assert.equal(s.galleryIndex.index.size, 2);
    } finally {
      await cli.close();
    }
  });

  it('a second writer is refused while the lock is held; a dead holder is taken over; a lost lock stops saves', async () => {
    const config = await installation();
    const api = await server(config);
    try {
      await assert.rejects(server(config), (err: Error & { code?: string }) => err.code === 'gallery-index-held');
    } finally {
      await api.close();
    }

    // A holder killed with SIGKILL leaves its file: a process that no longer exists holds nothing.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(
      indexLockPath(config.dataDir),
      JSON.stringify({ pid: gone, host: (await import('node:os')).hostname(), token: 'old', since: 'then' }),
    );
    assert.equal(await indexLockHolder(config.dataDir), null);
    const next = await server(config);
    try {
      assert.equal((await indexLockHolder(config.dataDir))?.pid, process.pid);
      // Another process takes the lock over (this one paused past the stale limit): its saves stop.
      await rm(indexLockPath(config.dataDir));
      const thief = await acquireIndexLock(config.dataDir);
      await assert.rejects(next.galleryIndex.index.save(), /lock was lost/);
      await thief.release();
    } finally {
      await next.close().catch(() => undefined);
    }
  });
});
