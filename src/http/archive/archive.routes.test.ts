// The archive routes end to end (issue 7): real engine, real services on SQLite, the in-process
// queue running the real ingestion jobs. Ingest a folder under a configured root over HTTP, follow
// it to the end, find the corrupt file failed with its reason, search with another photo of the
// same person; and every refusal: no roots, paths escaping the root, another's case, a role
// without the permission.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { archiveHandlers, archiveLimits } from '../../archive/archive-jobs.ts';
import { openTestServices, type TestServices } from '../../../test/support/services.ts';
import { openDatabase } from '../../db/database.ts';
import { FaceEngine } from '../../faces/engine.ts';
import { builtInPacks } from '../../faces/packs.ts';
import { loadCalibrations } from '../../faces/thresholds.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { ModelRegistry } from '../../models/model-registry.ts';
import { sharedPath } from '../../shared/paths.ts';
import { buildApp, type AppDeps } from '../app.ts';
import { multipart } from '../../../test/support/http.ts';

const lfwFile = (name: string, n: number) =>
  sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`);

let engine: FaceEngine;
let services: TestServices;
let app: FastifyInstance;
/** The same services with no archive.roots configured. */
let noRoots: FastifyInstance;
let root: string;
let outside: string;
let evidence: string;
let caseId: string;
let otherCaseId: string;
let batchId: string;
const tokens = new Map<string, { authorization: string }>();
const user = (name: string) => tokens.get(name) ?? {};

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'vigil-archive-root-'));
  outside = mkdtempSync(join(tmpdir(), 'vigil-archive-outside-'));
  evidence = join(root, 'seized-phone');
  mkdirSync(join(evidence, 'dcim'), { recursive: true });
  for (const [name, n] of [
    ['Colin_Powell', 1],
    ['Tony_Blair', 1],
    ['George_W_Bush', 1],
  ] as const) {
    symlinkSync(lfwFile(name, n), join(evidence, `${name}_${n}.jpg`));
  }
  symlinkSync(lfwFile('Colin_Powell', 2), join(evidence, 'dcim', 'Colin_Powell_2.jpg'));
  // A JPEG header and then noise: the scan finds it, the worker records it failed.
  writeFileSync(
    join(evidence, 'corrupt.jpg'),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(512)]),
  );
  writeFileSync(join(outside, 'secret.jpg'), randomBytes(64));
  symlinkSync(outside, join(root, 'escape'));

  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  services = await openTestServices(await openDatabase({ sqliteFile: ':memory:' }), engine, {
    archive: { roots: [root] },
  });
  const db = services.database.db;
  services.jobs.process(
    archiveHandlers({
      db,
      cipher: services.cipher,
      engine,
      queue: services.jobs,
      limits: archiveLimits(services.config),
    }),
    { concurrency: 2 },
  );
  for (const [name, roles] of [
    ['inv.one', ['investigator']],
    ['inv.two', ['investigator']],
    ['super.one', ['rfr-supervisor']],
    ['admin.one', ['administrator']],
  ] as const) {
    tokens.set(name, await bearerFor(db, name, roles));
  }
  const deps: AppDeps = {
    identity: openIdentity({ db, config: services.config.identity }),
    engine,
    config: services.config,
    calibrations: () => loadCalibrations(),
    registry: new ModelRegistry({ root: `${services.dataDir}/models` }),
    models: { get: async () => undefined },
    services,
  };
  app = await buildApp(deps);
  noRoots = await buildApp({ ...deps, config: { ...services.config, archive: { roots: [] } } });

  const open = async (reference: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: user('inv.one'),
      payload: { reference, offenceType: 'robbery', title: reference },
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json().id as string;
  };
  caseId = await open('CAD-ARCHIVE-1');
  otherCaseId = await open('CAD-ARCHIVE-2');
});

after(async () => {
  await app?.close();
  await noRoots?.close();
  await services?.close();
  await engine?.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const ingest = (folder: string, who = 'inv.one', on: FastifyInstance = app, id = caseId) =>
  on.inject({
    method: 'POST',
    url: `/v1/cases/${id}/archive/ingest`,
    headers: user(who),
    payload: { folder, provenance: 'phone' },
  });

async function search(image: Uint8Array, who = 'inv.one', fields: Record<string, string> = {}) {
  const form = await multipart({ image, ...fields });
  return app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/archive/search`,
    payload: form.payload,
    headers: { ...form.headers, ...user(who) },
  });
}

