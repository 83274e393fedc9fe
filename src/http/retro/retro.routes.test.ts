// The gallery, case and search routes end to end: real engine, real services on SQLite, real
// video decoding. Each R-number below has an assertion that fails if the behaviour breaks.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { openTestServices, type TestServices } from '../../../test/support/services.ts';
import { openDatabase } from '../../db/database.ts';
import { FaceEngine } from '../../faces/engine.ts';
import { loadCalibrations } from '../../faces/thresholds.ts';
import { builtInPacks } from '../../faces/packs.ts';
import { ModelRegistry } from '../../models/model-registry.ts';
import { sharedPath } from '../../shared/paths.ts';
import { buildApp } from '../app.ts';
import { multipart } from '../../../test/support/http.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';

const lfw = (name: string, n: number) =>
  readFile(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));

let engine: FaceEngine;
let services: TestServices;
let app: FastifyInstance;
const tokens = new Map<string, { authorization: string }>();
const user = (name: string) => tokens.get(name) ?? {};

before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  services = await openTestServices(await openDatabase({ sqliteFile: ':memory:' }), engine, {
    video: { analysisFps: 2 },
  });
  const db = services.database.db;
  for (const [name, roles] of [
    ['enroller', ['watchlist-manager']],
    ['inv.one', ['investigator']],
    ['inv.two', ['investigator']],
    ['exam.one', ['investigator']],
    ['super.one', ['rfr-supervisor']],
  ] as const) {
    tokens.set(name, await bearerFor(db, name, roles));
  }
  app = await buildApp({
    identity: openIdentity({ db, config: services.config.identity }),
    engine,
    config: services.config,
    calibrations: () => loadCalibrations(),
    registry: new ModelRegistry({ root: `${services.dataDir}/models` }),
    models: { get: async () => undefined },
    services,
  });
});
after(async () => {
  await app.close();
  await services.close();
  await engine.close();
});

async function enrol(reference: string, image: Uint8Array, who = 'enroller') {
  const form = await multipart({
    image,
    reference,
    displayName: reference.replace(/_/g, ' '),
    source: 'custody suite',
    legalBasis: 'PACE s64A',
    reason: 'arrest',
  });
  return app.inject({
    method: 'POST',
    url: '/v1/gallery/subjects',
    payload: form.payload,
    headers: { ...form.headers, ...user(who) },
  });
}

test('enrolment needs a signed-in user with the right role, records provenance and quality, and never returns a template', async () => {
  const form = await multipart({
    image: await lfw('Colin_Powell', 1),
    reference: 'x',
    displayName: 'x',
    source: 's',
    legalBasis: 'l',
    reason: 'r',
  });
  const anonymous = await app.inject({ method: 'POST', url: '/v1/gallery/subjects', ...form });
  assert.equal(anonymous.statusCode, 401);
  const forbidden = await app.inject({
    method: 'POST',
    url: '/v1/gallery/subjects',
    ...form,
    headers: { ...form.headers, ...user('inv.one') },
  });
  assert.equal(forbidden.statusCode, 403, 'an investigator may not enrol into the gallery');

  const gallery: [string, number][] = [
    ['Colin_Powell', 1],
    ['George_W_Bush', 2],
    ['Tony_Blair', 2],
    ['Donald_Rumsfeld', 1],
  ];
  for (const [name, n] of gallery) {
    const r = await enrol(name, await lfw(name, n));
    assert.equal(r.statusCode, 201, r.body);
    const body = r.json();
    assert.equal(body.images[0].addedBy, 'enroller');
    assert.equal(body.images[0].legalBasis, 'PACE s64A');
    assert.equal(body.images[0].quality.passed, true);
    assert.ok(!/vector|template_|sealed/.test(r.body));
  }
  const list = await app.inject({ method: 'GET', url: '/v1/gallery/subjects?q=powell', headers: user('enroller') });
  assert.equal(list.json().total, 1);
  const dup = await enrol('Colin_Powell_again', await lfw('Colin_Powell', 2));
  assert.equal(dup.json().possibleDuplicates[0].reference, 'Colin_Powell');
});

