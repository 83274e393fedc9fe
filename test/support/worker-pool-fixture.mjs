// Test worker for worker-pool.test.ts: echoes, fails, dies, crashes or hangs on request, and obeys
// the pool's control messages as every pool worker must (see worker-pool.ts). It runs as a thread
// or as a child process (worker-pool-hosts.ts); plain JavaScript, so it needs no loader, and it
// talks as worker-pool-port.ts does (a child says hello and is sent its data).
import { parentPort, workerData as threadData } from 'node:worker_threads';

const child = !parentPort;
const post = child ? (m) => process.send(m) : (m) => parentPort.postMessage(m);
const early = [];
let handler = (m) => early.push(m);
let init;
const listen = () =>
  (child ? process : parentPort).on('message', (m) => (init && m?.workerData !== undefined ? init(m) : handler(m)));
if (child) {
  listen();
  process.once('disconnect', () => process.exit(0));
}
const workerData = child
  ? await new Promise((resolve) => {
      init = (m) => ((init = undefined), resolve(m.workerData));
      post({ hello: true });
    })
  : threadData;
// A thread that cannot load ends by itself once it has said why (nothing listens); a child is killed.
if (!child && !workerData?.failToStart) listen();

if (workerData?.failToStart) {
  post({ fatal: 'cannot load on purpose' });
} else {
  handler = (msg) => {
    if (msg.control === 'exit') process.exit(0);
    if (msg.control === 'crash') throw new Error('crash injected for a test');
    if (msg.action === 'die') process.exit(3);
    if (msg.action === 'pid') {
      post({ id: msg.id, ok: true, result: { echo: process.pid } });
      return;
    }
    if (msg.action === 'throw') {
      setTimeout(() => {
        throw new Error('an uncaught exception in the worker');
      }, 5);
      return;
    }
    if (msg.action === 'hang') {
      // Blocks as a long native call does: until the test sets the shared flag (a thread), or
      // for good (a child process, which shares no memory: the pool kills it).
      const until = new Int32Array(msg.flag ?? new SharedArrayBuffer(4));
      while (Atomics.load(until, 0) === 0) Atomics.wait(until, 0, 0, 50);
      post({ id: msg.id, ok: true, result: { echo: 'late' } });
      return;
    }
    if (msg.action === 'fail') {
      post({ id: msg.id, ok: false, error: { name: 'ImageError', code: 'corrupt', message: 'bad image' } });
      return;
    }
    setTimeout(() => post({ id: msg.id, ok: true, result: { echo: msg.value } }), msg.delayMs ?? 5);
  };
  for (const m of early.splice(0)) handler(m);
  post({ ready: true });
}
