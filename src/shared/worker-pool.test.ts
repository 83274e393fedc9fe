import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerLostError, WorkerPool, WorkerTaskError, type WorkerRestartReason } from './worker-pool.ts';

const entry = new URL('../../test/support/worker-pool-fixture.mjs', import.meta.url);

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

/** Waits for a condition, polling (no fixed sleeps in tests). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((done) => setTimeout(done, 10));
}

const lost = (code: string) => (err: unknown) => {
  assert.ok(err instanceof WorkerLostError, String(err));
  assert.equal(err.code, code);
  return true;
};

test('issue 14: a worker crashed mid-task (injected fault) fails only that task, is replaced and counted', async () => {
  const restarts: WorkerRestartReason[] = [];
  const pool = await WorkerPool.start<{ echo: number }>({
    entry,
    size: 1,
    workerData: {},
    onRestart: (reason) => restarts.push(reason),
  });
  try {
    const inFlight = pool.run({ value: 1, delayMs: 60_000 });
    const queued = pool.run({ value: 2 });
    assert.equal(pool.crashWorker(), true);
    await assert.rejects(inFlight, lost('worker-crashed'));
    await assert.rejects(inFlight, /stopped while working on this task \(crashed: crash injected/);
    assert.equal((await queued).echo, 2, 'the next task runs on the replacement');
    assert.equal((await pool.run({ value: 3 })).echo, 3);
    assert.equal(pool.restarts, 1);
    assert.deepEqual(restarts, ['crashed']);
  } finally {
    await pool.close();
  }
});

test('issue 14: an uncaught exception in the worker fails its task; the next tasks succeed', async () => {
  const pool = await WorkerPool.start<{ echo: number }>({ entry, size: 2, workerData: {} });
  try {
    await assert.rejects(pool.run({ action: 'throw' }), /an uncaught exception in the worker/);
    const results = await Promise.all([1, 2, 3, 4].map((value) => pool.run({ value })));
    assert.deepEqual(
      results.map((r) => r.echo),
      [1, 2, 3, 4],
    );
    assert.equal(pool.restarts, 1);
    assert.equal(pool.size, 2);
  } finally {
    await pool.close();
  }
});

test('issue 14: a hung worker times out its task, is replaced at once and exits by itself once free', async () => {
  const pool = await WorkerPool.start<{ echo: number | string }>({
    entry,
    size: 1,
    workerData: {},
    taskTimeoutMs: 100,
  });
  const flag = new SharedArrayBuffer(4);
  try {
    await assert.rejects(pool.run({ action: 'hang', flag }), lost('worker-hung'));
    assert.equal((await pool.run({ value: 5 })).echo, 5, 'a replacement answers while the old worker is stuck');
    assert.equal(pool.retiring, 1, 'the hung worker is not terminated from outside');
    Atomics.store(new Int32Array(flag), 0, 1);
    await until(() => pool.retiring === 0);
    assert.equal(pool.restarts, 1);
  } finally {
    await pool.close();
  }
});

test('issue 14: close lets the task in flight finish, then the workers leave by themselves', async () => {
  const pool = await WorkerPool.start<{ echo: number }>({ entry, size: 1, workerData: {} });
  const inFlight = pool.run({ value: 9, delayMs: 50 });
  await pool.close();
  assert.equal((await inFlight).echo, 9);
  assert.equal(pool.retiring, 0);
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
