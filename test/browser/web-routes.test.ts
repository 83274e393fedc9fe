// Serving the built console: content types, cache headers, the index.html fallback for the
// console's own pages, API paths left to the API's JSON 404, no escape from the build folder, and
// a clear message when the console has not been built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Fastify from 'fastify';
import { assertPermissionDeclared } from '../../src/http/route-permission.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { notBuiltMessage, webRoutes } from '../../src/http/web.routes.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-web-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
writeFileSync(join(root, 'favicon.svg'), '<svg/>');
writeFileSync(join(tmpdir(), 'vigil-web-secret.txt'), 'secret');
after(() => rmSync(root, { recursive: true, force: true }));

async function appWith(webRoot: string) {
  const app = Fastify({ logger: false });
  app.addHook('onRoute', assertPermissionDeclared);
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'not-found', message: 'no route' } }),
  );
  await app.register(securityHeaders, { hsts: false });
  await app.register(webRoutes, { root: webRoot });
  app.get('/v1/thing', { config: { permission: 'public' } }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

test('the console, its assets and its client-side pages', async () => {
  const app = await appWith(root);
  const index = await app.inject({ url: '/' });
  assert.equal(index.statusCode, 200);
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.match(index.headers['content-security-policy'] as string, /script-src 'self'/);

  const js = await app.inject({ url: '/assets/index-abc123.js' });
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(
    (await app.inject({ url: '/assets/index-abc123.css' })).headers['content-type'],
    'text/css; charset=utf-8',
  );
  assert.equal((await app.inject({ url: '/favicon.svg' })).headers['content-type'], 'image/svg+xml');

  for (const page of ['/gallery', '/deployments/1b4e28ba-2fa1-11d2-883f-0016d3cca427', '/operate?x=1']) {
    const r = await app.inject({ url: page });
    assert.equal(r.statusCode, 200, page);
    assert.equal(r.body, '<!doctype html><title>console</title>');
  }
  assert.equal((await app.inject({ url: '/assets/missing.js' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/../vigil-web-secret.txt' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/%2e%2e/vigil-web-secret.txt' })).statusCode, 404);
  assert.ok([400, 404].includes((await app.inject({ url: '/%E0%A4%A' })).statusCode), 'a malformed path is refused');

  // API paths stay the API's: a JSON 404, never the console.
  const api = await app.inject({ url: '/v1/nothing' });
  assert.equal(api.statusCode, 404);
  assert.deepEqual(api.json(), { error: { code: 'not-found', message: 'no route' } });
  assert.deepEqual((await app.inject({ url: '/v1/thing' })).json(), { ok: true });
  await app.close();
});

test('without a build, / says how to make one', async () => {
  const app = await appWith(join(root, 'not-there'));
  const r = await app.inject({ url: '/' });
  assert.equal(r.statusCode, 503);
  assert.match(r.body, /npm run build:web/);
  assert.ok(notBuiltMessage.includes('npm install'));
  assert.equal((await app.inject({ url: '/gallery' })).statusCode, 503);
  await app.close();
});
