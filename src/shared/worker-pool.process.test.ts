// Issue 14: the worker pool with process isolation. Each worker is a child process: a crash, an
// exit, a real SIGKILL from outside or a hang fails only the task in flight, the child is replaced
// and counted; a hung child is killed (safe for a process, where terminating a thread inside a
// native call aborts the caller); close() lets the tasks in flight finish and leaves no child.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerLostError, WorkerPool, WorkerTaskError, type WorkerRestartReason } from './worker-pool.ts';

const entry = new URL('../../test/support/worker-pool-fixture.mjs', import.meta.url);
const start = <R>(extra: { taskTimeoutMs?: number; onRestart?: (r: WorkerRestartReason, d: string) => void } = {}) =>
  WorkerPool.start<R>({ entry, size: 1, workerData: {}, isolation: 'process', ...extra });

/** Waits for a condition, polling (no fixed sleeps in tests). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((done) => setTimeout(done, 10));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const lost = (code: string, detail?: RegExp) => (err: unknown) => {
  assert.ok(err instanceof WorkerLostError, String(err));
  assert.equal(err.code, code);
  if (detail) assert.match(err.message, detail);
  return true;
};

test('issue 14 (process): tasks run in child processes, results and task errors come back over IPC', async () => {
  const pool = await WorkerPool.start<{ echo: number }>({ entry, size: 2, workerData: {}, isolation: 'process' });
  try {
    assert.equal(pool.pids.length, 2);
    assert.ok(!pool.pids.includes(process.pid), 'the workers are processes of their own');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.run({ value: i })));
    assert.deepEqual(
      results.map((r) => r.echo),
      Array.from({ length: 10 }, (_, i) => i),
    );
    await assert.rejects(pool.run({ action: 'fail' }), (err: unknown) => err instanceof WorkerTaskError);
  } finally {
    await pool.close();
  }
});

test('issue 14 (process): the injected crash is a real SIGKILL; only the task in flight fails; replaced and counted', async () => {
  const restarts: string[] = [];
  const pool = await start<{ echo: number }>({ onRestart: (reason, detail) => restarts.push(`${reason}: ${detail}`) });
  try {
    const [before] = pool.pids;
    const inFlight = pool.run({ value: 1, delayMs: 60_000 });
    const queued = pool.run({ value: 2 });
    assert.equal(pool.crashWorker(), true);
    await assert.rejects(inFlight, lost('worker-crashed', /killed by SIGKILL/));
    assert.equal((await queued).echo, 2, 'the next task runs on the replacement');
    assert.equal(pool.restarts, 1);
    assert.deepEqual(restarts, ['crashed: killed by SIGKILL']);
    assert.notEqual(pool.pids[0], before);
    assert.equal(alive(before!), false);
  } finally {
    await pool.close();
  }
});

test('issue 14 (process): kill -9 from outside mid-task fails that task only; the pool goes on', async () => {
  const pool = await start<{ echo: number }>();
  try {
    const pid = (await pool.run({ action: 'pid' })).echo;
    assert.deepEqual(pool.pids, [pid]);
    const inFlight = pool.run({ value: 1, delayMs: 60_000 });
    process.kill(pid, 'SIGKILL');
    await assert.rejects(inFlight, lost('worker-crashed'));
    assert.equal((await pool.run({ value: 3 })).echo, 3);
    assert.equal(pool.restarts, 1);
  } finally {
    await pool.close();
  }
});

test('issue 14 (process): a child that exits or throws fails its task; the next tasks succeed', async () => {
  const pool = await start<{ echo: number }>();
  try {
    await assert.rejects(pool.run({ action: 'die' }), lost('worker-crashed', /exited with code 3/));
    await assert.rejects(pool.run({ action: 'throw' }), lost('worker-crashed'));
    assert.equal((await pool.run({ value: 4 })).echo, 4);
    assert.equal(pool.restarts, 2);
  } finally {
    await pool.close();
  }
});

test('issue 14 (process): a hung child times out its task, is killed with SIGKILL and replaced', async () => {
  const pool = await start<{ echo: number | string }>({ taskTimeoutMs: 100 });
  try {
    const [hung] = pool.pids;
    await assert.rejects(pool.run({ action: 'hang' }), lost('worker-hung'));
    assert.equal((await pool.run({ value: 5 })).echo, 5, 'a replacement answers');
    await until(() => pool.retiring === 0);
    assert.equal(alive(hung!), false, 'the hung child is gone, not left running');
    assert.equal(pool.restarts, 1);
  } finally {
    await pool.close();
  }
});

test('issue 14 (process): close lets the task in flight finish, then every child exits', async () => {
  const pool = await WorkerPool.start<{ echo: number }>({ entry, size: 2, workerData: {}, isolation: 'process' });
  const pids = pool.pids;
  const inFlight = pool.run({ value: 9, delayMs: 50 });
  await pool.close();
  assert.equal((await inFlight).echo, 9);
  assert.equal(pool.retiring, 0);
  await until(() => pids.every((pid) => !alive(pid)));
  await assert.rejects(pool.run({ value: 1 }), lost('pool-closed'));
});

test('issue 14 (process): a child that cannot load makes start fail with its reason', async () => {
  await assert.rejects(
    WorkerPool.start({ entry, size: 1, workerData: { failToStart: true }, isolation: 'process' }),
    /cannot load on purpose/,
  );
});
