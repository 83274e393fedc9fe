// Live facial recognition end to end: a clip streamed over RTSP from a local ffmpeg publisher
// into an authorised deployment (R1), alerts pushed live (R21, R23), one per person per track
// (R16); a deployment whose watchlist matches nobody raises nothing and leaves no face data on
// disk or in the database (R18); a dropped camera reconnects with the gap on record; matching
// stops by itself at the authorised end time (R2).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openTestServices, recordTestAssessments, type TestServices } from './support/services.ts';
import { openDatabase } from '../src/db/database.ts';
import { FaceEngine } from '../src/faces/engine.ts';
import { builtInPacks } from '../src/faces/packs.ts';
import type { AlertEvent } from '../src/live/alert.service.ts';
import type { DraftInput } from '../src/live/deployment.service.ts';
import { startRtspTestServer, type RtspTestServer } from './support/rtsp-server.ts';
import { sharedPath } from '../src/shared/paths.ts';

const work = mkdtempSync(join(tmpdir(), 'vigil-live-'));
const lfw = (name: string, n: number) =>
  sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`);

// A clip of real faces: four people in turn, 1.5 s each, 25 fps H.264 (what a camera would send).
const clip = join(work, 'street.mp4');
const shown = [lfw('Tony_Blair', 2), lfw('Colin_Powell', 2), lfw('Jacques_Chirac', 3), lfw('Gerhard_Schroeder', 2)];
execFileSync('ffmpeg', [
  '-nostdin',
  '-loglevel',
  'error',
  ...shown.flatMap((f) => ['-loop', '1', '-t', '1.5', '-i', f]),
  '-filter_complex',
  `${shown.map((_, i) => `[${i}:v]scale=500:500,setsar=1,fps=25[v${i}]`).join(';')};${shown.map((_, i) => `[v${i}]`).join('')}concat=n=${shown.length}:v=1:a=0[out]`,
  '-map',
  '[out]',
  '-c:v',
  'libx264',
  '-pix_fmt',
  'yuv420p',
  '-g',
  '25',
  clip,
]);

let engine: FaceEngine;
let s: TestServices;
let rtsp: RtspTestServer;
const subjects = new Map<string, string>();

before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  s = await openTestServices(await openDatabase({ sqliteFile: join(work, 'vigil.sqlite') }), engine, {
    // The local RTSP server is on loopback: listed, as a real installation lists its cameras' hosts.
    live: { analysisFps: 5, minTrackFrames: 2, cameraSources: { hosts: ['127.0.0.1'] } },
  });
  // Gallery images are other photographs of the people than those in the clip.
  for (const [name, n] of [
    ['Colin_Powell', 1],
    ['Ariel_Sharon', 1],
  ] as const) {
    const r = await s.gallery.createSubject(
      {
        reference: name,
        displayName: name,
        images: [
          { bytes: await readFile(lfw(name, n)), source: 'custody', legalBasis: 'PACE s64A', reason: 'warrant' },
        ],
      },
      { username: 'enroller', roles: ['watchlist-manager'] },
    );
    subjects.set(name, r.subject.id);
  }
  const modelId = engine.pack.recognizer.modelId;
  await recordTestAssessments(s, { modelId, threshold: s.thresholdInForce(modelId).threshold });
  rtsp = await startRtspTestServer({ clip, loop: true });
});

after(async () => {
  await rtsp?.stop();
  await s?.close();
  await engine?.close();
  rmSync(work, { recursive: true, force: true });
});

async function liveDeployment(name: string, watch: string[], minutes: number) {
  const now = Date.now();
  const input: DraftInput = {
    name,
    deployment_type: 'overt LFR, test',
    policing_objective: 'locate wanted people',
    intelligence_case: 'test case',
    location_name: 'test street',
    location_boundary: 'camera view',
    location_reason: 'test',
    planned_start: new Date(now - 60_000).toISOString(),
    planned_end: new Date(now + minutes * 60_000).toISOString(),
    categories: ['wanted by the courts'],
    camera_count: 1,
    planned_footfall: 1000,
    threshold: s.thresholdInForce(engine.pack.recognizer.modelId).threshold,
    dpia_version: 'DPIA 1',
    eia_version: 'EIA 1',
    policy_version: 'policy 1',
    notice: { publishedAt: new Date(now - 86_400_000).toISOString(), signage: 'signs at both ends' },
  };
  const d = await s.deployments.create(input, 'planner');
  for (const subject of watch) {
    await s.watchlists.addEntry(
      d.id,
      { subjectId: subjects.get(subject)!, category: 'wanted by the courts', reason: 'warrant' },
      'wl',
    );
  }
  await s.deployments.addCamera(d.id, 'cam 1', { kind: 'rtsp', url: rtsp.url }, 'planner');
  await s.deployments.authorise(d.id, 'approved', 'auth');
  return d;
}

function files(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(join(e.parentPath, e.name), statSync(join(e.parentPath, e.name)).size);
  }
  return out;
}

const until = async (what: () => boolean | Promise<boolean>, ms: number, label: string) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

test('a watchlisted person in an RTSP stream raises one alert, pushed live', async () => {
  const d = await liveDeployment('match', ['Colin_Powell', 'Ariel_Sharon'], 10);
  const events: AlertEvent[] = [];
  const unsubscribe = s.alerts.subscribe(d.id, (e) => events.push(e));
  await s.deployments.start(d.id, 'operator');
  await until(() => events.length > 0, 60_000, 'an alert');
  unsubscribe();
  const status = s.runner.status(d.id);
  await s.deployments.close(d.id, 'operator', 'stopped');
  const alert = events[0]!.alert;
  assert.equal(alert.subject_reference, 'Colin_Powell');
  assert.ok(alert.score >= alert.threshold);
  assert.ok(alert.track_frames >= 2, 'scores were aggregated over the track (R16)');
  assert.ok(alert.probe_media_id);
  const alerts = await s.alerts.list(d.id, { limit: 100, offset: 0 });
  assert.ok(
    alerts.every((a) => a.subject_reference === 'Colin_Powell'),
    'nobody else is named',
  );
  const camera = Object.values(status?.cameras ?? {})[0] as { framesReceived: number } | undefined;
  assert.ok((camera?.framesReceived ?? 0) > 0);
});

test('no match: no alert, and nothing of the faces seen is kept (R18); a drop is reconnected and on record', async () => {
  const d = await liveDeployment('no match', ['Ariel_Sharon'], 10);
  const before = files(s.dataDir);
  const dbSize = statSync(join(work, 'vigil.sqlite')).size;
  await s.deployments.start(d.id, 'operator');
  await new Promise((r) => setTimeout(r, 5000));
  await rtsp.dropConnections();
  await until(
    async () => {
      const [camera] = await s.deployments.cameras(d.id);
      const gaps = JSON.parse(camera!.gaps_json) as { from: number; to?: number }[];
      return gaps.some((g) => g.to !== undefined);
    },
    30_000,
    'the camera to reconnect',
  );
  await new Promise((r) => setTimeout(r, 3000));
  const closed = await s.deployments.close(d.id, 'operator', 'stopped');

  assert.equal((await s.alerts.list(d.id, { limit: 10, offset: 0 })).length, 0);
  const counts = await s.deployments.counts(closed.id);
  assert.ok(counts.facesCompared > 5, `faces were compared (${counts.facesCompared}) and then discarded`);
  const after = files(s.dataDir);
  const added = [...after.keys()].filter((f) => !before.has(f));
  assert.deepEqual(added, [], 'no file appeared while faces were being compared');
  // The database grew by the deployment's own rows only: no table holds faces or templates of passers-by.
  const db = s.database.db;
  assert.equal((await db.selectFrom('alerts').selectAll().where('deployment_id', '=', d.id).execute()).length, 0);
  const entries = await db.selectFrom('watchlist_entries').selectAll().where('deployment_id', '=', d.id).execute();
  assert.ok(
    entries.every((e) => e.template_sealed === null && e.image_media_id === null),
    'R10 at close',
  );
  assert.ok(statSync(join(work, 'vigil.sqlite')).size - dbSize < 200_000);
  const [camera] = await s.deployments.cameras(d.id);
  const gap = (JSON.parse(camera!.gaps_json) as { from: number; to?: number; reason: string }[]).find((g) => g.to);
  assert.ok(gap && gap.to! >= gap.from, 'the gap is recorded with its start and end');
});

test('matching stops by itself at the authorised end time (R2)', async () => {
  const d = await liveDeployment('short', ['Colin_Powell'], 0.15); // ends 9 s from now
  await s.deployments.start(d.id, 'operator');
  await until(async () => (await s.deployments.get(d.id)).status === 'closed', 30_000, 'the end time');
  const closed = await s.deployments.get(d.id);
  assert.equal(closed.close_reason, 'end-time');
  assert.equal(s.runner.isRunning(d.id), false);
  const alerts = await s.alerts.list(d.id, { limit: 100, offset: 0 });
  assert.ok(
    alerts.every((a) => Date.parse(a.captured_at) < Date.parse(d.planned_end)),
    'nothing after the end was matched',
  );
});
