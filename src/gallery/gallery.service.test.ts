// The reference gallery on SQLite and PostgreSQL with the real engine: quality refusals,
// duplicate flags, idempotent imports, sealing at rest, and deletion that leaves search at once.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { openTestServices, type TestServices } from '../../test/support/services.ts';
import { testDatabases } from '../../test/support/db.ts';
import { FaceEngine } from '../faces/engine.ts';
import { FaceChoiceError } from '../faces/face-choice.ts';
import { builtInPacks } from '../faces/packs.ts';
import { sharedPath } from '../shared/paths.ts';
import { DomainError } from '../shared/domain-error.ts';

const lfw = (name: string, n: number): Buffer =>
  readFileSync(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));

const provenance = { source: 'custody suite', legalBasis: 'PACE s64A', reason: 'arrested 2026-01-01' };

let engine: FaceEngine;
before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
});
after(() => engine.close());

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

for (const target of testDatabases()) {
  describe(`gallery on ${target.name}`, () => {
    let s: TestServices;
    before(async () => {
      s = await openTestServices(await target.open(), engine);
    });
    after(() => s.close());

    it('enrols a subject, seals image and template at rest, and finds them by search', async () => {
      const bytes = lfw('Colin_Powell', 1);
      const r = await s.gallery.createSubject(
        { reference: 'CP-1', displayName: 'Colin Powell', images: [{ bytes, ...provenance }] },
        { username: 'officer.a', roles: ['watchlist-manager'] },
      );
      assert.equal(r.images.length, 1);
      assert.equal(r.images[0]?.added_by, 'officer.a');
      assert.equal(r.images[0]?.legal_basis, 'PACE s64A');
      assert.equal(JSON.parse(r.images[0]?.quality_json ?? '{}').passed, true);
      assert.deepEqual(r.possibleDuplicates, []);

      // The image file on disk is not the JPEG, and the template row is not the raw vector.
      const files = listFiles(join(s.dataDir, 'media'));
      assert.equal(files.length, 1);
      const onDisk = readFileSync(files[0]!);
      assert.equal(onDisk.indexOf(bytes.subarray(0, 64)), -1, 'plaintext image bytes on disk');
      const row = await s.database.db.selectFrom('templates').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.model_id, engine.pack.recognizer.modelId);
      assert.equal(row.vector_sealed.length, 4 + 12 + 16 + 128 * 4);
      assert.deepEqual((await s.gallery.imageBytes(r.images[0]!.id)).bytes, bytes);

      const probe = await engine.analyse(lfw('Colin_Powell', 2), { embed: 'all' });
      const [hit] = s.galleryIndex.index.search(probe.faces[0]!.template!.vector, 1);
      assert.ok(hit && hit.score > s.thresholdInForce(engine.pack.recognizer.modelId).threshold);
    });

    it('refuses an image that fails the quality gates and writes nothing', async () => {
      const blurred = await sharp(lfw('Colin_Powell', 4)).blur(4).jpeg().toBuffer();
      const before = await s.gallery.counts();
      await assert.rejects(
        s.gallery.createSubject(
          { reference: 'TB-blur', displayName: 'Blurred', images: [{ bytes: blurred, ...provenance }] },
          { username: 'officer.a', roles: ['watchlist-manager'] },
        ),
        (err: unknown) =>
          (err instanceof DomainError && err.code === 'quality-gate' && /blurred/.test(err.message)) ||
          err instanceof FaceChoiceError,
      );
      assert.deepEqual(await s.gallery.counts(), before);
      assert.equal(listFiles(join(s.dataDir, 'media')).length, before.images);
    });

    it('flags a possible duplicate subject at enrolment', async () => {
      const r = await s.gallery.createSubject(
        { reference: 'CP-2', displayName: 'C. Powell', images: [{ bytes: lfw('Colin_Powell', 3), ...provenance }] },
        { username: 'officer.b', roles: ['watchlist-manager'] },
      );
      assert.equal(r.possibleDuplicates[0]?.reference, 'CP-1');
      assert.ok((r.possibleDuplicates[0]?.score ?? 0) >= r.threshold);
    });

    it('enrols an import key once however often it is offered', async () => {
      const image = { bytes: lfw('Tony_Blair', 2), ...provenance, importKey: 'manifest:Tony_Blair_0002' };
      await s.gallery.createSubject(
        { reference: 'TB-1', displayName: 'Tony Blair', images: [image] },
        { username: 'importer', roles: ['watchlist-manager'] },
      );
      const subject = (await s.gallery.listSubjects({ limit: 10, offset: 0, search: 'tb-1' })).rows[0]!;
      const again = await s.gallery.addImages(subject.id, [image], {
        username: 'importer',
        roles: ['watchlist-manager'],
      });
      assert.equal(again.alreadyEnrolled, 1);
      assert.equal(again.images.length, 0);
      assert.equal((await s.gallery.subjectWithImages(subject.id)).images.length, 1);
    });

    it('takes a deleted subject out of search at once, with its images and templates', async () => {
      const { rows } = await s.gallery.listSubjects({ limit: 10, offset: 0, search: 'CP-' });
      const indexedBefore = s.galleryIndex.index.size;
      const probe = (await engine.analyse(lfw('Colin_Powell', 2), { embed: 'all' })).faces[0]!.template!.vector;
      for (const subject of rows) await s.gallery.deleteSubject(subject.id, 'dpo', 'test');
      assert.equal(s.galleryIndex.index.size, indexedBefore - 2);
      const owners = s.galleryIndex.index.search(probe, 5);
      assert.ok(owners.every((h) => h.score < s.thresholdInForce(engine.pack.recognizer.modelId).threshold));
      await assert.rejects(
        s.gallery.subject(rows[0]!.id),
        (e: unknown) => e instanceof DomainError && e.kind === 'not-found',
      );
      const counts = await s.gallery.counts();
      assert.equal(counts.templates, 1);
      assert.equal(listFiles(join(s.dataDir, 'media')).length, 1);
    });

    it('an administrator reads a reference image only by breaking glass, with an audited reason', async () => {
      const { rows } = await s.gallery.listSubjects({ limit: 1, offset: 0 });
      const [image] = (await s.gallery.subjectWithImages(rows[0]!.id)).images;
      await assert.rejects(s.gallery.breakGlassImage(image!.id, 'curious', 'admin'), /reason of at least 20/);
      const r = await s.gallery.breakGlassImage(
        image!.id,
        'complaint DPO-77: subject asked to see the image held',
        'admin',
      );
      assert.ok(r.bytes.length > 0);
      const { listAudit } = await import('../governance/audit/audit-query.ts');
      const audited = await listAudit(s.database.db, { action: 'gallery.break-glass', limit: 5, offset: 0 });
      assert.equal(audited.entries[0]?.actor, 'admin');
      assert.match(String((audited.entries[0]?.details as { reason: string }).reason), /DPO-77/);
    });
  });
}
