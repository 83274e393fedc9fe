// The gallery index builder (`gallery.index-build`) over a real database (SQLite and PostgreSQL):
// immutable snapshots, an atomically switched pointer, pruning, idempotency per slot.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { testDatabases } from '../../test/support/db.ts';
import { gaussian, seededRandom } from '../eval/distractors.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { ByteCipher } from '../storage/cipher.ts';
import {
  buildGalleryIndexSnapshot,
  enqueueGalleryIndexBuild,
  galleryIndexBuildJobId,
  galleryIndexBuildSlot,
  galleryIndexHandlers,
  galleryIndexRoot,
  type GalleryIndexBuildDeps,
} from './gallery-index-jobs.ts';
import { templateContext } from './gallery-index.ts';
import { galleryRepository } from './gallery.repository.ts';
import { HNSW_FILE, VECTORS_FILE } from './vector-index-file.ts';
import {
  listSnapshots,
  readManifest,
  readPointer,
  snapshotDir,
  writePointer,
  SNAPSHOTS_DIR,
} from './vector-index-snapshot.ts';

const modelId = 'test-model-000000000000';
const D = 16;

function unit(seed: number): Float32Array {
  const normal = gaussian(seededRandom(seed));
  const v = Float32Array.from({ length: D }, normal);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

for (const target of testDatabases()) {
  describe(`gallery index builder on ${target.name}`, () => {
    it('writes immutable snapshots, switches the pointer, prunes, and skips a slot already built', async () => {
      const database = await target.open();
      const { db } = database;
      const cipher = new ByteCipher(randomBytes(32));
      const dataDir = await mkdtemp(join(tmpdir(), 'vigil-build-'));
      dirs.push(dataDir);
      const root = galleryIndexRoot(dataDir, modelId);
      const keys: number[] = [];
      const enrol = async (seed: number) => {
        const now = new Date().toISOString();
        await galleryRepository.insertSubject(db, {
          id: `s${seed}`,
          reference: `s${seed}`,
          display_name: `s${seed}`,
          category: null,
          date_of_birth: null,
          created_at: now,
          created_by: 't',
        });
        await galleryRepository.insertImage(db, {
          id: `i${seed}`,
          subject_id: `s${seed}`,
          media_id: 'm',
          sha256: 'h',
          width: 1,
          height: 1,
          format: 'jpeg',
          source: 's',
          legal_basis: 'l',
          capture_date: null,
          added_by: 't',
          reason: 'r',
          quality_json: '{}',
          import_key: null,
          created_at: now,
        });
        keys.push(
          await galleryRepository.insertTemplate(db, {
            imageId: `i${seed}`,
            subjectId: `s${seed}`,
            modelId,
            vectorSealed: cipher.sealVector(unit(seed), templateContext(modelId)),
            createdAt: now,
          }),
        );
      };
      const deps: GalleryIndexBuildDeps = { db, cipher, dataDir, modelId, dimensions: D, approximateAbove: 10 };
      const build = (slot: string, extra: Partial<GalleryIndexBuildDeps> = {}, full = false) =>
        buildGalleryIndexSnapshot({ ...deps, ...extra }, { modelId, slot, ...(full ? { full } : {}) });
      try {
        for (let s = 1; s <= 30; s++) await enrol(s);
        const first = await build('slot-a');
        assert.equal(first.status, 'done', first.detail);
        assert.match(first.detail ?? '', /full build .*30 templates/);
        const pointer = await readPointer(root);
        assert.equal(pointer?.version, first.version);
        const m1 = await readManifest(snapshotDir(root, first.version!));
        assert.equal(m1.count, 30);
        assert.equal(m1.watermark, Math.max(...keys));
        assert.equal(m1.slot, 'slot-a');
        assert.equal(m1.mode, 'full');
        assert.deepEqual(Object.keys(m1.files).sort(), [HNSW_FILE, VECTORS_FILE].sort(), 'the graph is in it');
        for (const [name, f] of Object.entries(m1.files)) {
          const bytes = await readFile(join(snapshotDir(root, first.version!), name));
          assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256);
          const raw = Buffer.from(unit(7).buffer);
          assert.equal(bytes.indexOf(raw.subarray(0, 16)), -1, `${name} is sealed`);
        }
        assert.deepEqual(
          (await readdir(root)).sort(),
          ['current.json', SNAPSHOTS_DIR],
          'no temporary file remains at the root',
        );

        // The same slot again (a retried or duplicated job): skipped.
        assert.equal((await build('slot-a')).status, 'skipped');
        // A new slot with nothing changed: skipped, no new snapshot.
        const same = await build('slot-b');
        assert.equal(same.status, 'skipped');
        assert.match(same.detail ?? '', /matches the database/);
        assert.deepEqual(await listSnapshots(root), [first.version]);

        // Changes: an incremental build from the current snapshot.
        await enrol(31);
        await galleryRepository.deleteSubject(db, 's2');
        const second = await build('slot-c');
        assert.equal(second.status, 'done', second.detail);
        assert.match(second.detail ?? '', /incremental build .*30 templates.*1 added and 1 removed/);
        const m2 = await readManifest(snapshotDir(root, second.version!));
        assert.equal(m2.base, first.version);
        assert.equal(m2.watermark, keys.at(-1));

        // A third: the one before the previous is deleted, the previous is kept for replicas still loading it.
        await enrol(32);
        const third = await build('slot-d', {}, true);
        assert.equal(third.status, 'done');
        assert.equal((await readManifest(snapshotDir(root, third.version!))).mode, 'full');
        assert.deepEqual(await listSnapshots(root), [second.version, third.version]);

        // A build that finishes after a newer one never moves the pointer back.
        await enrol(33);
        const late = await build('slot-e', { now: () => new Date(Date.parse('2001-01-01T00:00:00Z')) });
        assert.equal(late.status, 'skipped');
        assert.match(late.detail ?? '', /not switched/);
        assert.equal((await readPointer(root))?.version, third.version);
        assert.deepEqual(await listSnapshots(root), [second.version, third.version], 'the late snapshot is deleted');

        // A crash between the snapshot's rename and the pointer: the rerun switches to it without rebuilding.
        await enrol(34);
        const fourth = await build('slot-f');
        await writePointer(root, { format: 1, version: third.version!, slot: 'slot-d', switchedAt: '' });
        const rerun = await build('slot-f');
        assert.equal(rerun.status, 'skipped');
        assert.equal(rerun.version, fourth.version);
        assert.equal((await readPointer(root))?.version, fourth.version);

        // A build killed midway left a temporary folder: a later build deletes it once stale.
        const stale = join(root, SNAPSHOTS_DIR, '.tmp-20000101T000000000Z-00000000');
        await mkdir(stale);
        await utimes(stale, new Date(0), new Date(0));
        await enrol(35);
        await build('slot-g');
        assert.ok(!(await readdir(join(root, SNAPSHOTS_DIR))).some((n) => n.startsWith('.tmp-')));

        // Another model's job: a permanent failure.
        const other = await buildGalleryIndexSnapshot(deps, { modelId: 'other-model', slot: 'x' });
        assert.equal(other.status, 'failed');
      } finally {
        await database.close();
      }
    });

    it('is enqueued once per time slot however many workers schedule it', async () => {
      const database = await target.open();
      const cipher = new ByteCipher(randomBytes(32));
      const dataDir = await mkdtemp(join(tmpdir(), 'vigil-build-'));
      dirs.push(dataDir);
      const queue = new InProcessQueue();
      try {
        const handlers = galleryIndexHandlers({ db: database.db, cipher, dataDir, modelId, dimensions: D });
        const everyMs = 10 * 60_000;
        const at = new Date('2025-03-04T05:06:07.890Z');
        assert.equal(galleryIndexBuildSlot(at, everyMs), '20250304T050000Z');
        // Three workers tick within the same ten minutes.
        const ids = await Promise.all(
          [0, 1000, 599_000].map((dt) =>
            enqueueGalleryIndexBuild(queue, {
              modelId,
              everyMs,
              now: new Date(Date.parse('2025-03-04T05:00:00Z') + dt),
            }),
          ),
        );
        assert.deepEqual(new Set(ids), new Set([galleryIndexBuildJobId(modelId, '20250304T050000Z')]));
        let runs = 0;
        queue.process({
          'gallery.index-build': async (p, ctx) => {
            runs++;
            return handlers['gallery.index-build'](p, ctx);
          },
        });
        await queue.whenIdle();
        assert.equal(runs, 1);
        assert.equal((await queue.job(ids[0]!))?.result?.status, 'done');
        const next = await enqueueGalleryIndexBuild(queue, { modelId, everyMs, now: new Date('2025-03-04T05:10:00Z') });
        assert.notEqual(next, ids[0]);
        await queue.whenIdle();
        assert.equal((await queue.job(next))?.result?.status, 'skipped', 'nothing changed since the last slot');
        const full = await enqueueGalleryIndexBuild(queue, { modelId, everyMs, now: new Date(), full: true });
        assert.match(full, /^gallery-index\.test-model-000000000000\.full-\d{8}T\d{6}Z$/);
        await queue.whenIdle();
        assert.match((await queue.job(full))?.result?.detail ?? '', /^full build/);
      } finally {
        await queue.close();
        await database.close();
      }
    });
  });
}
