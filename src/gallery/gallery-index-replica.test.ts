// Gallery index replicas (issue 7) over a real database (SQLite and PostgreSQL): two API-side
// replicas and the worker-side builder share one database and one data folder; synthetic unit
// vectors stand in for templates (no face engine).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { gaussian, seededRandom } from '../eval/distractors.ts';
import { ByteCipher } from '../storage/cipher.ts';
import { buildGalleryIndexSnapshot, galleryIndexRoot } from './gallery-index-jobs.ts';
import { openGalleryIndexReplica, type GalleryIndexReplicaOptions } from './gallery-index-replica.ts';
import { templateContext } from './gallery-index.ts';
import { galleryRepository } from './gallery.repository.ts';
import { VECTORS_FILE } from './vector-index-file.ts';
import { CURRENT_FILE, snapshotDir } from './vector-index-snapshot.ts';

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
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'vigil-replica-'));
  dirs.push(d);
  return d;
}

/** Every file and folder under `dir` with its size and modification time ('' when absent). */
async function tree(dir: string): Promise<string> {
  if (!existsSync(dir)) return '';
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const name of (await readdir(d)).sort()) {
      const p = join(d, name);
      const s = await stat(p);
      out.push(`${p.slice(dir.length)} ${s.isDirectory() ? 'dir' : s.size} ${s.mtimeMs}`);
      if (s.isDirectory()) await walk(p);
    }
  };
  await walk(dir);
  return out.join('\n');
}

