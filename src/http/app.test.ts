// The API's shape with a stand-in engine: system routes, the OpenAPI document, error mapping,
// permissions, and that no template can leave in a response.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from './app.ts';
import { detectResponse } from './faces/faces.dto.ts';
import { assertPermissionDeclared } from './route-permission.ts';
import { calibrationWith, fakeEngine, fakePack, multipart, testConfig } from '../../test/support/http.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import { ImageError } from '../faces/image-decode.ts';
import type { AnalysedFace } from '../faces/pipeline.ts';
import { ModelRegistry } from '../models/model-registry.ts';

const modelId = fakePack.recognizer.modelId;

function face(vector: number[], size = 100): AnalysedFace {
  const p = (x: number, y: number) => ({ x, y });
  return {
    box: { x: 10, y: 10, width: size, height: size },
    score: 0.9,
    five: [p(30, 40), p(70, 40), p(50, 60), p(35, 80), p(65, 80)],
    quality: { interOcularPx: 40, yawDeg: 0, pitchDeg: 0, sharpness: 100, brightness: 120, passed: true, reasons: [] },
    template: { modelId, vector: Float32Array.from(vector) },
  };
}

const analysis = (...faces: AnalysedFace[]): ImageAnalysis => ({
  width: 200,
  height: 200,
  format: 'jpeg',
  faces,
  timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
});

async function appWith(overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const config = testConfig();
  return buildApp({
    engine: fakeEngine(() => analysis(face([1, 0]))),
    config,
    calibrations: () => ({ models: {} }),
    registry: new ModelRegistry({ root: `${config.dataDir}/models` }),
    models: { get: async () => undefined },
    allowUnauthenticated: true,
    ...overrides,
  });
}

let app: FastifyInstance;
before(async () => {
  app = await appWith();
});
after(() => app.close());

const image = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

test('liveness and readiness', async () => {
  assert.deepEqual((await app.inject({ url: '/health' })).json(), { status: 'ok' });
  const ready = await app.inject({ url: '/ready' });
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json(), { ready: true, checks: { engine: 'up' } });

  const down = await appWith({ engine: fakeEngine(() => analysis(), 0) });
  try {
    const r = await down.inject({ url: '/ready' });
    assert.equal(r.statusCode, 503);
    assert.deepEqual(r.json(), { ready: false, checks: { engine: 'down' }, reasons: ['engine-down'] });
  } finally {
    await down.close();
  }
});

test('an unknown route is a 404 in the error shape', async () => {
  const r = await app.inject({ url: '/v1/nothing?x=1' });
  assert.equal(r.statusCode, 404);
  assert.deepEqual(r.json(), { error: { code: 'not-found', message: 'no route GET /v1/nothing' } });
});

test('/openapi.json describes every route with its schemas and permission', async () => {
  const doc = (await app.inject({ url: '/openapi.json' })).json();
  assert.match(doc.openapi, /^3\./);
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/health',
    '/ready',
    '/v1/faces/compare',
    '/v1/faces/detect',
    '/v1/models',
  ]);
  const detect = doc.paths['/v1/faces/detect'].post;
  assert.equal(detect['x-permission'], 'faces:detect');
  const form = detect.requestBody.content['multipart/form-data'].schema;
  assert.deepEqual(form.required, ['image']);
  assert.equal(form.properties.image.format, 'binary');
  const faces = detect.responses['200'].content['application/json'].schema.properties.faces;
  assert.ok(faces.items.properties.quality, 'the response schema is there');
  assert.ok(!JSON.stringify(detect.responses).includes('vector'), 'no template in any response schema');
  assert.ok(detect.responses['413'] && detect.responses['415'] && detect.responses['422']);
  const compare = doc.paths['/v1/faces/compare'].post;
  assert.equal(compare['x-permission'], 'faces:compare');
  assert.deepEqual(compare.responses['200'].content['application/json'].schema.properties.decision.enum, [
    'match',
    'no match',
  ]);
  assert.equal(doc.paths['/health'].get['x-permission'], 'public');
  assert.equal(doc.paths['/v1/models'].get['x-permission'], 'models:read');
  assert.ok(doc.components.schemas.Error, 'the error shape is a shared component');
});

test('/v1/models lists packs, built-in nets with model cards, and registered models', async () => {
  const r = await app.inject({ url: '/v1/models' });
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.equal(body.inUse, 'default');
  assert.ok(body.packs.some((p: { name: string }) => p.name === 'default'));
  assert.equal(body.builtIn.length, 5, 'four face-api nets and the MediaPipe landmarker');
  assert.ok(body.builtIn.every((n: { card?: { licence: string } }) => n.card?.licence));
  assert.deepEqual(body.registered, []);
});

