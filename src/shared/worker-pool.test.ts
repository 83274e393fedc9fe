import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool, WorkerTaskError } from './worker-pool.ts';

const entry = new URL('./worker-pool.fixture.mjs', import.meta.url);

test('runs tasks across the workers and returns every result in order of the calls', async () => {
  const pool = await WorkerPool.start<{ echo: number }>({ entry, size: 2, workerData: {} });
  try {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.run({ value: i })));
    assert.deepEqual(
      results.map((r) => r.echo),
      Array.from({ length: 20 }, (_, i) => i),
    );
  } finally {
    await pool.close();
  }
});

test('a task the worker reports as failed rejects with its name, code and message', async () => {
  const pool = await WorkerPool.start<unknown>({ entry, size: 1, workerData: {} });
  try {
    await assert.rejects(pool.run({ action: 'fail' }), (err: unknown) => {
      assert.ok(err instanceof WorkerTaskError);
      assert.equal(err.name, 'ImageError');
      assert.equal(err.code, 'corrupt');
      return true;
    });
  } finally {
    await pool.close();
  }
});

test('a worker that dies fails only its task; the pool replaces it and goes on', async () => {
  const pool = await WorkerPool.start<{ echo: number }>({ entry, size: 1, workerData: {} });
  try {
    const dying = pool.run({ action: 'die' });
    const after = pool.run({ value: 7 });
    await assert.rejects(dying, /stopped while working/);
    assert.equal((await after).echo, 7);
    assert.equal(pool.size, 1);
  } finally {
    await pool.close();
  }
});

test('a worker that cannot load makes start fail with its reason', async () => {
  await assert.rejects(
    WorkerPool.start({ entry, size: 1, workerData: { failToStart: true } }),
    /cannot load on purpose/,
  );
});

test('a closed pool refuses new tasks', async () => {
  const pool = await WorkerPool.start({ entry, size: 1, workerData: {} });
  await pool.close();
  await assert.rejects(pool.run({ value: 1 }), /closed/);
});
