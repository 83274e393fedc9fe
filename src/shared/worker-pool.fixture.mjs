// Test worker for worker-pool.test.ts: echoes, fails, dies, crashes or hangs on request, and obeys
// the pool's control messages as every pool worker must (see worker-pool.ts).
import { parentPort, workerData } from 'node:worker_threads';

if (workerData?.failToStart) {
  parentPort.postMessage({ fatal: 'cannot load on purpose' });
} else {
  parentPort.on('message', (msg) => {
    if (msg.control === 'exit') process.exit(0);
    if (msg.control === 'crash') throw new Error('crash injected for a test');
    if (msg.action === 'die') process.exit(3);
    if (msg.action === 'throw') {
      setTimeout(() => {
        throw new Error('an uncaught exception in the worker');
      }, 5);
      return;
    }
    if (msg.action === 'hang') {
      // Blocks the thread as a long native call does, until the test sets the shared flag.
      const until = new Int32Array(msg.flag);
      while (Atomics.load(until, 0) === 0) Atomics.wait(until, 0, 0, 50);
      parentPort.postMessage({ id: msg.id, ok: true, result: { echo: 'late' } });
      return;
    }
    if (msg.action === 'fail') {
      parentPort.postMessage({
        id: msg.id,
        ok: false,
        error: { name: 'ImageError', code: 'corrupt', message: 'bad image' },
      });
      return;
    }
    setTimeout(() => parentPort.postMessage({ id: msg.id, ok: true, result: { echo: msg.value } }), msg.delayMs ?? 5);
  });
  parentPort.postMessage({ ready: true });
}
