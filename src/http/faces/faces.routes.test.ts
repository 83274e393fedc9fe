// The face routes end to end with a real engine (one worker, the default pack) on real images.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../app.ts';
import { calibrationWith, multipart, testConfig } from '../../../test/support/http.ts';
import { FaceEngine } from '../../faces/engine.ts';
import { builtInPacks } from '../../faces/packs.ts';
import { ModelRegistry } from '../../models/model-registry.ts';
import { sharedPath } from '../../shared/paths.ts';

const lfw = (name: string, n: number) =>
  readFile(sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`));

let engine: FaceEngine;
let app: FastifyInstance;
const apps: FastifyInstance[] = [];

async function appWith(overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const config = overrides.config ?? testConfig();
  const built = await buildApp({
    engine,
    config,
    calibrations: () => ({ models: {} }),
    registry: new ModelRegistry({ root: `${config.dataDir}/models` }),
    models: { get: async () => undefined },
    allowUnauthenticated: true,
    ...overrides,
  });
  apps.push(built);
  return built;
}

before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  app = await appWith();
});
after(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await engine.close();
});

const detect = async (a: FastifyInstance, image: Uint8Array) =>
  a.inject({ method: 'POST', url: '/v1/faces/detect', ...(await multipart({ image })) });

test('detect finds the one face of an LFW image, with landmarks and quality, and no template anywhere', async () => {
  const r = await detect(app, await lfw('Aaron_Peirsol', 1));
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.deepEqual([body.width, body.height, body.format, body.pack], [250, 250, 'jpeg', 'default']);
  assert.equal(body.faces.length, 1);
  const face = body.faces[0];
  assert.ok(face.score > 0.5 && face.box.width > 50);
  assert.equal(face.landmarks.length, 5);
  assert.equal(typeof face.quality.passed, 'boolean');
  assert.ok(!/vector|template|points68/.test(r.body), 'only declared fields leave the server');
});

test('corrupt, empty and non-image uploads are refused with a 4xx and a code', async () => {
  const good = await lfw('Aaron_Peirsol', 1);
  const cases: [Uint8Array, number, string][] = [
    [good.subarray(0, 3000), 422, 'corrupt'],
    [new Uint8Array(0), 422, 'empty'],
    [new TextEncoder().encode('hello, not an image'), 415, 'not-an-image'],
  ];
  for (const [bytes, status, code] of cases) {
    const r = await detect(app, bytes);
    assert.equal(r.statusCode, status, r.body);
    assert.equal(r.json().error.code, code);
  }
});

test('an upload over the configured limit is refused with 413 and a clear message', async () => {
  const small = await appWith({ config: testConfig({ limits: { maxImageBytes: 4000 } }) });
  const r = await detect(small, await lfw('Aaron_Peirsol', 1));
  assert.equal(r.statusCode, 413);
  assert.deepEqual(r.json().error, {
    code: 'too-many-bytes',
    message: 'the uploaded file is larger than the limit of 4000 bytes',
  });
});

test('compare: two images of one person give a score and a decision at the calibrated threshold (R17)', async () => {
  const modelId = engine.pack.recognizer.modelId;
  const form = await multipart({ a: await lfw('Aaron_Peirsol', 1), b: await lfw('Aaron_Peirsol', 2) });
  const lenient = await appWith({ calibrations: calibrationWith(modelId, 0.5) });
  const r = await lenient.inject({ method: 'POST', url: '/v1/faces/compare', ...form });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.equal(body.modelId, modelId);
  assert.deepEqual([body.threshold, body.thresholdSource, body.operatingFmr], [0.5, 'calibrated', '1e-3']);
  assert.ok(body.score > 0.5 && body.score <= 1, `score ${body.score}`);
  assert.equal(body.decision, 'match');
  assert.deepEqual([body.a.index, body.b.index], [0, 0]);
  assert.ok(!/vector|template/.test(r.body));

  // Below the threshold the answer is "no match", with the score for the record.
  const strict = await appWith({ calibrations: calibrationWith(modelId, 0.9999) });
  const s = (await strict.inject({ method: 'POST', url: '/v1/faces/compare', ...form })).json();
  assert.equal(s.decision, 'no match');
  assert.ok(Math.abs(s.score - body.score) < 1e-6);
});

test('the event loop stays free while the engine works: /health answers with detections in flight', async () => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const base = `http://127.0.0.1:${address.port}`;
  const image = await lfw('Aaron_Peirsol', 3);
  const finished: string[] = [];
  const detections = Array.from({ length: 4 }, async (_, i) => {
    const form = new FormData();
    form.append('image', new Blob([image]), 'face.jpg');
    const r = await fetch(`${base}/v1/faces/detect`, { method: 'POST', body: form });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { faces: unknown[] }).faces.length, 1);
    finished.push(`detect ${i}`);
  });
  const health = await fetch(`${base}/health`);
  assert.equal(health.status, 200);
  finished.push('health');
  await Promise.all(detections);
  assert.equal(finished.length, 5);
  assert.ok(
    finished.indexOf('health') < 4,
    `health answered before the detections were all done: ${finished.join(', ')}`,
  );
});
