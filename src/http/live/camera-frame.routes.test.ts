/**
 * The live view (issue 13) and R18. A camera's current analysed frame is served as a JPEG with the
 * faces boxed, only to whoever may operate the deployment, only from the process that analyses the
 * camera, and audited once per viewing session. The frame is a picture of passers-by: after a run
 * with an alert, nothing of it is in the data folder or the database (the media store holds the
 * alert's crop and watchlist copy only), and the frame held is dropped when the camera stops.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import sharp from 'sharp';
import { openDatabase } from '../../db/database.ts';
import type { ImageAnalysis } from '../../faces/engine.ts';
import type { AnalysedFace } from '../../faces/pipeline.ts';
import { l2Normalise } from '../../faces/template.ts';
import { identityConfig } from '../../governance/identity/identity.config.ts';
import { openIdentity } from '../../governance/identity/identity.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import { deploymentRow } from '../../../test/support/reports.ts';
import { AlertService } from '../../live/alert.service.ts';
import { LatestFrame } from '../../live/latest-frame.ts';
import { LiveRunner, type LiveFrame } from '../../live/live-runner.ts';
import { liveRepository, type WatchlistEntryRow } from '../../live/live.repository.ts';
import { bareDeploymentService } from '../../../test/support/live.ts';
import type { WatchlistService } from '../../live/watchlist.service.ts';
import { memoryLog } from '../../shared/log.ts';
import { ByteCipher } from '../../storage/cipher.ts';
import { MediaStore } from '../../storage/media-store.ts';
import { authenticate } from '../authenticate.ts';
import { cameraFrameRoutes } from './camera-frame.routes.ts';
import { errorHandler } from '../errors.ts';
import { assertPermissionDeclared } from '../route-permission.ts';

const W = 320;
const H = 240;
/** A frame no one could mistake: a repeating byte pattern. */
function frameImage(): LiveFrame['image'] {
  const data = new Uint8Array(W * H * 3);
  const mark = [0x13, 0x37, 0xc0, 0xde, 0x5a, 0xa5];
  for (let i = 0; i < data.length; i++) data[i] = mark[i % mark.length]!;
  return { width: W, height: H, data };
}
const p0 = { x: 0, y: 0 };
const alice = l2Normalise(new Float32Array([1, 0, 0, 0]));
const face: AnalysedFace = {
  box: { x: 100, y: 60, width: 80, height: 90 },
  score: 0.9,
  five: [p0, p0, p0, p0, p0],
  quality: { interOcularPx: 40, yawDeg: 0, pitchDeg: 0, sharpness: 50, brightness: 120, passed: true, reasons: [] },
  template: { modelId: 'm', vector: alice },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('LatestFrame holds one frame: the next replaces it, clear drops it (R18)', async () => {
  const latest = new LatestFrame();
  assert.equal(latest.jpeg(), undefined);
  latest.set(frameImage(), [{ box: face.box, trackId: 7, compared: true }], 1000);
  const first = await latest.jpeg()!;
  assert.equal((await sharp(first.jpeg).metadata()).format, 'jpeg');
  assert.equal(first.faces, 1);
  assert.equal(await latest.jpeg(), first, 'the same frame is drawn once');
  latest.set(frameImage(), [], 2000);
  assert.equal((await latest.jpeg()!).capturedAt, 2000);
  latest.clear();
  assert.equal(latest.jpeg(), undefined);
});

test('issue 13, R18: the live frame is served to the operator from memory and nothing of it is stored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-frame-'));
  const database = await openDatabase({ sqliteFile: join(dir, 'vigil.db') });
  const { db } = database;
  const media = new MediaStore(join(dir, 'media'), new ByteCipher(randomBytes(32)));
  const alerts = new AlertService({ db, media, groupWindowMs: 120_000 });
  const id = randomUUID();
  const cameraId = randomUUID();
  await liveRepository.insertDeployment(
    db,
    deploymentRow(id, { status: 'live', planned_end: new Date(Date.now() + 3_600_000).toISOString(), threshold: 0.9 }),
  );
  await liveRepository.insertCamera(db, {
    id: cameraId,
    deployment_id: id,
    name: 'Forecourt',
    source_json: '{"kind":"file","path":"x.mp4"}',
    created_at: new Date().toISOString(),
    gaps_json: '[]',
  });
  const entry = { id: 'entry-1', subject_id: 's1', subject_reference: 'W-1', category: 'wanted' } as WatchlistEntryRow;
  const deployments = bareDeploymentService(db);
  let stopped = false;
  const runner = new LiveRunner({
    engine: {
      pack: { recognizer: { modelId: 'm' } },
      analyseFrame: async (): Promise<ImageAnalysis> => ({
        width: W,
        height: H,
        format: 'rgb',
        faces: [face],
        timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
      }),
    } as never,
    deployments,
    watchlists: {
      entries: async () => [entry],
      openTemplates: () => [{ entry, vector: alice }],
      entryImage: async () => Buffer.from('reference image'),
    } as unknown as WatchlistService,
    alerts,
    cipher: {} as ByteCipher,
    openCamera: () => ({
      async *[Symbol.asyncIterator]() {
        for (let seq = 0; !stopped; seq++) {
          yield { seq, capturedAt: Date.now(), image: frameImage() };
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      status: () => ({}),
      stop: async () => void (stopped = true),
    }),
    options: { minTrackFrames: 2, aggregateFrames: 2 },
    health: { failing: async () => undefined, recovered: async () => undefined },
    log: memoryLog(),
    flushEveryMs: 60_000,
  });
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(1024));
  app.addHook('onRoute', assertPermissionDeclared);
  await app.register(authenticate, { auth: openIdentity({ db, config: identityConfig() }).auth });
  await app.register(cameraFrameRoutes, { deployments, runner, db });
  await app.ready();
  try {
    const operator = await bearerFor(db, 'operator', ['operator']);
    const engager = await bearerFor(db, 'engager', ['engagement-officer']);
    const url = `/v1/deployments/${id}/cameras/${cameraId}/frame`;
    const get = (headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });

    assert.equal((await get(operator)).json().error.code, 'camera-elsewhere', 'not analysed in this process');
    await runner.start(await deployments.get(id));
    const frame = await until('a frame', async () => {
      const r = await get(operator);
      return r.statusCode === 200 ? r : undefined;
    });
    assert.equal(frame.headers['content-type'], 'image/jpeg');
    assert.equal(frame.headers['cache-control'], 'no-store');
    assert.equal(frame.headers['x-frame-faces'], '1');
    assert.equal((await sharp(frame.rawPayload).metadata()).width, W);
    assert.equal((await get(engager)).statusCode, 403, 'only those who operate the deployment see its cameras');
    await until('an alert', async () => ((await alerts.list(id, { limit: 5, offset: 0 })).length ? true : undefined));
    const again = await get(operator);
    assert.equal(again.statusCode, 200);
    const views = await db.selectFrom('audit_log').select('action').where('action', '=', 'camera.live-view').execute();
    assert.equal(views.length, 1, 'audited once per viewing session, not per frame');

    await runner.stop(id);
    assert.equal(runner.latestFrame(id, cameraId), undefined, 'the frame is dropped when the camera stops');
    assert.equal((await get(operator)).statusCode, 503);

    const [alert] = await alerts.list(id, { limit: 5, offset: 0 });
    assert.equal(alert?.seen_count, 1, 'one track: one alert');
    await database.close();
    const files = filesUnder(dir);
    const held = filesUnder(join(dir, 'media'));
    assert.equal(held.length, 2, 'the media store holds the alert crop and its watchlist copy, no frame');
    const pattern = Buffer.from(frameImage().data.subarray(0, 96));
    for (const f of files) {
      const bytes = readFileSync(f);
      assert.equal(bytes.indexOf(frame.rawPayload), -1, `${f} holds the served frame`);
      assert.equal(bytes.indexOf(again.rawPayload), -1, `${f} holds the served frame`);
      assert.equal(bytes.indexOf(pattern), -1, `${f} holds the raw frame`);
    }
  } finally {
    stopped = true;
    await runner.stopAll();
    await app.close();
    await database.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
