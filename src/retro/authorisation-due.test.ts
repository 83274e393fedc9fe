// R32 [EU]: a case searched without an authorisation reference must record one within 48 hours
// of its first search; after that, searching stops until it is recorded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { openTestServices, type TestServices } from '../../test/support/services.ts';
import { openDatabase } from '../db/database.ts';
import { FaceEngine } from '../faces/engine.ts';
import { builtInPacks } from '../faces/packs.ts';
import { DomainError } from '../shared/domain-error.ts';
import { sharedPath } from '../shared/paths.ts';

const lfw = (name: string, n: number): Buffer =>
  readFileSync(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));

let engine: FaceEngine;
let s: TestServices;
let clock = new Date();
before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  s = await openTestServices(await openDatabase({ sqliteFile: ':memory:' }), engine, {}, () => clock);
  await s.gallery.createSubject(
    {
      reference: 'CP',
      displayName: 'Colin Powell',
      images: [{ bytes: lfw('Colin_Powell', 1), source: 'custody', legalBasis: 'PACE', reason: 'test' }],
    },
    { username: 'enroller', roles: ['watchlist-manager'] },
  );
});
after(async () => {
  await s.close();
  await engine.close();
});

test('searching stops 48 hours after the first search until the authorisation reference is recorded', async () => {
  const c = await s.cases.createCase(
    { reference: 'EU-1', offenceType: 'robbery', title: 'urgent' },
    { username: 'inv', roles: ['investigator'] },
  );
  const probe = await s.probes.addImageProbe(
    c.id,
    { bytes: lfw('Colin_Powell', 2), provenance: 'cctv' },
    { username: 'inv', roles: ['investigator'] },
  );
  const search = () =>
    s.searches.search(
      {
        caseId: c.id,
        probeId: probe.probe.id,
        enhancements: [],
        justification: 'urgent: risk to life, authorisation requested',
        legalBasis: 'urgency procedure',
      },
      { username: 'inv', roles: ['investigator'] },
    );
  await search();
  clock = new Date(Date.now() + 47 * 3_600_000);
  await search();
  clock = new Date(Date.now() + 49 * 3_600_000);
  await assert.rejects(search(), (e: unknown) => e instanceof DomainError && e.code === 'authorisation-overdue');
  await s.cases.setAuthorisationRef(c.id, 'JUDGE-2026-0042', 'inv');
  assert.ok((await search()).candidates.length > 0);
});
