// Unit tier: enrolment rules (R15 quality gates, possible duplicates, idempotent import; R30
// gallery:enrol) and deletion, over an in-memory repository, media store and vector index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../test/support/fakes.ts';
import {
  MemoryGalleryRepository,
  memoryMedia,
  oneFace,
  plantedEngine,
  taggingCipher,
} from '../../test/support/fakes-gallery.ts';
import { fakeAuthorise } from '../../test/support/fakes-retro.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import type { Accessor } from '../governance/authorise.ts';
import { manualClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { duplicatesAmong } from './gallery-enrolment.ts';
import { GalleryService } from './gallery.service.ts';
import { MemoryVectorIndex } from './vector-index.ts';

const modelId = 'test-model';
const manager: Accessor = { username: 'wm', roles: ['watchlist-manager'] };
const operator: Accessor = { username: 'op', roles: ['operator'] };
const refused = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;
const provenance = { source: 'custody suite', legalBasis: 'PACE s64A', reason: 'arrested 2026-01-01' };
const image = (n: number) => ({ bytes: Uint8Array.of(n, 0, 0), ...provenance });

function setup(planted: [number, ImageAnalysis][]) {
  const repo = new MemoryGalleryRepository();
  const media = memoryMedia();
  const audit = recordingAudit();
  const index = new MemoryVectorIndex({ modelId, dimensions: 3 });
  let saves = 0;
  const gallery = new GalleryService({
    db: fakeQueryable,
    uow: fakeUnitOfWork,
    repo,
    audit,
    authorise: fakeAuthorise(),
    clock: manualClock('2026-02-01T08:00:00.000Z'),
    engine: plantedEngine(new Map(planted)),
    media,
    cipher: taggingCipher,
    index,
    onIndexChanged: () => void saves++,
    threshold: () => ({ modelId, threshold: 0.5, floor: 0.4, operatingFmr: '1e-3', source: 'calibrated' }),
    duplicateThreshold: () => 0.8,
  });
  return { gallery, repo, media, audit, index, saves: () => saves };
}

describe('enrolment (R15)', () => {
  it('R30: enrolment needs gallery:enrol', async () => {
    const { gallery, repo } = setup([[1, oneFace(modelId, [1, 0, 0])]]);
    await assert.rejects(
      gallery.createSubject({ reference: 'S-1', displayName: 'A', images: [image(1)] }, operator),
      refused('missing-permission'),
    );
    assert.equal(repo.subjects.length, 0);
  });

  it('R15: an image failing the quality gates is refused with its reasons, and nothing is written', async () => {
    const { gallery, repo, media, audit, index } = setup([
      [1, oneFace(modelId, [1, 0, 0])],
      [2, oneFace(modelId, [0, 1, 0], ['blurred', 'yaw'])],
    ]);
    await assert.rejects(
      gallery.createSubject({ reference: 'S-1', displayName: 'A', images: [image(1), image(2)] }, manager),
      (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, 'quality-gate');
        assert.deepEqual(err.details, { image: 1, reasons: ['blurred', 'yaw'] });
        assert.match(err.message, /image 2 fails the enrolment quality gates: blurred, yaw/);
        return true;
      },
    );
    assert.deepEqual(
      [repo.subjects.length, repo.images.length, media.stored.size, audit.entries.length, index.size],
      [0, 0, 0, 0, 0],
    );
  });

  it('enrols a subject: sealed template, indexed, audited, at the injected time', async () => {
    const { gallery, repo, audit, index, saves } = setup([[1, oneFace(modelId, [1, 0, 0])]]);
    const r = await gallery.createSubject({ reference: 'S-1', displayName: 'A', images: [image(1)] }, manager);
    assert.equal(r.subject.created_at, '2026-02-01T08:00:00.000Z');
    assert.equal(r.images[0]?.added_by, 'wm');
    assert.equal(JSON.parse(r.images[0]?.quality_json ?? '{}').passed, true);
    assert.equal(repo.templates[0]?.createdAt, '2026-02-01T08:00:00.000Z');
    assert.equal(index.size, 1);
    assert.equal(saves(), 1);
    assert.deepEqual(
      audit.entries.map((e) => e.action),
      ['gallery.subject-created'],
    );
    await assert.rejects(
      gallery.createSubject({ reference: 'S-1', displayName: 'B', images: [image(1)] }, manager),
      refused('subject-exists'),
    );
    await assert.rejects(
      gallery.createSubject({ reference: 'S-2', displayName: 'B', images: [] }, manager),
      refused('no-images'),
    );
  });

  it('flags other subjects at or above the duplicate threshold as possible duplicates, not the subject itself', async () => {
    const { gallery } = setup([
      [1, oneFace(modelId, [1, 0, 0])],
      [2, oneFace(modelId, [0, 1, 0])],
      [3, oneFace(modelId, [0.99, 0.141, 0])],
    ]);
    const a = await gallery.createSubject({ reference: 'S-A', displayName: 'A', images: [image(1)] }, manager);
    await gallery.createSubject({ reference: 'S-B', displayName: 'B', images: [image(2)] }, manager);
    const again = await gallery.addImages(a.subject.id, [image(3)], manager);
    assert.deepEqual(again.possibleDuplicates, [], 'the same subject is not its own duplicate');
    const c = await gallery.createSubject({ reference: 'S-C', displayName: 'C', images: [image(3)] }, manager);
    assert.deepEqual(
      c.possibleDuplicates.map((d) => d.reference),
      ['S-A'],
    );
    assert.equal(c.threshold, 0.8);
  });

  it('an image whose import key is already enrolled is skipped', async () => {
    const { gallery, repo } = setup([[1, oneFace(modelId, [1, 0, 0])]]);
    const first = await gallery.createSubject(
      { reference: 'S-1', displayName: 'A', images: [{ ...image(1), importKey: 'k1' }] },
      manager,
    );
    const again = await gallery.addImages(first.subject.id, [{ ...image(1), importKey: 'k1' }], manager);
    assert.equal(again.alreadyEnrolled, 1);
    assert.equal(again.images.length, 0);
    assert.equal(repo.images.length, 1);
  });

  it('duplicatesAmong keeps each other subject once, at its best score, highest first', () => {
    const owners = new Map([
      [1, { subjectId: 'a', reference: 'A' }],
      [2, { subjectId: 'a', reference: 'A' }],
      [3, { subjectId: 'b', reference: 'B' }],
      [4, { subjectId: 'self', reference: 'ME' }],
    ]);
    const best = new Map([
      [1, 0.81],
      [2, 0.93],
      [3, 0.95],
      [4, 0.99],
      [9, 0.99],
    ]);
    assert.deepEqual(duplicatesAmong(best, owners, 'self'), [
      { subjectId: 'b', reference: 'B', score: 0.95 },
      { subjectId: 'a', reference: 'A', score: 0.93 },
    ]);
  });
});

describe('deletion', () => {
  it('a deleted subject leaves the index, its media and rows at once', async () => {
    const { gallery, repo, media, index } = setup([[1, oneFace(modelId, [1, 0, 0])]]);
    const r = await gallery.createSubject({ reference: 'S-1', displayName: 'A', images: [image(1)] }, manager);
    assert.deepEqual(await gallery.deleteSubject(r.subject.id, 'wm', 'retention'), { images: 1, templates: 1 });
    assert.deepEqual([repo.subjects.length, media.stored.size, index.size], [0, 0, 0]);
    await assert.rejects(gallery.deleteSubject(r.subject.id, 'wm'), refused('no-such-subject'));
  });
});
