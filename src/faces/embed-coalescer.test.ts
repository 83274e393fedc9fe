import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { EmbedCoalescer } from './embed-coalescer.ts';
import type { Recognizer, RgbImage } from './types.ts';

/** A recognizer whose vector for a chip is [its first byte], recording each batch it was given. */
function fakeRecognizer(fail = false): Recognizer & { batches: number[][] } {
  const batches: number[][] = [];
  return {
    modelId: 'fake',
    alignment: 'dlib-chip-150',
    chipSize: 1,
    dimensions: 1,
    batches,
    async embed(chips: readonly RgbImage[]) {
      batches.push(chips.map((c) => c.data[0]!));
      await turn();
      if (fail) throw new Error('net failed');
      return chips.map((c) => Float32Array.of(c.data[0]!));
    },
  };
}

const chip = (v: number): RgbImage => ({ width: 1, height: 1, data: Uint8Array.of(v, 0, 0) });
const firsts = (vs: readonly Float32Array[]) => vs.map((v) => v[0]);

test('the embed calls of concurrent tasks go to the net as one batch, each answered with its own vectors', async () => {
  const inner = fakeRecognizer();
  const c = new EmbedCoalescer(inner);
  const task = (values: number[], turnsFirst: number) => async () => {
    for (let i = 0; i < turnsFirst; i++) await turn();
    return firsts(await c.embed(values.map(chip)));
  };
  const settled = await c.all([task([1, 2], 0), task([3], 3), task([4, 5, 6], 1)]);
  assert.deepEqual(
    settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason)),
    [[1, 2], [3], [4, 5, 6]],
  );
  assert.equal(inner.batches.length, 1);
  assert.deepEqual([...inner.batches[0]!].sort(), [1, 2, 3, 4, 5, 6]);
  assert.equal(c.runs, 1);
  assert.equal(c.chips, 6);
});

test('a task that ends (or fails) without embedding does not hold the others back', async () => {
  const inner = fakeRecognizer();
  const c = new EmbedCoalescer(inner);
  const settled = await c.all<unknown>([
    async () => firsts(await c.embed([chip(7)])),
    async () => {
      await turn();
      await turn();
      return 'no faces';
    },
    async () => {
      await turn();
      throw new Error('bad image');
    },
  ]);
  assert.equal(settled[0]!.status, 'fulfilled');
  assert.deepEqual((settled[0] as PromiseFulfilledResult<unknown>).value, [7]);
  assert.deepEqual((settled[1] as PromiseFulfilledResult<unknown>).value, 'no faces');
  assert.match(String((settled[2] as PromiseRejectedResult).reason), /bad image/);
  assert.deepEqual(inner.batches, [[7]]);
});

test('a task embedding twice gets a second run once the others are done or waiting', async () => {
  const inner = fakeRecognizer();
  const c = new EmbedCoalescer(inner);
  const settled = await c.all([
    async () => [...firsts(await c.embed([chip(1)])), ...firsts(await c.embed([chip(2)]))],
    async () => firsts(await c.embed([chip(3)])),
  ]);
  assert.deepEqual(
    settled.map((s) => (s as PromiseFulfilledResult<unknown>).value),
    [[1, 2], [3]],
  );
  assert.deepEqual(inner.batches, [[1, 3], [2]]);
});

test('a failed run fails every call of its batch; calls outside all() and empty calls run at once', async () => {
  const c = new EmbedCoalescer(fakeRecognizer(true));
  const settled = await c.all([() => c.embed([chip(1)]), () => c.embed([chip(2)])]);
  assert.deepEqual(
    settled.map((s) => s.status),
    ['rejected', 'rejected'],
  );
  const ok = new EmbedCoalescer(fakeRecognizer());
  assert.deepEqual(firsts(await ok.embed([chip(9)])), [9]);
  assert.deepEqual(await ok.embed([]), []);
  assert.equal(ok.modelId, 'fake');
  assert.equal(ok.alignment, 'dlib-chip-150');
});