test('an investigator ingests a folder over HTTP, follows it to the end and finds the corrupt file failed', async () => {
  const r = await ingest(evidence);
  assert.equal(r.statusCode, 202, r.body);
  const batch = r.json();
  batchId = batch.id;
  assert.equal(batch.folder, evidence);
  assert.equal(batch.provenance, 'phone');
  assert.equal(batch.requestedBy, 'inv.one');
  assert.ok(batch.createdAt);

  const deadline = Date.now() + 90_000;
  let p: Record<string, unknown> & { finished: boolean };
  for (;;) {
    const res = await app.inject({
      method: 'GET',
      url: `/v1/cases/${caseId}/archive/batches/${batchId}`,
      headers: user('inv.one'),
    });
    assert.equal(res.statusCode, 200, res.body);
    p = res.json();
    if (p.finished) break;
    assert.ok(Date.now() < deadline, `batch not finished: ${res.body}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal((p['batch'] as { filesTotal: number }).filesTotal, 5);
  assert.equal(p['done'], 4);
  assert.equal(p['failed'], 1);
  assert.equal(p['queued'], 0);
  assert.equal((p['scan'] as { outcome: string }).outcome, 'done');
  const failed = p['failedFiles'] as { path: string; kind: string; reason: string }[];
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.path, join(evidence, 'corrupt.jpg'));
  assert.equal(failed[0]!.kind, 'image');
  assert.match(failed[0]!.reason, /^(corrupt|not-an-image|unsupported-format|empty): /);

  const whole = await app.inject({ method: 'GET', url: `/v1/cases/${caseId}/archive`, headers: user('inv.one') });
  assert.equal(whole.statusCode, 200, whole.body);
  const w = whole.json();
  assert.deepEqual([w.done, w.failed, w.queued], [4, 1, 0]);
  assert.ok(w.faces >= 4, `${w.faces} faces`);
  assert.equal(w.batches.length, 1);
  assert.equal(w.batches[0].id, batchId);
  assert.equal(w.batches[0].filesTotal, 5);
  assert.ok(w.batches[0].scannedAt);

  // A supervisor oversees every case: reads the progress, but neither ingests nor searches.
  const overseen = await app.inject({
    method: 'GET',
    url: `/v1/cases/${caseId}/archive/batches/${batchId}`,
    headers: user('super.one'),
  });
  assert.equal(overseen.statusCode, 200, overseen.body);
  // A batch is read through its own case only.
  const elsewhere = await app.inject({
    method: 'GET',
    url: `/v1/cases/${otherCaseId}/archive/batches/${batchId}`,
    headers: user('inv.one'),
  });
  assert.equal(elsewhere.statusCode, 404, elsewhere.body);
  assert.equal(elsewhere.json().error.code, 'no-such-batch');
});

test("a search with another photo of the person finds that person's files first, as leads", async () => {
  const r = await search(await readFile(lfwFile('Colin_Powell', 3)), 'inv.one', { limit: '3' });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.equal(body.caseId, caseId);
  assert.match(body.notice, /leads, not identifications/);
  assert.ok(body.facesCompared >= 4);
  assert.ok(body.matches.length >= 1 && body.matches.length <= 3, r.body);
  const first = body.matches[0];
  assert.match(basename(first.path), /^Colin_Powell_/);
  assert.equal(first.kind, 'image');
  assert.match(first.sha256, /^[0-9a-f]{64}$/);
  assert.ok(first.score >= body.minScore);
  assert.equal(first.timestampMs, null);
  assert.equal(typeof first.box.width, 'number');
  assert.ok(!/vector|template|sealed/.test(r.body), 'no template leaves the server');

  const bad = await search(await readFile(lfwFile('Colin_Powell', 3)), 'inv.one', { minScore: 'high' });
  assert.equal(bad.statusCode, 400, bad.body);
  const notMultipart = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/archive/search`,
    headers: user('inv.one'),
    payload: {},
  });
  assert.equal(notMultipart.statusCode, 415, notMultipart.body);
});