test('an image failing the quality gates is refused with its reasons (R15)', async () => {
  const blurred = await sharp(await lfw('Tony_Blair', 5))
    .blur(4)
    .jpeg()
    .toBuffer();
  const r = await enrol('Blurred', blurred);
  assert.equal(r.statusCode, 422);
  const err = r.json().error;
  assert.ok(err.code === 'quality-gate' || err.code === 'no-face', r.body);
  if (err.code === 'quality-gate') assert.ok(err.details.reasons.includes('blurred'));
});

test('a search over HTTP: case, probe, justified search, leads, two-stage review (R31-R35)', async () => {
  const c = await app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: user('inv.one'),
    payload: { reference: 'CAD-1', offenceType: 'robbery', title: 'Bank Street' },
  });
  assert.equal(c.statusCode, 201, c.body);
  const caseId = c.json().id;
  // Record-level access: another investigator cannot open this case until added to it.
  const other = await app.inject({ method: 'GET', url: `/v1/cases/${caseId}`, headers: user('inv.two') });
  assert.equal(other.statusCode, 403);
  assert.equal(other.json().error.code, 'not-your-case');
  const listed = await app.inject({ method: 'GET', url: '/v1/cases', headers: user('inv.two') });
  assert.ok(!listed.body.includes(caseId), 'nor see it listed');
  const added = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/members`,
    headers: user('inv.one'),
    payload: { username: 'exam.one' },
  });
  assert.deepEqual(added.json().members, ['exam.one']);
  const probeForm = await multipart({ file: await lfw('George_W_Bush', 3), provenance: 'cctv' });
  const p = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/probes`,
    payload: probeForm.payload,
    headers: { ...probeForm.headers, ...user('inv.one') },
  });
  assert.equal(p.statusCode, 201, p.body);
  assert.equal(p.json().faces.length, 1);
  const probeId = p.json().probe.id;

  const missing = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/searches`,
    headers: user('inv.one'),
    payload: { probeId, legalBasis: 'common law' },
  });
  assert.equal(missing.statusCode, 400, 'no justification: refused by the schema (R31)');

  const s = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/searches`,
    headers: user('inv.one'),
    payload: {
      probeId,
      justification: 'Armed robbery, suspect on CCTV at 14:02, no other identification leads.',
      legalBasis: 'common law policing purpose',
      maxCandidates: 3,
    },
  });
  assert.equal(s.statusCode, 201, s.body);
  const body = s.json();
  assert.match(body.notice, /leads, not identifications/);
  assert.equal(body.candidates.length, 3);
  assert.equal(body.candidates[0].subjectReference, 'George_W_Bush');
  assert.equal(body.search.provenance, 'cctv');
  const searchId = body.search.id;

  const officerFirst = await app.inject({
    method: 'POST',
    url: `/v1/searches/${searchId}/candidates/1/officer`,
    headers: user('inv.one'),
    payload: { decision: 'accepted-as-lead' },
  });
  assert.equal(officerFirst.statusCode, 409);
  const exam = await app.inject({
    method: 'POST',
    url: `/v1/searches/${searchId}/candidates/1/examiner`,
    headers: user('exam.one'),
    payload: { decision: 'possible-match' },
  });
  assert.equal(exam.statusCode, 200, exam.body);
  const officer = await app.inject({
    method: 'POST',
    url: `/v1/searches/${searchId}/candidates/1/officer`,
    headers: user('inv.one'),
    payload: { decision: 'accepted-as-lead' },
  });
  assert.equal(officer.json().candidates[0].officer.decision, 'accepted-as-lead');
  // Issue 12: decisions are append-only. A bare re-post changes nothing; a correction is a revision.
  const silent = await app.inject({
    method: 'POST',
    url: `/v1/searches/${searchId}/candidates/1/officer`,
    headers: user('inv.one'),
    payload: { decision: 'rejected' },
  });
  assert.equal(silent.statusCode, 409, silent.body);
  assert.equal(silent.json().error.code, 'reason-required');
  const corrected = await app.inject({
    method: 'POST',
    url: `/v1/searches/${searchId}/candidates/1/officer`,
    headers: user('inv.one'),
    payload: { decision: 'rejected', reason: 'alibi confirmed' },
  });
  assert.equal(corrected.statusCode, 200, corrected.body);
  const [lead] = corrected.json().candidates;
  assert.equal(lead.officer.decision, 'rejected');
  assert.deepEqual(
    lead.history.map((h: { stage: string; revision: number; decision: string; by: string; byName: string }) => [
      h.stage,
      h.revision,
      h.decision,
      h.by,
      h.byName,
    ]),
    [
      ['examiner', 1, 'possible-match', 'exam.one', 'exam.one'],
      ['officer', 1, 'accepted-as-lead', 'inv.one', 'inv.one'],
      ['officer', 2, 'rejected', 'inv.one', 'inv.one'],
    ],
  );
  const again = await app.inject({
    method: 'POST',
    url: `/v1/searches/${searchId}/candidates/1/officer`,
    headers: user('inv.one'),
    payload: { decision: 'accepted-as-lead', reason: 'alibi withdrawn' },
  });
  assert.equal(again.statusCode, 200, again.body);
  const stats = await app.inject({
    method: 'GET',
    url: '/v1/searches/statistics?by=offence',
    headers: user('super.one'),
  });
  assert.deepEqual(stats.json().rows[0], {
    key: 'robbery',
    searches: 1,
    withPossibleMatch: 1,
    withAcceptedLead: 1,
    hitRate: 1,
    supervisorReviewed: 0,
  });
});

