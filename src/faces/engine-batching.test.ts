// Issue 17: while every worker is busy, the engine sends waiting requests to a worker in batches,
// whose faces share recognizer runs. Results are those of requests sent one by one; a bad request
// fails alone; an idle engine sends a request at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FaceEngine, type ImageAnalysis } from './engine.ts';
import { ImageError } from './image-decode.ts';
import { builtInPacks } from './packs.ts';
import { sharedPath } from '../shared/paths.ts';

const lfw = (name: string) => readFile(sharedPath('data', 'lfw', 'images', name, `${name}_0001.jpg`));
const names = ['Aaron_Peirsol', 'George_W_Bush', 'Serena_Williams', 'Aaron_Eckhart', 'Colin_Powell'];

function maxTemplateDifference(a: ImageAnalysis, b: ImageAnalysis): number {
  assert.equal(a.faces.length, b.faces.length);
  let worst = 0;
  a.faces.forEach((f, i) => {
    const u = f.template?.vector;
    const v = b.faces[i]!.template?.vector;
    assert.ok(u && v, 'both have a template');
    assert.equal(f.template?.modelId, b.faces[i]!.template?.modelId);
    for (let k = 0; k < u.length; k++) worst = Math.max(worst, Math.abs(u[k]! - v[k]!));
  });
  return worst;
}

test('issue 17: batched requests give the templates of unbatched ones; a bad one fails alone', async () => {
  const [pack] = await builtInPacks();
  const images = await Promise.all(names.map(lfw));
  const batched = await FaceEngine.start({ pack: pack!, workers: 1, maxBatch: 4 });
  const single = await FaceEngine.start({ pack: pack!, workers: 1, maxBatch: 1 });
  try {
    assert.equal(batched.maxBatch, 4);
    const bad = new TextEncoder().encode('not an image');
    const calls = [...images.slice(0, 2), bad, ...images.slice(2)].map((b) => batched.analyse(b));
    // The first went at once (the worker was idle); the rest wait and go as batches of up to 4.
    assert.equal(batched.queued, calls.length - 1);
    const settled = await Promise.allSettled(calls);
    assert.equal(batched.queued, 0);
    const bad2 = settled[2]!;
    assert.ok(bad2.status === 'rejected' && bad2.reason instanceof ImageError, String(bad2));
    assert.equal(bad2.reason.code, 'not-an-image');
    const good = settled.filter((_, i) => i !== 2);
    for (const [i, s] of good.entries()) {
      assert.ok(s.status === 'fulfilled', String(s.status === 'rejected' ? s.reason : ''));
      const alone = await single.analyse(images[i]!);
      assert.ok(alone.faces.length > 0);
      assert.ok(maxTemplateDifference(s.value, alone) < 1e-6, names[i]);
    }
    // describe() batches the same way.
    const first = good[0]!;
    assert.ok(first.status === 'fulfilled');
    const decoded = await import('./image-decode.ts').then((m) => m.decodeImage(images[0]!));
    const boxes = first.value.faces.map((f) => ({ box: f.box, score: f.score }));
    const described = await Promise.all([1, 2, 3].map(() => batched.describe(decoded, boxes)));
    for (const d of described) assert.ok(maxTemplateDifference(d, first.value) < 1e-6);
  } finally {
    await Promise.all([batched.close(), single.close()]);
  }
});

test('issue 17: requests still waiting when the engine closes fail as pool-closed', async () => {
  const [pack] = await builtInPacks();
  const engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  const image = await lfw('Aaron_Peirsol');
  const first = engine.analyse(image);
  const waiting = engine.analyse(image).then(
    () => 'ran',
    (e: unknown) => (e instanceof Error && 'code' in e ? e.code : String(e)),
  );
  await engine.close();
  assert.equal((await first).faces.length, 1, 'the request in flight finishes');
  assert.equal(await waiting, 'pool-closed');
  await assert.rejects(engine.analyse(image), /closed/);
});
