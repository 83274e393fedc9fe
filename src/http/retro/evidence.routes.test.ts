// Issue 13 at the API level: a video track's search searches that track's face (defect 1), and
// the probe's pixels, its faces, the searched face and the candidates' faces reach every permitted
// reviewer in any session, refused to others, each view audited (defect 2). Real engine, SQLite,
// a stand-in video analysis whose one frame shows two people.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { enhanceProbe } from '../../app/media-adapters.ts';
import { openServices, type VigilServices } from '../../app/services.ts';
import { configSchema, type VigilConfig } from '../../app/config.ts';
import { openDatabase } from '../../db/database.ts';
import { FaceEngine } from '../../faces/engine.ts';
import { builtInPacks } from '../../faces/packs.ts';
import { loadCalibrations } from '../../faces/thresholds.ts';
import { listAudit } from '../../governance/audit/audit-query.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { ModelRegistry } from '../../models/model-registry.ts';
import type { FoundTrack } from '../../retro/case.service.ts';
import { sharedPath } from '../../shared/paths.ts';
import { buildApp } from '../app.ts';
import { multipart } from '../../../test/support/http.ts';

const lfw = (name: string, n: number) =>
  readFileSync(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));
const justification = 'Robbery at the station on 2026-11-01; two people on CCTV, searching the second one.';

let engine: FaceEngine;
let services: VigilServices;
let app: FastifyInstance;
let dataDir: string;
let config: VigilConfig;
/** One frame with George W Bush (smaller, left) and Colin Powell (larger, right): the largest face is Powell's. */
let frame: Buffer;
let frameFaces: { x: number; y: number; width: number; height: number }[];
const tokens = new Map<string, { authorization: string }>();
const as = (name: string) => tokens.get(name) ?? {};

before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  const bush = await sharp(lfw('George_W_Bush', 3)).resize(250, 250).toBuffer();
  const powell = await sharp(lfw('Colin_Powell', 2)).resize(380, 380).toBuffer();
  frame = await sharp({ create: { width: 640, height: 380, channels: 3, background: '#777' } })
    .composite([
      { input: bush, left: 0, top: 65 },
      { input: powell, left: 260, top: 0 },
    ])
    .jpeg()
    .toBuffer();
  frameFaces = (await engine.analyse(frame, { embed: 'none' })).faces.map((f) => f.box);
  assert.equal(frameFaces.length, 2, 'the test frame shows two faces');
  assert.ok(frameFaces[0]!.x > 260, "the largest face is Powell's, on the right");
  const track = (no: number, box: (typeof frameFaces)[number]): FoundTrack => ({
    firstMs: 0,
    lastMs: 1000,
    frameCount: 3 + no,
    best: {
      timestampMs: 500,
      box,
      quality: { interOcularPx: 60, yawDeg: 0, pitchDeg: 0, sharpness: 1, brightness: 0.5, passed: true, reasons: [] },
      crop: frame,
      frame,
    },
  });
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-evidence-'));
  config = configSchema.parse({ dataDir, audit: { witnessFile: false } });
  services = await openServices({
    config,
    env: { VIGIL_MEDIA_KEY: randomBytes(32).toString('base64') },
    engine,
    calibrations: () => loadCalibrations(),
    // Track 1 is Bush (the smaller face), track 2 Powell.
    analyseVideo: async () => ({
      width: 640,
      height: 380,
      durationMs: 1000,
      tracks: [track(1, frameFaces[1]!), track(2, frameFaces[0]!)],
      warnings: [],
    }),
    enhance: enhanceProbe(config),
    database: await openDatabase({ sqliteFile: ':memory:' }),
    indexSaveEveryMs: 0,
  });
  const db = services.database.db;
  for (const [name, roles] of [
    ['enroller', ['watchlist-manager']],
    ['inv.one', ['investigator']],
    ['officer.two', ['investigator']],
    ['outsider', ['investigator']],
    ['super.one', ['rfr-supervisor']],
  ] as const) {
    tokens.set(name, await bearerFor(db, name, roles));
  }
  app = await buildApp({
    identity: openIdentity({ db, config: config.identity }),
    engine,
    config,
    calibrations: () => loadCalibrations(),
    registry: new ModelRegistry({ root: `${dataDir}/models` }),
    models: { get: async () => undefined },
    services,
  });
  for (const [name, n] of [
    ['George_W_Bush', 2],
    ['Colin_Powell', 1],
    ['Tony_Blair', 2],
  ] as const) {
    const form = await multipart({
      image: lfw(name, n),
      reference: name,
      displayName: name.replace(/_/g, ' '),
      source: 'custody suite',
      legalBasis: 'PACE s64A',
      reason: 'arrest',
    });
    const r = await app.inject({
      method: 'POST',
      url: '/v1/gallery/subjects',
      payload: form.payload,
      headers: { ...form.headers, ...as('enroller') },
    });
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(async () => {
  await app.close();
  await services.close();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function videoCase(reference: string) {
  const c = await app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: as('inv.one'),
    payload: { reference, offenceType: 'robbery', title: 'Station' },
  });
  const caseId = c.json().id as string;
  // Any bytes that are not an image are taken as a video; the stand-in analysis answers them.
  const form = await multipart({ file: Buffer.from('not an image: a video'), provenance: 'cctv' });
  const p = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/probes`,
    payload: form.payload,
    headers: { ...form.headers, ...as('inv.one') },
  });
  assert.equal(p.statusCode, 201, p.body);
  const { probe, tracks } = p.json() as { probe: { id: string }; tracks: { id: string; trackNo: number }[] };
  return { caseId, probeId: probe.id, bushTrack: tracks[0]!.id };
}

const search = (caseId: string, body: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/searches`,
    headers: as('inv.one'),
    payload: { justification, legalBasis: 'common law policing purpose', maxCandidates: 3, ...body },
  });

