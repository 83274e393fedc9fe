// The face engine end to end on real images, off the main thread, with the default pack.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FaceEngine } from './engine.ts';
import { ImageError } from './image-decode.ts';
import { WorkerLostError } from '../shared/worker-pool.ts';
import { builtInPacks } from './packs.ts';
import { similarity } from './template.ts';
import { sharedPath } from '../shared/paths.ts';

const lfw = (name: string, n: number) =>
  sharedPath('data', 'lfw', 'images', name, `${name}_${String(n).padStart(4, '0')}.jpg`);
let engine: FaceEngine;

before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 1 });
});
after(() => engine.close());

test('analyses an image in a worker: box, five points, quality and a template tagged with its model', async () => {
  const r = await engine.analyse(await readFile(lfw('Aaron_Peirsol', 1)));
  assert.equal(r.width, 250);
  assert.equal(r.faces.length, 1);
  const f = r.faces[0]!;
  assert.ok(f.score > 0.5);
  assert.ok(f.box.x > 40 && f.box.x + f.box.width < 210, 'the face is near the centre');
  assert.ok(f.five[0].x < f.five[1].x, 'image-left eye first');
  assert.equal(f.points68?.length, 68);
  assert.ok(f.quality.interOcularPx > 20);
  assert.equal(f.template?.modelId, engine.pack.recognizer.modelId);
  assert.equal(f.template?.vector.length, 128);
});

test('the same person scores higher than different people', async () => {
  const embed = async (path: string) => (await engine.analyse(await readFile(path))).faces[0]!.template!;
  const [a1, a2, b, c] = await Promise.all([
    embed(lfw('Aaron_Peirsol', 1)),
    embed(lfw('Aaron_Peirsol', 2)),
    embed(lfw('Colin_Powell', 1)),
    embed(lfw('George_W_Bush', 1)),
  ]);
  const same = similarity(a1, a2);
  const others = [similarity(a1, b), similarity(a1, c), similarity(a2, b), similarity(a2, c)];
  assert.ok(
    others.every((o) => same > o + 0.05),
    `same person ${same.toFixed(3)}, different people ${others.map((o) => o.toFixed(3)).join(' ')}`,
  );
});

test('finds every face in a group photo, largest first', async () => {
  const r = await engine.analyse(await readFile(sharedPath('data', 'faces-small', 'face_api_js_bbt', 'bbt1.jpg')), {
    embed: 'none',
  });
  assert.ok(r.faces.length >= 4, `${r.faces.length} faces`);
  const areas = r.faces.map((f) => f.box.width * f.box.height);
  assert.deepEqual(
    areas,
    [...areas].sort((x, y) => y - x),
  );
  assert.ok(
    r.faces.every((f) => f.template === undefined),
    'embed none makes no templates',
  );
});

test('embed "passing" makes templates only for faces that pass the quality gates (R15)', async () => {
  const [pack] = await builtInPacks();
  const strict = await FaceEngine.start({
    pack: pack!,
    workers: 1,
    gates: {
      minInterOcularPx: 500,
      maxAbsYawDeg: 40,
      maxAbsPitchDeg: 35,
      minSharpness: 0,
      minBrightness: 0,
      maxBrightness: 255,
    },
  });
  try {
    const r = await strict.analyse(await readFile(lfw('Aaron_Peirsol', 1)), { embed: 'passing' });
    assert.equal(r.faces.length, 1);
    assert.deepEqual(r.faces[0]!.quality.reasons, ['too-small']);
    assert.equal(r.faces[0]!.template, undefined);
  } finally {
    await strict.close();
  }
});

test('bad images are refused with an ImageError and the engine keeps working', async () => {
  const good = await readFile(lfw('Aaron_Peirsol', 1));
  await assert.rejects(
    engine.analyse(new Uint8Array(0)),
    (e: unknown) => e instanceof ImageError && e.code === 'empty',
  );
  await assert.rejects(
    engine.analyse(good.subarray(0, 3000)),
    (e: unknown) => e instanceof ImageError && e.code === 'corrupt',
  );
  await assert.rejects(
    engine.analyse(new TextEncoder().encode('hello, not an image')),
    (e: unknown) => e instanceof ImageError && e.code === 'not-an-image',
  );
  assert.equal((await engine.analyse(good)).faces.length, 1);
});

test('a raw frame of the wrong size is refused', async () => {
  await assert.rejects(engine.analyseFrame({ width: 10, height: 10, data: new Uint8Array(5) }), ImageError);
});

test('an image with no face gives no faces, not an error', async () => {
  const grey = { width: 320, height: 240, data: new Uint8Array(320 * 240 * 3).fill(128) };
  assert.equal((await engine.analyseFrame(grey)).faces.length, 0);
});

test('issue 14: a worker that crashes mid-analysis is replaced and counted; closing mid-analysis does not abort', async () => {
  // Before: the only way to stop a worker was Worker.terminate(), which aborts the whole process
  // (a native Napi::Error) when it lands inside onnxruntime's synchronous run.
  const [pack] = await builtInPacks();
  const own = await FaceEngine.start({ pack: pack!, workers: 1 });
  const good = await readFile(lfw('Aaron_Peirsol', 1));
  try {
    const inFlight = own.analyse(good);
    assert.equal(own.crashWorkerForTest(), true);
    // The crash lands between two native calls: in this request, or at the latest in the next.
    const outcome = await inFlight.then(
      () => 'finished',
      (e: unknown) => (e instanceof WorkerLostError && e.code === 'worker-crashed' ? 'lost' : String(e)),
    );
    if (outcome === 'finished') await assert.rejects(own.analyse(good), WorkerLostError);
    else assert.equal(outcome, 'lost');
    assert.equal(own.workerRestarts, 1);
    assert.equal((await own.analyse(good)).faces.length, 1, 'the replacement analyses');
    const last = own.analyse(good);
    await own.close();
    assert.equal((await last).faces.length, 1, 'close lets the request in flight finish');
  } finally {
    await own.close();
  }
});
