// The live routes over real HTTP, each call as a user of the right role: a deployment drawn up,
// authorised by someone else, started; an alert pushed to the operator over server-sent events
// and decided; the deployment record exported as CSV (R1, R5, R12, R21, R23, R24, R30).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openTestServices, recordTestAssessments, type TestServices } from './support/services.ts';
import { openDatabase } from '../src/db/database.ts';
import { FaceEngine } from '../src/faces/engine.ts';
import { loadCalibrations } from '../src/faces/thresholds.ts';
import { builtInPacks } from '../src/faces/packs.ts';
import { openIdentity } from '../src/governance/identity/identity.ts';
import { bearerFor } from './support/identity.ts';
import type { Role } from '../src/governance/roles.ts';
import { buildApp } from '../src/http/app.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';
import { sharedPath } from '../src/shared/paths.ts';

const lfw = (name: string, n: number) =>
  readFile(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));

let engine: FaceEngine;
let s: TestServices;
let app: FastifyInstance;
let base: string;
const auth = new Map<string, { authorization: string }>();
let subjectId: string;

before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  s = await openTestServices(await openDatabase({ sqliteFile: ':memory:' }), engine);
  const db = s.database.db;
  const people: [string, Role][] = [
    ['planner', 'watchlist-manager'],
    ['authoriser', 'authorising-officer'],
    ['operator', 'operator'],
    ['engager', 'engagement-officer'],
    ['auditor', 'auditor'],
  ];
  for (const [name, role] of people) auth.set(name, await bearerFor(db, name, [role]));
  const enrolled = await s.gallery.createSubject(
    {
      reference: 'W-1',
      displayName: 'Colin Powell',
      images: [{ bytes: await lfw('Colin_Powell', 1), source: 'custody', legalBasis: 'PACE s64A', reason: 'warrant' }],
    },
    { username: 'planner', roles: ['watchlist-manager'] },
  );
  subjectId = enrolled.subject.id;
  const modelId = engine.pack.recognizer.modelId;
  await recordTestAssessments(s, {
    modelId,
    threshold: s.thresholdInForce(modelId).threshold,
    dpia: 'DPIA 4',
    eia: 'EIA 2',
    policy: 'policy 7',
  });
  app = await buildApp({
    identity: openIdentity({ db, config: s.config.identity }),
    engine,
    config: s.config,
    calibrations: () => loadCalibrations(),
    registry: new ModelRegistry({ root: `${s.dataDir}/models` }),
    models: { get: async () => undefined },
    services: s,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
after(async () => {
  await app.close();
  await s.close();
  await engine.close();
});

async function call(who: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth.get(who)!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

test('draw up, authorise, go live, alert, decide, export', async () => {
  const now = Date.now();
  const draft = {
    name: 'Station approach',
    type: 'overt LFR, van-mounted',
    policingObjective: 'locate people wanted on warrant',
    intelligenceCase: 'three warrants, seen near the station',
    locationName: 'Station approach',
    locationBoundary: 'forecourt',
    locationReason: 'seen here weekly',
    plannedStart: new Date(now - 60_000).toISOString(),
    plannedEnd: new Date(now + 3_600_000).toISOString(),
    categories: ['wanted by the courts'],
    cameraCount: 1,
    plannedFootfall: 12000,
    dpiaVersion: 'DPIA 4',
    eiaVersion: 'EIA 2',
    policyVersion: 'policy 7',
    notice: { publishedAt: new Date(now - 86_400_000).toISOString(), signage: 'two A-boards' },
  };
  const covert = await call('planner', 'POST', '/v1/deployments', { ...draft, covert: true });
  assert.equal(covert.status, 400, 'R5: there is no covert mode to ask for');
  const created = await call('planner', 'POST', '/v1/deployments', draft);
  assert.equal(created.status, 201, created.text);
  const id = created.json()['id'] as string;
  assert.equal(
    (
      await call('planner', 'POST', `/v1/deployments/${id}/watchlist`, {
        subjectId,
        category: 'wanted by the courts',
        reason: 'warrant 1',
      })
    ).status,
    201,
  );
  assert.equal(
    (
      await call('planner', 'POST', `/v1/deployments/${id}/cameras`, {
        name: 'cam',
        source: { kind: 'file', path: join(s.dataDir, 'footage', 'nonexistent.mp4') },
      })
    ).status,
    201,
  );

  const forecast = (await call('authoriser', 'GET', `/v1/deployments/${id}/forecast`)).json();
  assert.equal(forecast['watchlistSize'], 1);
  assert.equal(forecast['footfall'], 12000);
  assert.equal((await call('planner', 'POST', `/v1/deployments/${id}/authorise`, { note: 'mine' })).status, 403, 'R30');
  const check = (await call('authoriser', 'GET', `/v1/deployments/${id}/authorisation-check`)).json();
  assert.deepEqual(check['problems'], []);
  const authorised = await call('authoriser', 'POST', `/v1/deployments/${id}/authorise`, { note: 'proportionate' });
  assert.equal(authorised.status, 200, authorised.text);
  assert.equal(
    (authorised.json()['authorisation'] as { expectedFalseAlerts: number }).expectedFalseAlerts,
    forecast['expectedFalseAlerts'],
  );
  assert.equal((await call('operator', 'POST', `/v1/deployments/${id}/start`, {})).status, 200);

  // Issue 12: the camera (a file not there) fails; the client is told a code, not what ffmpeg said.
  let cameraStatus: Record<string, unknown> | null = null;
  for (let tries = 0; cameraStatus?.['state'] !== 'failed'; tries++) {
    assert.ok(tries < 400, `the camera did not fail: ${JSON.stringify(cameraStatus)}`);
    if (tries > 0) await new Promise((r) => setTimeout(r, 50));
    const listed = (await call('operator', 'GET', `/v1/deployments/${id}/cameras`)).json();
    cameraStatus = (listed['cameras'] as { status: Record<string, unknown> | null }[])[0]!.status;
  }
  assert.equal(cameraStatus['lastError'], 'source-unreadable');
  assert.equal(cameraStatus['lastReason'], 'source-unreadable');
  assert.doesNotMatch(JSON.stringify(cameraStatus), /such file|ffprobe|nonexistent/i);

  // The operator's alert queue, live.
  const stream = await fetch(`${base}/v1/deployments/${id}/alerts/stream`, { headers: auth.get('operator')! });
  assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = stream.body!.getReader();
  const [entry] = await s.watchlists.entries(id);
  const [camera] = await s.deployments.cameras(id);
  const d = await s.deployments.get(id);
  await s.alerts.raise({
    deploymentId: id,
    cameraId: camera!.id,
    capturedAt: Date.now(),
    score: 0.97,
    threshold: d.threshold,
    trackFrames: 3,
    entry: entry!,
    probeCrop: await lfw('Colin_Powell', 2),
    reference: await s.watchlists.entryImage(entry!),
  });
  let received = '';
  while (!received.includes('event: alert')) received += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  const alert = JSON.parse(received.split('data: ')[1]!.split('\n')[0]!).alert as {
    id: string;
    threshold: number;
    category: string;
  };
  assert.equal(alert.threshold, d.threshold);
  assert.equal(alert.category, 'wanted by the courts');

  const probe = await fetch(`${base}/v1/alerts/${alert.id}/probe`, { headers: auth.get('operator')! });
  assert.equal(probe.headers.get('content-type'), 'image/jpeg');
  assert.equal((await call('engager', 'POST', `/v1/alerts/${alert.id}/decision`, { decision: 'confirm' })).status, 403);
  assert.equal(
    (await call('operator', 'POST', `/v1/alerts/${alert.id}/decision`, { decision: 'confirm' })).status,
    200,
  );
  const engaged = await call('engager', 'POST', `/v1/alerts/${alert.id}/engagement`, {
    engaged: true,
    outcome: 'arrest',
  });
  assert.equal((engaged.json()['engagement'] as { outcome: string }).outcome, 'arrest');

  assert.equal((await call('operator', 'POST', `/v1/deployments/${id}/stop`, {})).status, 200);
  const csv = await call('auditor', 'GET', `/v1/deployments/${id}/record?format=csv`);
  assert.equal(csv.status, 200);
  const [header, row] = csv.text.trim().split('\r\n');
  assert.match(
    header!,
    /^Deployment,Date,Type,Duration \(minutes\),Cameras,Watchlist size,Threshold,Total alerts,Positive alerts/,
  );
  assert.match(row!, /^Station approach,/);
  const json = (await call('auditor', 'GET', `/v1/deployments/${id}/record`)).json();
  assert.equal(json['arrestsOrDisposals'], 1);
  assert.equal(json['positiveAlerts'], 1);
});

test('issue 12: a PATCH changes only what it sends; camera sources outside the rules are refused; CSV cells stay text', async () => {
  const now = Date.now();
  const created = await call('planner', 'POST', '/v1/deployments', {
    name: '=HYPERLINK("http://evil.example/","click")',
    locationName: 'Market square',
    locationReason: 'seen here',
    plannedStart: new Date(now + 3_600_000).toISOString(),
    plannedEnd: new Date(now + 7_200_000).toISOString(),
    categories: ['wanted by the courts'],
    cameraCount: 3,
    plannedFootfall: 500,
    dpiaVersion: 'DPIA 4',
    notice: { signage: 'A-boards' },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json()['id'] as string;
  const patched = await call('planner', 'PATCH', `/v1/deployments/${id}`, { plannedFootfall: 800 });
  assert.equal(patched.status, 200, patched.text);
  const after = patched.json();
  assert.equal(after['plannedFootfall'], 800);
  for (const field of [
    'name',
    'locationName',
    'locationReason',
    'categories',
    'cameraCount',
    'dpiaVersion',
    'notice',
  ]) {
    assert.deepEqual(after[field], created.json()[field], `${field} is kept`);
  }

  for (const source of [
    { kind: 'file', path: '/etc/passwd' },
    { kind: 'folder', path: join(s.dataDir, 'secrets') },
    { kind: 'http', url: 'http://169.254.169.254/latest/meta-data/' },
    { kind: 'http', url: `${base}/v1/users` },
  ]) {
    const r = await call('planner', 'POST', `/v1/deployments/${id}/cameras`, { name: 'cam', source });
    assert.equal(r.status, 422, r.text);
    assert.equal((r.json()['error'] as { code: string }).code, 'camera-source-refused');
    assert.doesNotMatch(r.text, /root:|x:0:0/);
  }
  const footageCamera = await call('planner', 'POST', `/v1/deployments/${id}/cameras`, {
    name: 'footage',
    source: { kind: 'file', path: join(s.dataDir, 'footage', 'market.mp4') },
  });
  assert.equal(footageCamera.status, 201, footageCamera.text);

  const csv = await call('auditor', 'GET', `/v1/deployments/${id}/record?format=csv`);
  const [, row] = csv.text.trim().split('\r\n');
  assert.match(row!, /^"'=HYPERLINK\(/, 'a formula-led name is exported as text');
});
