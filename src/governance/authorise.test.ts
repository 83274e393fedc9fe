// R30 inside the use cases: the services the command line reaches check the caller's permission
// and the record themselves, so a caller who is not the HTTP API meets the same refusals (issue 12).
// No engine: every refusal here comes before one would be needed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestServices, type TestServices } from '../../test/support/services.ts';
import { testDatabases } from '../../test/support/db.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { importGallery } from '../gallery/gallery-import.ts';
import { fakePack } from '../../test/support/http.ts';
import { DomainError } from '../shared/domain-error.ts';
import { listAudit } from './audit/audit-query.ts';
import { type Accessor, hasPermission, requirePermission } from './authorise.ts';
import { bearerFor } from '../../test/support/identity.ts';

const engine = {
  pack: fakePack,
  workers: 1,
  analyse: () => Promise.reject(new Error('the engine is not reached by a refused request')),
  analyseFrame: () => Promise.reject(new Error('not used')),
} as unknown as FaceEngine;

const refused =
  (code: string, kind = 'forbidden') =>
  (e: unknown) =>
    e instanceof DomainError && e.code === code && e.kind === kind;

const creator: Accessor = { username: 'inv.creator', roles: ['investigator'], channel: 'cli' };
const member: Accessor = { username: 'inv.member', roles: ['investigator'] };
const stranger: Accessor = { username: 'inv.stranger', roles: ['investigator'] };
const officer: Accessor = { username: 'ao.one', roles: ['authorising-officer'] };
const auditor: Accessor = { username: 'aud.one', roles: ['auditor'] };
const supervisor: Accessor = { username: 'sup.one', roles: ['rfr-supervisor'] };
const search = (caseId: string) => ({
  caseId,
  probeId: '00000000-0000-4000-8000-000000000000',
  enhancements: [],
  justification: 'Robbery at Oxford Circus on 2026-11-01; suspect seen on CCTV.',
  legalBasis: 'common law policing purpose',
});

describe('requirePermission (R30)', () => {
  it('grants what the roles grant and nothing for unknown role names', () => {
    assert.ok(hasPermission(creator, 'search:run'));
    assert.ok(!hasPermission(officer, 'search:run'));
    assert.ok(!hasPermission({ username: 'x', roles: ['superuser'] }, 'search:run'));
    assert.throws(() => requirePermission(auditor, 'gallery:enrol'), refused('missing-permission'));
  });
});

for (const target of testDatabases())
  describe(`the use cases check who is acting on ${target.name} (R30, issue 12)`, () => {
    let s: TestServices;
    let caseId: string;
    before(async () => {
      s = await openTestServices(await target.open(), engine);
      for (const u of [creator, member, stranger]) await bearerFor(s.database.db, u.username, ['investigator']);
      caseId = (await s.cases.createCase({ reference: 'CAD-1', offenceType: 'robbery', title: 't' }, creator)).id;
      await s.cases.addMember(caseId, member.username, creator);
    });
    after(() => s.close());

    it('records a case opened through the command line as such', async () => {
      const entry = (await listAudit(s.database.db, { action: 'case.created', limit: 1 })).entries[0];
      assert.equal(entry?.actor, 'inv.creator');
      assert.equal(entry?.details['via'], 'cli');
    });

    it('a search needs search:run: refused and audited as the real user', async () => {
      await assert.rejects(s.searches.search(search(caseId), officer), refused('missing-permission'));
      const denied = await listAudit(s.database.db, { action: 'auth.denied', actor: 'ao.one', limit: 5 });
      assert.equal(denied.total, 1);
      assert.equal(denied.entries[0]?.details['permission'], 'search:run');
      // An overseer may read every case but not search (R38 supervision is not investigation).
      await assert.rejects(s.searches.search(search(caseId), supervisor), refused('missing-permission'));
    });

    it('a search, a probe and a member need the case: an investigator not on it is refused', async () => {
      await assert.rejects(s.searches.search(search(caseId), stranger), refused('not-your-case'));
      const probe = { bytes: new Uint8Array([1, 2, 3]), provenance: 'cctv' as const };
      await assert.rejects(s.probes.addImageProbe(caseId, probe, stranger), refused('not-your-case'));
      await assert.rejects(s.probes.addVideoProbe(caseId, probe, stranger), refused('not-your-case'));
      await assert.rejects(s.cases.addMember(caseId, stranger.username, stranger), refused('not-your-case'));
      const audited = await listAudit(s.database.db, {
        action: 'case.access-denied',
        actor: 'inv.stranger',
        limit: 10,
      });
      assert.equal(audited.total, 4);
      // The creator and a member get past the checks (to the missing probe).
      for (const who of [creator, member]) {
        await assert.rejects(s.searches.search(search(caseId), who), refused('no-such-probe', 'not-found'));
      }
    });

    it('opening a case needs cases:write', async () => {
      const input = { reference: 'CAD-2', offenceType: 'robbery', title: 't' };
      await assert.rejects(s.cases.createCase(input, auditor), refused('missing-permission'));
      await assert.rejects(s.cases.createCase(input, officer), refused('missing-permission'));
    });

    it('case members are existing, enabled users', async () => {
      await assert.rejects(s.cases.addMember(caseId, 'nobody.here', creator), refused('no-such-user', 'not-found'));
      await bearerFor(s.database.db, 'inv.gone', ['investigator']);
      await s.database.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'inv.gone').execute();
      await assert.rejects(s.cases.addMember(caseId, 'inv.gone', creator), refused('user-disabled', 'refused'));
      assert.deepEqual(await s.cases.members(caseId), ['inv.member']);
    });

    it('enrolment needs gallery:enrol, and a bulk import is refused before its first row', async () => {
      const subject = { reference: 'S-1', displayName: 'S', images: [] };
      await assert.rejects(s.gallery.createSubject(subject, auditor), refused('missing-permission'));
      await assert.rejects(s.gallery.addImages('any', [], auditor), refused('missing-permission'));
      const row = { line: 2, file: 'missing.jpg', reference: 'S-2', display_name: 'S', source: 'x', legal_basis: 'y' };
      const imported = importGallery({
        folder: s.dataDir,
        rows: [{ ...row, reason: 'z', face_index: undefined }],
        gallery: s.gallery,
        who: auditor,
        maxImageBytes: 1_000_000,
        concurrency: 1,
      });
      await assert.rejects(imported, refused('missing-permission'));
      const denied = await listAudit(s.database.db, { action: 'auth.denied', actor: 'aud.one', limit: 10 });
      assert.ok(denied.entries.some((e) => e.details['permission'] === 'gallery:enrol'));
    });

    it('the archive needs archive:ingest / archive:search and the case', async () => {
      const queue = { enqueue: () => Promise.reject(new Error('not queued when refused')) };
      const ingest = { caseId, folder: s.dataDir, provenance: 'cctv' };
      await assert.rejects(s.archive.requestIngest(ingest, supervisor, queue), refused('missing-permission'));
      await assert.rejects(s.archive.requestIngest(ingest, stranger, queue), refused('not-your-case'));
      const probe = { caseId, image: new Uint8Array([1, 2, 3]) };
      await assert.rejects(s.archive.search(probe, officer), refused('missing-permission'));
      await assert.rejects(s.archive.search(probe, stranger), refused('not-your-case'));
    });
  });
