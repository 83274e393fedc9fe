// The server's composition root: listen address, start-up, its log lines, and a clean shutdown on a signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { listenAddress, parsePort, startServer } from './server.ts';
import { testConfig } from '../../test/support/http.ts';

test('the listen address: flags, then VIGIL_HOST/VIGIL_PORT, then 127.0.0.1:8080', () => {
  assert.deepEqual(listenAddress({}, {}), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(listenAddress({}, { VIGIL_HOST: '0.0.0.0', VIGIL_PORT: '9000' }), { host: '0.0.0.0', port: 9000 });
  assert.deepEqual(listenAddress({ host: '::1', port: 0 }, { VIGIL_HOST: '0.0.0.0', VIGIL_PORT: '9000' }), {
    host: '::1',
    port: 0,
  });
  assert.throws(() => listenAddress({}, { VIGIL_PORT: 'http' }), /VIGIL_PORT must be a port number/);
  assert.throws(() => parsePort('70000', '--port'), /--port must be a port number/);
  assert.throws(() => parsePort(' ', '--port'), /--port/);
});

test('serves the API on 127.0.0.1, logs where it listens and no bodies, and stops on SIGTERM', async () => {
  const lines: string[] = [];
  const boxes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    config: testConfig({ workers: 1, live: { pack: 'default' } }),
    env: {},
    logger: { level: 'info', stream },
    announce: (text) => boxes.push(text),
  });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    assert.deepEqual(await (await fetch(`${server.url}/ready`)).json(), {
      ready: true,
      checks: { engine: 'up', auditChain: 'up', database: 'up', cameras: 'up' },
    });
    const form = new FormData();
    form.append('image', new Blob([new TextEncoder().encode('secret-bytes')]), 'x.jpg');
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401, 'metrics need an API token (system:read)');
    // Nobody is signed in: refused before the upload is read.
    assert.equal((await fetch(`${server.url}/v1/faces/detect`, { method: 'POST', body: form })).status, 401);
  } finally {
    process.emit('SIGTERM');
    await server.closed;
  }
  await assert.rejects(fetch(`${server.url}/health`), 'no longer listening');
  const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  assert.equal(messages.filter((m) => m.startsWith('Vigil listening at')).length, 1);
  assert.ok(
    messages.includes(`Vigil listening at ${server.url} (roles api,worker,pipeline; pack default, 1 engine worker)`),
    messages.join('\n'),
  );
  assert.ok(lines.some((l) => l.includes('"route":"/v1/faces/detect"') && l.includes('"status":401')));
  assert.ok(
    messages.some((m) => /no administrator yet: create one with POST \/v1\/setup and the one-time token \S+/.test(m)),
    'a fresh installation prints a one-time setup token, never a default password',
  );
  // Issue 15: and once as a box with the address to open, the same token as the log line's.
  assert.equal(boxes.length, 1);
  assert.match(boxes[0] ?? '', new RegExp(`^┌─+┐\n│ Vigil is ready at ${server.url}/ `));
  const logged = lines.map((l) => /one-time token (\S+)/.exec(l)?.[1]).find(Boolean);
  assert.equal(/one-time token (\S+)/.exec(boxes[0] ?? '')?.[1], logged);
  assert.ok(!lines.some((l) => l.includes('secret-bytes')), 'no request body in the log');
  assert.equal(process.listenerCount('SIGTERM'), 0, 'signal handlers are removed once closed');
});