test('ingestion over HTTP is refused without archive.roots, and outside them however the path is written', async () => {
  const off = await ingest(evidence, 'inv.one', noRoots);
  assert.equal(off.statusCode, 409, off.body);
  assert.equal(off.json().error.code, 'archive-roots-unset');
  assert.match(off.json().error.message, /archive\.roots/);

  for (const folder of [
    `${root}/../${basename(outside)}`, // climbs out with ..
    join(root, 'escape'), // a symlink inside the root to a folder outside it
    `${root}/escape/../escape`,
    outside,
    '/etc',
  ]) {
    const r = await ingest(folder);
    assert.equal(r.statusCode, 403, `${folder}: ${r.body}`);
    assert.equal(r.json().error.code, 'outside-archive-roots', folder);
  }
  const missing = await ingest(join(root, 'no-such-folder'));
  assert.equal(missing.statusCode, 400, missing.body);
  assert.equal(missing.json().error.code, 'no-such-folder');
  const file = await ingest(join(evidence, 'corrupt.jpg'));
  assert.equal(file.statusCode, 400, file.body);
  assert.equal(file.json().error.code, 'not-a-folder');
  const relative = await ingest('seized-phone');
  assert.equal(relative.statusCode, 400, relative.body);
  const provenance = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/archive/ingest`,
    headers: user('inv.one'),
    payload: { folder: evidence, provenance: 'found on the street' },
  });
  assert.equal(provenance.statusCode, 400, provenance.body);

  const list = await app.inject({ method: 'GET', url: `/v1/cases/${caseId}/archive`, headers: user('inv.one') });
  assert.equal(list.json().batches.length, 1, 'no refused request left a batch');
});

test("the archive is its case's: another investigator, a role without the permission, nobody signed in", async () => {
  const probe = await readFile(lfwFile('Colin_Powell', 3));
  const notMine = await ingest(evidence, 'inv.two');
  assert.equal(notMine.statusCode, 403, notMine.body);
  assert.equal(notMine.json().error.code, 'not-your-case');
  for (const url of [`/v1/cases/${caseId}/archive`, `/v1/cases/${caseId}/archive/batches/${batchId}`]) {
    const r = await app.inject({ method: 'GET', url, headers: user('inv.two') });
    assert.equal(r.statusCode, 403, `${url}: ${r.body}`);
    assert.equal(r.json().error.code, 'not-your-case');
  }
  const searchNotMine = await search(probe, 'inv.two');
  assert.equal(searchNotMine.statusCode, 403, searchNotMine.body);
  assert.equal(searchNotMine.json().error.code, 'not-your-case');

  const supervisorIngest = await ingest(evidence, 'super.one');
  assert.equal(supervisorIngest.statusCode, 403, supervisorIngest.body);
  assert.notEqual(supervisorIngest.json().error.code, 'not-your-case', 'refused by permission, not by record');
  assert.equal((await search(probe, 'super.one')).statusCode, 403);
  const admin = await app.inject({ method: 'GET', url: `/v1/cases/${caseId}/archive`, headers: user('admin.one') });
  assert.equal(admin.statusCode, 403, admin.body);
  assert.equal((await ingest(evidence, 'nobody')).statusCode, 401);

  const unknownCase = await app.inject({
    method: 'GET',
    url: '/v1/cases/00000000-0000-4000-8000-000000000000/archive',
    headers: user('inv.one'),
  });
  assert.equal(unknownCase.statusCode, 404, unknownCase.body);
});
