/**
 * The archive's ingestion rules (issue 7) at the seam: an in-memory index, a stand-in engine, no
 * database. A file over the image limit or changed since its scan fails for good; a file is
 * indexed exactly once, however often its job runs; stored times are the injected clock's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { manualClock } from '../shared/clock.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { JobContext } from '../jobs/queue.ts';
import { Outbox } from '../jobs/outbox.ts';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../test/support/fakes.ts';
import { memoryArchiveStore } from '../../test/support/fakes-archive.ts';
import { memoryOutboxStore } from '../../test/support/fakes-jobs.ts';
import { sha256Of } from './archive-files.ts';
import { archiveHandlers, type ArchiveIngestDeps } from './archive-jobs.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-archive-spec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const face = { box: { x: 1, y: 2, width: 3, height: 4 }, quality: { score: 0.9 }, template: { vector: [1, 0] } };

function setUp(o: { maxImageBytes?: number } = {}) {
  const clock = manualClock('2026-02-01T12:00:00.000Z');
  const store = memoryArchiveStore();
  const audit = recordingAudit();
  let analysed = 0;
  const engine = {
    // A pack whose pipeline keeps the recognizer's id (pipeline-id.ts): templates are 'model-a'.
    pack: {
      name: 'fake',
      detector: { kind: 'faceapi-ssd', modelId: 'ssd-a' },
      landmarker: { kind: 'faceapi-landmarks68', modelId: 'landmarks-a' },
      recognizer: { kind: 'faceapi-resnet', modelId: 'model-a' },
    },
    workers: 1,
    analyse: async () => {
      analysed++;
      return { faces: [face, face] };
    },
    analyseFrame: async () => ({ faces: [] }),
  } as unknown as ArchiveIngestDeps['engine'];
  const handlers = archiveHandlers({
    db: fakeQueryable as Kysely<VigilSchema>,
    cipher: { sealVector: () => Buffer.from([7]) } as unknown as ByteCipher,
    engine,
    queue: { enqueue: async (_n, _p, opts) => opts?.jobId ?? '' },
    limits: { maxImageBytes: o.maxImageBytes ?? 1000, maxVideoBytes: 1000, maxVideoDurationMs: 1000, videoFps: 1 },
    repository: store,
    uow: fakeUnitOfWork,
    clock,
    audit,
    outbox: new Outbox({ store: memoryOutboxStore(), clock }),
  });
  return { clock, store, audit, handlers, analysed: () => analysed };
}

const ctx: JobContext = { id: 'j', name: 'archive.file', attempt: 1, finalAttempt: false, progress: async () => {} };

function imageFile(name: string, bytes: Buffer) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const payload = {
    batchId: 'b1',
    caseId: 'c1',
    path,
    sha256: sha256Of(bytes),
    kind: 'image' as const,
    provenance: 'seized',
    requestedBy: 'ivy',
  };
  return payload;
}

describe('archive ingestion rules (issue 7)', () => {
  it('indexes every face of an image once, at the clock time; a second run is skipped', async () => {
    const s = setUp();
    const p = imageFile('one.jpg', Buffer.from('image one'));
    s.clock.advance(5000);
    assert.deepEqual(await s.handlers['archive.file'](p, ctx), { status: 'done', detail: '2 face(s)' });
    const row = s.store.files.get(`c1/${p.sha256}`);
    assert.equal(row?.status, 'done');
    assert.equal(row?.faces, 2);
    assert.equal(row?.attempts, 1);
    assert.equal(row?.finished_at, '2026-02-01T12:00:05.000Z');
    assert.deepEqual(
      s.store.faces.map((f) => [f.face_key, f.created_at]),
      [
        ['i0', '2026-02-01T12:00:05.000Z'],
        ['i1', '2026-02-01T12:00:05.000Z'],
      ],
    );
    assert.deepEqual(await s.handlers['archive.file'](p, ctx), { status: 'skipped', detail: 'already done' });
    assert.equal(s.analysed(), 1, 'a finished file is not analysed again');
    assert.equal(s.store.faces.length, 2);
  });

  it('two workers on the same file: one indexes it, the other finds it finished', async () => {
    const s = setUp();
    const p = imageFile('race.jpg', Buffer.from('raced image'));
    const results = await Promise.all([s.handlers['archive.file'](p, ctx), s.handlers['archive.file'](p, ctx)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['done', 'skipped']);
    assert.equal(s.store.faces.length, 2, 'the faces are written once');
  });

  it('an image over the size limit fails for good with its reason, and nothing is analysed', async () => {
    const s = setUp({ maxImageBytes: 4 });
    const p = imageFile('big.jpg', Buffer.from('more than four bytes'));
    const r = await s.handlers['archive.file'](p, ctx);
    assert.equal(r.status, 'failed');
    assert.match(r.detail ?? '', /^too-large: 20 bytes/);
    assert.equal(s.store.files.get(`c1/${p.sha256}`)?.status, 'failed');
    assert.equal(s.analysed(), 0);
    assert.equal(s.store.faces.length, 0);
  });

  it('a file changed since its scan fails for good (what was scanned is what is indexed)', async () => {
    const s = setUp();
    const p = imageFile('changed.jpg', Buffer.from('before'));
    writeFileSync(p.path, 'after!');
    const r = await s.handlers['archive.file'](p, ctx);
    assert.equal(r.status, 'failed');
    assert.match(r.detail ?? '', /^changed/);
  });

  it('the scan queues each file of the folder once, records the batch scanned and audits it', async () => {
    const s = setUp();
    const folder = mkdtempSync(join(dir, 'scan-'));
    writeFileSync(join(folder, 'a.jpg'), 'a');
    writeFileSync(join(folder, 'b.png'), 'b');
    writeFileSync(join(folder, 'copy-of-a.jpg'), 'a');
    writeFileSync(join(folder, 'notes.txt'), 'not media');
    await s.store.insertBatch(fakeQueryable, {
      id: 'b1',
      case_id: 'c1',
      folder,
      provenance: 'seized',
      requested_by: 'ivy',
      created_at: s.clock.nowIso(),
      files_total: null,
      scanned_at: null,
    });
    s.clock.advance(60_000);
    const payload = { batchId: 'b1', caseId: 'c1', folder, provenance: 'seized', requestedBy: 'ivy' };
    const r = await s.handlers['archive.scan'](payload, { ...ctx, name: 'archive.scan' });
    assert.equal(r.status, 'done');
    assert.equal(s.store.files.size, 2, 'the same content twice is one file of the case');
    assert.equal(s.store.batchRows[0]?.scanned_at, '2026-02-01T12:01:00.000Z');
    assert.equal(s.audit.entries.at(-1)?.action, 'archive.scanned');
    assert.deepEqual(s.audit.entries.at(-1)?.details, { batchId: 'b1', files: 3, ignored: 1 });
  });
});
