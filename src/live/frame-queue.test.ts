// The bounded frame queue: drop-oldest, counters, waiting pulls, close and iteration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedFrameQueue } from './frame-queue.ts';

test('items come out in order; when full the oldest is dropped and counted', () => {
  const dropped: number[] = [];
  const q = new BoundedFrameQueue<number>(3, { onDrop: (n) => dropped.push(n) });
  for (let i = 1; i <= 5; i++) assert.equal(q.push(i), true);
  assert.deepEqual(dropped, [1, 2]);
  assert.equal(q.size, 3);
  assert.deepEqual([q.tryPull(), q.tryPull(), q.tryPull(), q.tryPull()], [3, 4, 5, undefined]);
  assert.deepEqual(q.counters(), {
    capacity: 3,
    size: 0,
    pushed: 5,
    dropped: 2,
    pulled: 3,
    discarded: 0,
    closed: false,
  });
});

test('a producer far faster than the consumer keeps memory at the capacity', () => {
  const q = new BoundedFrameQueue<{ frame: number }>(2);
  for (let i = 0; i < 10_000; i++) q.push({ frame: i });
  assert.equal(q.size, 2);
  assert.equal(q.dropped, 9_998);
  assert.equal(q.pushed, 10_000);
  assert.deepEqual(q.tryPull(), { frame: 9_998 }, 'the freshest frames survive');
});

test('pull waits for the next push; a waiting pull takes the item without queueing it', async () => {
  const q = new BoundedFrameQueue<string>(1);
  const first = q.pull();
  const second = q.pull();
  q.push('a');
  q.push('b');
  q.push('c'); // nobody waits: queued
  assert.deepEqual(await Promise.all([first, second]), ['a', 'b']);
  assert.equal(q.size, 1);
  assert.equal(q.dropped, 0);
  assert.equal(await q.pull(), 'c');
});

test('close ends iteration after the queued items, and refuses later pushes', async () => {
  const q = new BoundedFrameQueue<number>(4);
  q.push(1);
  q.push(2);
  const seen: number[] = [];
  const done = (async () => {
    for await (const n of q) seen.push(n);
  })();
  await new Promise((r) => setImmediate(r));
  q.push(3);
  q.close();
  await done;
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(q.push(4), false);
  assert.equal(q.pushed, 3);
  assert.equal(await q.pull(), undefined);
});

test('close with discard releases queued items and wakes waiting pulls', async () => {
  const released: [number, string][] = [];
  const q = new BoundedFrameQueue<number>(2, { onDrop: (n, why) => released.push([n, why]) });
  const waiting = new BoundedFrameQueue<number>(2);
  const pending = waiting.pull();
  waiting.close();
  assert.equal(await pending, undefined);
  q.push(1);
  q.push(2);
  q.push(3);
  q.close({ discard: true });
  assert.deepEqual(released, [
    [1, 'full'],
    [2, 'discarded'],
    [3, 'discarded'],
  ]);
  assert.equal(q.counters().discarded, 2);
  assert.equal(q.size, 0);
  assert.equal(await q.pull(), undefined);
});

test('capacity must be a positive integer', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => new BoundedFrameQueue(bad), RangeError);
});