test('a response never carries a template, whatever the service hands over', async () => {
  const r = await app.inject({ method: 'POST', url: '/v1/faces/detect', ...(await multipart({ image })) });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().faces.length, 1);
  assert.ok(!/vector|template/.test(r.body), r.body);
  // The schema itself strips undeclared fields, so a careless mapping cannot leak either.
  const leaky = {
    width: 1,
    height: 1,
    format: 'png',
    pack: 'p',
    faces: [{ ...face([1, 0]), landmarks: face([1]).five }],
  };
  assert.ok(!('template' in detectResponse.parse(leaky).faces[0]!));
});

test('bad requests are refused in one shape: not multipart, no file, too many files', async () => {
  const json = await app.inject({ method: 'POST', url: '/v1/faces/detect', payload: { image: 'x' } });
  assert.equal(json.statusCode, 415);
  assert.deepEqual(json.json().error, {
    code: 'unsupported-media-type',
    message: 'send the images as multipart/form-data file parts',
  });
  const noFile = await app.inject({ method: 'POST', url: '/v1/faces/detect', ...(await multipart({ image: 'text' })) });
  assert.equal(noFile.statusCode, 400);
  assert.match(noFile.json().error.message, /image/);
  const tooMany = await app.inject({
    method: 'POST',
    url: '/v1/faces/detect',
    ...(await multipart({ image, other: image })),
  });
  assert.equal(tooMany.statusCode, 413);
  assert.equal(tooMany.json().error.code, 'too-many-files');
});

test('a fault is a 500 that shows no internals', async () => {
  const broken = await appWith({ engine: fakeEngine(() => Promise.reject(new Error('secret path /srv/x'))) });
  try {
    const r = await broken.inject({ method: 'POST', url: '/v1/faces/detect', ...(await multipart({ image })) });
    assert.equal(r.statusCode, 500);
    assert.equal(r.json().error.code, 'internal');
    assert.ok(!r.body.includes('secret'));
    assert.match(r.json().error.message, /quote request/);
  } finally {
    await broken.close();
  }
});

test('compare: refusals for a missing calibration, a bad image b, several faces, a bad face index', async () => {
  const form = await multipart({ a: image, b: image });
  const post = (a: FastifyInstance, f = form) => a.inject({ method: 'POST', url: '/v1/faces/compare', ...f });
  const uncalibrated = await post(app);
  assert.equal(uncalibrated.statusCode, 503);
  assert.equal(uncalibrated.json().error.code, 'not-calibrated');

  let calls = 0;
  const calibrations = calibrationWith(modelId, 0.5);
  const badB = await appWith({
    calibrations,
    engine: fakeEngine(() =>
      ++calls % 2 === 0 ? Promise.reject(new ImageError('not-an-image', 'not an image')) : analysis(face([1, 0])),
    ),
  });
  const two = await appWith({ calibrations, engine: fakeEngine(() => analysis(face([1, 0]), face([0, 1], 50))) });
  try {
    const r = await post(badB);
    assert.equal(r.statusCode, 415);
    assert.deepEqual(r.json().error, { code: 'not-an-image', message: 'image b: not an image' });
    const several = await post(two);
    assert.equal(several.statusCode, 422);
    assert.equal(several.json().error.code, 'several-faces');
    const picked = await post(two, await multipart({ a: image, b: image, faceA: '0', faceB: '1' }));
    assert.equal(picked.statusCode, 200);
    assert.deepEqual([picked.json().score, picked.json().decision, picked.json().b.index], [0, 'no match', 1]);
    const missing = await post(two, await multipart({ a: image, b: image, faceA: '0', faceB: '5' }));
    assert.equal(missing.json().error.code, 'no-such-face');
    const notIndex = await post(two, await multipart({ a: image, b: image, faceA: '-1' }));
    assert.equal(notIndex.statusCode, 400);
  } finally {
    await Promise.all([badB.close(), two.close()]);
  }
});

test('a route without a permission is refused when it is added', () => {
  assert.throws(() => assertPermissionDeclared({ method: 'GET', url: '/x', config: {} }), /declares no permission/);
  assert.doesNotThrow(() => assertPermissionDeclared({ method: 'GET', url: '/x', config: { permission: 'public' } }));
});
