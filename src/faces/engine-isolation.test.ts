// Issue 14: engine workers are child processes by default. A real `kill -9` of the child in the
// middle of an analysis fails only that request (worker-crashed), the child is replaced and
// counted, and the replacement analyses; this process is untouched. Thread isolation still works
// where it is asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FaceEngine } from './engine.ts';
import { builtInPacks } from './packs.ts';
import { sharedPath } from '../shared/paths.ts';
import { WorkerLostError } from '../shared/worker-pool.ts';

const photo = () => readFile(sharedPath('data', 'lfw', 'images', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg'));

test('issue 14: a child engine worker killed with SIGKILL mid-analysis fails only that request and is replaced', async () => {
  const [pack] = await builtInPacks();
  const engine = await FaceEngine.start({ pack: pack!, workers: 1 });
  try {
    assert.equal(engine.isolation, 'process', 'process isolation is the default');
    const good = await photo();
    assert.equal((await engine.analyse(good)).faces.length, 1);
    const [pid] = engine.workerPids;
    assert.ok(pid !== undefined && pid !== process.pid, 'the worker is a process of its own');
    const inFlight = engine.analyse(good);
    process.kill(pid, 'SIGKILL');
    await assert.rejects(inFlight, (err: unknown) => {
      assert.ok(err instanceof WorkerLostError, String(err));
      assert.equal(err.code, 'worker-crashed');
      assert.match(err.message, /killed by SIGKILL/);
      return true;
    });
    assert.equal((await engine.analyse(good)).faces.length, 1, 'the replacement analyses');
    assert.equal(engine.workerRestarts, 1);
    assert.notEqual(engine.workerPids[0], pid);
  } finally {
    await engine.close();
  }
});

test('issue 14: thread isolation, where asked for, analyses the same', async () => {
  const [pack] = await builtInPacks();
  const engine = await FaceEngine.start({ pack: pack!, workers: 1, isolation: 'thread' });
  try {
    assert.equal(engine.isolation, 'thread');
    assert.deepEqual(engine.workerPids, []);
    assert.equal((await engine.analyse(await photo())).faces.length, 1);
  } finally {
    await engine.close();
  }
});
