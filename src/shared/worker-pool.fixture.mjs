// Test worker for worker-pool.test.ts: echoes, fails, or dies on request.
import { parentPort, workerData } from 'node:worker_threads';

if (workerData?.failToStart) {
  parentPort.postMessage({ fatal: 'cannot load on purpose' });
} else {
  parentPort.on('message', (msg) => {
    if (msg.action === 'die') process.exit(3);
    if (msg.action === 'fail') {
      parentPort.postMessage({
        id: msg.id,
        ok: false,
        error: { name: 'ImageError', code: 'corrupt', message: 'bad image' },
      });
      return;
    }
    setTimeout(() => parentPort.postMessage({ id: msg.id, ok: true, result: { echo: msg.value } }), 5);
  });
  parentPort.postMessage({ ready: true });
}