test("issue 13 defect 1 (R37): a track's search searches the track's face, not the frame's largest", async () => {
  const { caseId, probeId, bushTrack } = await videoCase('CAD-T1');
  const preview = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/probes/${probeId}/preview`,
    headers: as('inv.one'),
    payload: { trackId: bushTrack, enhancements: [] },
  });
  assert.equal(preview.json().faces.length, 2);
  assert.equal(preview.json().trackFaceIndex, 1, "the preview names the track's face: Bush, the smaller one");

  // What the console sent before: the track and face 0 (the largest, Powell's). Refused, not searched.
  const wrong = await search(caseId, { probeId, trackId: bushTrack, faceIndex: 0 });
  assert.equal(wrong.statusCode, 400, wrong.body);
  assert.equal(wrong.json().error.code, 'face-not-in-track');

  const r = await search(caseId, { probeId, trackId: bushTrack });
  assert.equal(r.statusCode, 201, r.body);
  const stored = await app.inject({ method: 'GET', url: `/v1/searches/${r.json().search.id}`, headers: as('inv.one') });
  const s = stored.json();
  assert.equal(s.search.trackId, bushTrack);
  assert.equal(s.search.faceIndex, 1, "the stored search names the track's face");
  assert.deepEqual(s.search.searchedFace.box, frameFaces[1], 'and records its box');
  assert.equal(s.candidates[0].subjectReference, 'George_W_Bush', 'so the leads are for the person tracked');
  assert.equal(typeof s.candidates[0].belowThreshold, 'boolean');
  const sameFace = await search(caseId, { probeId, trackId: bushTrack, faceIndex: 1 });
  assert.equal(sameFace.statusCode, 201, 'naming the track’s own face is accepted');
});

test('issue 13 defect 2 (R30, R35, R38): probe pixels and face crops for every permitted reviewer, audited', async () => {
  const { caseId, probeId, bushTrack } = await videoCase('CAD-T2');
  const r = await search(caseId, { probeId, trackId: bushTrack });
  const searchId = r.json().search.id as string;
  const added = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/members`,
    headers: as('inv.one'),
    payload: { username: 'officer.two' },
  });
  assert.equal(added.statusCode, 200, added.body);

  const urls = {
    content: `/v1/cases/${caseId}/probes/${probeId}/content?trackId=${bushTrack}`,
    faces: `/v1/cases/${caseId}/probes/${probeId}/faces?trackId=${bushTrack}`,
    face: `/v1/cases/${caseId}/probes/${probeId}/faces/1?trackId=${bushTrack}`,
    searched: `/v1/searches/${searchId}/probe-face`,
    candidate: `/v1/searches/${searchId}/candidates/1/face`,
  };
  // The uploader, a second reviewer added to the case, and the supervisor who oversees every case.
  for (const who of ['inv.one', 'officer.two', 'super.one']) {
    const content = await app.inject({ method: 'GET', url: urls.content, headers: as(who) });
    assert.equal(content.statusCode, 200, `${who}: ${content.body}`);
    assert.equal(content.headers['content-type'], 'image/jpeg');
    assert.equal(content.headers['cache-control'], 'no-store');
    assert.equal((await sharp(content.rawPayload).metadata()).width, 640);
    const faces = await app.inject({ method: 'GET', url: urls.faces, headers: as(who) });
    assert.equal(faces.json().trackFaceIndex, 1, who);
    for (const url of [urls.face, urls.searched]) {
      const crop = await app.inject({ method: 'GET', url, headers: as(who) });
      assert.equal(crop.statusCode, 200, `${who} ${url}: ${crop.body}`);
      const m = await sharp(crop.rawPayload).metadata();
      assert.equal(m.format, 'jpeg');
      assert.ok((m.width ?? 0) < 640, 'a crop, not the whole frame');
    }
  }
  const candidate = await app.inject({ method: 'GET', url: urls.candidate, headers: as('officer.two') });
  assert.equal(candidate.statusCode, 200, candidate.body);
  // The supervisor oversees the case but may not see gallery images (no gallery:view-images).
  const supervisorCandidate = await app.inject({ method: 'GET', url: urls.candidate, headers: as('super.one') });
  assert.equal(supervisorCandidate.statusCode, 403);
  // An investigator not on the case sees none of it.
  for (const url of Object.values(urls)) {
    const refused = await app.inject({ method: 'GET', url, headers: as('outsider') });
    assert.equal(refused.statusCode, 403, `outsider: ${url}`);
  }

  const db = services.database.db;
  const viewed = await listAudit(db, { limit: 200, action: 'probe.viewed' });
  const viewers = new Set(viewed.entries.filter((e) => e.target?.id === probeId).map((e) => e.actor));
  assert.deepEqual([...viewers].sort(), ['inv.one', 'officer.two', 'super.one']);
  const candidates = await listAudit(db, { limit: 50, action: 'candidate.viewed' });
  assert.ok(candidates.entries.some((e) => e.actor === 'officer.two' && e.details['rank'] === 1));
});

test('issue 13: a gallery image face crop needs gallery:view-images and is audited', async () => {
  const list = await app.inject({ method: 'GET', url: '/v1/gallery/subjects?q=blair', headers: as('enroller') });
  const subject = await app.inject({
    method: 'GET',
    url: `/v1/gallery/subjects/${list.json().subjects[0].id}`,
    headers: as('enroller'),
  });
  const imageId = subject.json().images[0].id as string;
  const crop = await app.inject({ method: 'GET', url: `/v1/gallery/images/${imageId}/face`, headers: as('enroller') });
  assert.equal(crop.statusCode, 200, crop.body);
  assert.ok(((await sharp(crop.rawPayload).metadata()).width ?? 0) < 250, 'the face, not the whole photo');
  const refused = await app.inject({
    method: 'GET',
    url: `/v1/gallery/images/${imageId}/face`,
    headers: as('super.one'),
  });
  assert.equal(refused.statusCode, 403);
  const audit = await listAudit(services.database.db, { limit: 50, action: 'gallery.image-viewed' });
  assert.ok(audit.entries.some((e) => e.target?.id === imageId && e.details['crop'] === true));
});