/** A database, a key and a data folder as several processes of one installation share them. */
async function installation(database: Database) {
  const { db } = database;
  const cipher = new ByteCipher(randomBytes(32));
  const dataDir = await freshDir();
  const now = new Date().toISOString();
  /** An enrolment as GalleryService writes it (subject, image, template); returns the template key. */
  const enrol = async (seed: number): Promise<number> => {
    const id = `s${seed}`;
    await galleryRepository.insertSubject(db, {
      id,
      reference: id,
      display_name: id,
      category: null,
      date_of_birth: null,
      created_at: now,
      created_by: 't',
    });
    await galleryRepository.insertImage(db, {
      id: `i${seed}`,
      subject_id: id,
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
    return galleryRepository.insertTemplate(db, {
      imageId: `i${seed}`,
      subjectId: id,
      modelId,
      vectorSealed: cipher.sealVector(unit(seed), templateContext(modelId)),
      createdAt: now,
    });
  };
  const remove = async (seed: number): Promise<number[]> =>
    (await galleryRepository.deleteSubject(db, `s${seed}`))?.templateKeys ?? [];
  const replica = (extra: Partial<GalleryIndexReplicaOptions> = {}) =>
    openGalleryIndexReplica({ db, cipher, dataDir, modelId, dimensions: D, refreshEveryMs: 0, ...extra });
  let slot = 0;
  const build = (extra: { approximateAbove?: number; full?: boolean } = {}) =>
    buildGalleryIndexSnapshot(
      {
        db,
        cipher,
        dataDir,
        modelId,
        dimensions: D,
        ...(extra.approximateAbove ? { approximateAbove: extra.approximateAbove } : {}),
      },
      { modelId, slot: `slot-${++slot}`, ...(extra.full ? { full: true } : {}) },
    );
  return { db, cipher, dataDir, root: galleryIndexRoot(dataDir, modelId), enrol, remove, replica, build };
}

for (const target of testDatabases()) {
  describe(`gallery index replicas on ${target.name}`, () => {
    it("sees the other processes' enrolments and deletions after a refresh", async () => {
      const database = await target.open();
      try {
        const x = await installation(database);
        for (let s = 1; s <= 10; s++) await x.enrol(s);
        const built = await x.build();
        assert.equal(built.status, 'done', built.detail);
        const a = await x.replica();
        const b = await x.replica();
        try {
          assert.equal(a.opened, 'loaded');
          assert.equal(b.state().version, built.version);
          assert.equal(b.index.size, 10);

          // An enrolment through A (GalleryService commits, then adds to its index): in A at once, in B after a refresh.
          const k11 = await x.enrol(11);
          a.index.add(k11, unit(11));
          assert.equal(a.index.search(unit(11), 1)[0]?.key, k11);
          assert.equal(b.index.has(k11), false);
          const r1 = await b.refresh();
          assert.equal(r1.checked, 'delta');
          assert.equal(r1.added, 1);
          assert.equal(b.index.search(unit(11), 1)[0]?.key, k11);
          assert.equal((await a.refresh()).checked, 'unchanged', 'A already has its own enrolment');

          // A row written by another process (no replica told): both catch up.
          const k12 = await x.enrol(12);
          await Promise.all([a.refresh(), b.refresh()]);
          assert.ok(a.index.has(k12) && b.index.has(k12));

          // A deletion through B: out of B at once, out of A after a refresh (a full key comparison).
          const gone = await x.remove(3);
          for (const k of gone) b.index.remove(k);
          assert.ok(!b.index.search(unit(3), 20).some((h) => gone.includes(h.key)));
          assert.ok(a.index.has(gone[0]!));
          const r2 = await a.refresh();
          assert.equal(r2.checked, 'full');
          assert.equal(r2.removed, 1);
          assert.ok(!a.index.search(unit(3), 20).some((h) => gone.includes(h.key)));

          // A deletion and a late lower key in one interval: the fingerprint differs, the key set is compared.
          const k13 = await x.enrol(13);
          b.index.add(k13, unit(13));
          const gone5 = await x.remove(5);
          const r3 = await b.refresh();
          assert.equal(r3.checked, 'full');
          assert.ok(!b.index.has(gone5[0]!) && b.index.has(k13));
          await a.refresh();
          assert.deepEqual([...a.index.current.keys()].sort(), [...b.index.current.keys()].sort());
          assert.equal(a.index.size, (await galleryRepository.templateKeys(x.db, modelId)).length);
        } finally {
          await a.close();
          await b.close();
        }
      } finally {
        await database.close();
      }
    });

    it('swaps in a newer snapshot (HNSW) while searches keep running', async () => {
      const database = await target.open();
      try {
        const x = await installation(database);
        const approximateAbove = 20;
        for (let s = 1; s <= 60; s++) await x.enrol(s);
        const v1 = await x.build({ approximateAbove });
        const replica = await x.replica({ approximateAbove });
        try {
          assert.equal(replica.opened, 'loaded');
          assert.equal(replica.index.approximate, true, 'searches go through the HNSW graph');
          for (let s = 61; s <= 120; s++) await x.enrol(s);
          const v2 = await x.build({ approximateAbove });
          assert.equal(v2.status, 'done', v2.detail);
          assert.ok(v2.version! > v1.version!);
          const local = await x.enrol(121);

          let done = false;
          let during = 0;
          const searching = (async () => {
            for (let i = 0; !done; i++) {
              const hits = replica.index.search(unit(1 + (i % 121)), 5);
              assert.equal(hits.length, 5, 'every search during the swap has results');
              // An enrolment through this process in the middle of the swap: replayed onto the new index.
              if (i === 1) replica.index.add(local, unit(121));
              during++;
              await new Promise((r) => setImmediate(r));
            }
          })();
          const r = await replica.refresh();
          done = true;
          await searching;
          assert.ok(during >= 2, `searches ran during the swap (${during})`);
          assert.equal(r.swapped, true);
          assert.equal(r.version, v2.version);
          assert.equal(replica.state().version, v2.version);
          assert.equal(replica.index.approximate, true);
          assert.equal(replica.index.size, 121);
          assert.equal(replica.index.search(unit(121), 1)[0]?.key, local, 'the local enrolment survived the swap');
          assert.equal(replica.index.search(unit(100), 1)[0]?.score, replica.index.exactSearch(unit(100), 1)[0]?.score);
          assert.equal((await replica.refresh()).checked, 'unchanged');
        } finally {
          await replica.close();
        }
      } finally {
        await database.close();
      }
    });

    it('refreshes on its own every refreshEveryMs', async () => {
      const database = await target.open();
      try {
        const x = await installation(database);
        await x.enrol(1);
        const seen: string[] = [];
        const replica = await x.replica({ refreshEveryMs: 20, onRefresh: (r) => seen.push(`${r.checked}+${r.added}`) });
        try {
          const k = await x.enrol(2);
          for (let i = 0; i < 200 && !replica.index.has(k); i++) await new Promise((r) => setTimeout(r, 10));
          assert.ok(replica.index.has(k), 'the timer picked the enrolment up');
          assert.deepEqual(seen, ['delta+1']);
          assert.equal(replica.state().lastError, null);
        } finally {
          await replica.close();
        }
      } finally {
        await database.close();
      }
    });

    it('writes nothing under the index folder', async () => {
      const database = await target.open();
      try {
        const x = await installation(database);
        for (let s = 1; s <= 30; s++) await x.enrol(s);
        // No snapshot, no folder: the replica builds from the database and creates none.
        const early = await x.replica({ approximateAbove: 10 });
        assert.equal(early.opened, 'rebuilt');
        await early.refresh();
        await early.close();
        assert.equal(existsSync(join(x.dataDir, 'index')), false);

        await x.build({ approximateAbove: 10 });
        await x.enrol(31);
        await x.build({ approximateAbove: 10 });
        const before = await tree(join(x.dataDir, 'index'));
        const replica = await x.replica({ approximateAbove: 10, refreshEveryMs: 20 });
        replica.index.add(await x.enrol(32), unit(32));
        for (const k of await x.remove(2)) replica.index.remove(k);
        await x.enrol(33);
        await replica.refresh();
        await new Promise((r) => setTimeout(r, 100)); // some timed refreshes too
        await replica.index.save();
        replica.markChanged();
        await replica.close();
        assert.equal(await tree(join(x.dataDir, 'index')), before);
      } finally {
        await database.close();
      }
    });

    it('falls back to the database, with a reason, when the snapshot is missing or corrupt', async () => {
      const database = await target.open();
      try {
        const x = await installation(database);
        for (let s = 1; s <= 12; s++) await x.enrol(s);

        const none = await x.replica();
        assert.equal(none.opened, 'rebuilt');
        assert.match(none.reason ?? '', /no snapshot yet: built in memory from the database/);
        assert.equal(none.index.size, 12);
        assert.equal(none.state().version, null);

        // The first snapshot appears: the replica built from the database swaps it in.
        const v1 = await x.build();
        const r1 = await none.refresh();
        assert.equal(r1.swapped, true);
        assert.equal(r1.version, v1.version);
        await none.close();

        // A snapshot whose sealed file was altered: not loaded, built from the database.
        await x.enrol(13);
        const v2 = await x.build();
        await writeFile(join(snapshotDir(x.root, v2.version!), VECTORS_FILE), 'garbage');
        const corrupt = await x.replica();
        assert.equal(corrupt.opened, 'rebuilt');
        assert.match(corrupt.reason ?? '', new RegExp(`snapshot ${v2.version} is unusable .*hash.*built in memory`));
        assert.equal(corrupt.index.size, 13);
        assert.equal(corrupt.state().unusableVersion, v2.version);
        assert.equal((await corrupt.refresh()).swapped, false, 'an unusable snapshot is not tried again');
        await corrupt.close();

        // A snapshot that is missing altogether.
        await rm(snapshotDir(x.root, v2.version!), { recursive: true });
        const missing = await x.replica();
        assert.equal(missing.opened, 'rebuilt');
        assert.match(missing.reason ?? '', /unusable \(the manifest is missing\)/);
        assert.equal(missing.index.size, 13);

        // A newer snapshot that turns out corrupt while running: the replica keeps serving what it has.
        await x.enrol(14);
        const v3 = await x.build({ full: true });
        await writeFile(join(snapshotDir(x.root, v3.version!), 'manifest.json'), '{');
        const r3 = await missing.refresh();
        assert.equal(r3.swapped, false);
        assert.match(r3.problem ?? '', /unusable/);
        assert.equal(missing.index.size, 14, 'still reconciled with the database');
        assert.equal(missing.index.search(unit(14), 1)[0]?.score !== undefined, true);
        await missing.close();

        // An unreadable pointer.
        await writeFile(join(x.root, CURRENT_FILE), 'not json');
        const pointer = await x.replica();
        assert.equal(pointer.opened, 'rebuilt');
        assert.match(pointer.reason ?? '', /pointer is unusable/);
        await pointer.close();
      } finally {
        await database.close();
      }
    });
  });
}