test('a video probe is sampled into face tracks, and one track is searched (R37)', async () => {
  const c = await app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: user('inv.two'),
    payload: { reference: 'CAD-2', offenceType: 'theft', title: 'Arcade' },
  });
  const caseId = c.json().id;
  const form = await multipart({
    file: await readFile(sharedPath('data', 'video', 'facenet_pytorch', 'video.mp4')),
    provenance: 'cctv',
  });
  const p = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/probes`,
    payload: form.payload,
    headers: { ...form.headers, ...user('inv.two') },
  });
  assert.equal(p.statusCode, 201, p.body);
  const { probe, tracks } = p.json();
  assert.equal(probe.kind, 'video');
  assert.ok(tracks.length >= 2, `tracks: ${tracks.length}`);
  assert.ok(
    tracks.some((t: { quality: { passed: boolean } }) => !t.quality.passed),
    'below-quality tracks are shown, flagged',
  );
  const crop = await app.inject({
    method: 'GET',
    url: `/v1/cases/${caseId}/probes/${probe.id}/tracks/${tracks[0].id}/crop`,
    headers: user('inv.two'),
  });
  assert.equal(crop.headers['content-type'], 'image/jpeg');
  assert.ok((await sharp(crop.rawPayload).metadata()).width! > 10);
  const s = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/searches`,
    headers: user('inv.two'),
    payload: {
      probeId: probe.id,
      trackId: tracks[0].id,
      justification: 'Theft from the arcade; the person in track 1 is the suspect.',
      legalBasis: 'common law policing purpose',
    },
  });
  assert.equal(s.statusCode, 201, s.body);
  assert.equal(s.json().search.trackId, tracks[0].id);
});

test('a probe that is neither an image nor a video is refused with a clear reason, and nothing is kept', async () => {
  const c = await app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: user('inv.two'),
    payload: { reference: 'CAD-3', offenceType: 'theft', title: 'bad upload' },
  });
  const caseId = c.json().id;
  const form = await multipart({
    file: Buffer.from('this is a text file, not a picture or a film'),
    provenance: 'phone',
  });
  const r = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/probes`,
    payload: form.payload,
    headers: { ...form.headers, ...user('inv.two') },
  });
  assert.ok(r.statusCode === 415 || r.statusCode === 422, `${r.statusCode} ${r.body}`);
  assert.match(r.json().error.code, /not-a-video|decode-failed|empty/);
  const w = await app.inject({ method: 'GET', url: `/v1/cases/${caseId}`, headers: user('inv.two') });
  assert.deepEqual(w.json().probes, []);
});

test('the OpenAPI document lists every new route with its permission', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.equal(doc.paths['/v1/gallery/subjects'].post['x-permission'], 'gallery:enrol');
  assert.equal(doc.paths['/v1/cases/{caseId}/searches'].post['x-permission'], 'search:run');
  assert.equal(doc.paths['/v1/searches/{searchId}/candidates/{rank}/officer'].post['x-permission'], 'search:decide');
  assert.ok(doc.paths['/v1/searches/statistics'].get);
});
