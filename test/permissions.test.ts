// R30: every route, every role. The expected answer comes from the role table
// (src/governance/roles.ts) and the permission each route declares (read from the OpenAPI
// document, which lists every route). A route a role may not use answers 403; without a
// signed-in user, 401; public routes need no one. A new route without a permission cannot even
// be registered (assertPermissionDeclared), so it fails this suite by failing to build the app.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openTestServices, type TestServices } from '../src/app/testing.ts';
import { openDatabase } from '../src/db/database.ts';
import type { FaceEngine } from '../src/faces/engine.ts';
import { openIdentity } from '../src/governance/identity/identity.ts';
import { bearerFor } from '../src/governance/identity/testing.ts';
import { isAllowed, roles, type Role } from '../src/governance/roles.ts';
import { buildApp } from '../src/http/app.ts';
import type { Permission } from '../src/http/permissions.ts';
import { fakePack } from '../src/http/testing.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';

// Nothing here reaches the engine: refused requests stop before it, allowed ones at validation.
const engine = {
  pack: fakePack,
  workers: 1,
  analyse: () => Promise.reject(new Error('not used')),
  analyseFrame: () => Promise.reject(new Error('not used')),
} as unknown as FaceEngine;

let services: TestServices;
let app: FastifyInstance;
const tokens = new Map<Role, { authorization: string }>();
let routes: { method: string; url: string; permission: Permission }[] = [];

before(async () => {
  services = await openTestServices(await openDatabase({ sqliteFile: ':memory:' }), engine);
  const db = services.database.db;
  for (const role of roles) tokens.set(role, await bearerFor(db, `user-${role}`, [role]));
  app = await buildApp({
    identity: openIdentity({ db, config: services.config.identity }),
    engine,
    config: services.config,
    calibrations: () => ({ models: {} }),
    registry: new ModelRegistry({ root: `${services.dataDir}/models` }),
    models: { get: async () => undefined },
    services,
    searchRateLimit: { capacity: 10_000, refillPerMinute: 10_000 },
  });
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { 'x-permission'?: Permission }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      // Path parameters get a syntactically valid id that names nothing.
      url: path.replace(/\{rank\}/g, '1').replace(/\{[^}]+\}/g, randomUUID()),
      permission: op['x-permission'] as Permission,
    })),
  );
});
after(async () => {
  await app.close();
  await services.close();
});

const denied = (status: number) => status === 401 || status === 403;

test('the route list is complete and every route declares a permission', () => {
  assert.ok(routes.length >= 60, `found ${routes.length} routes`);
  for (const r of routes) assert.ok(r.permission, `${r.method} ${r.url} has no x-permission`);
});

test('every role gets exactly the routes its permissions allow, and no one else', async () => {
  const problems: string[] = [];
  for (const r of routes) {
    if (r.method === 'HEAD') continue;
    const anonymous = await app.inject({
      method: r.method as 'GET',
      url: r.url,
      payload: r.method === 'GET' ? undefined : {},
    });
    if (r.permission === 'public' ? anonymous.statusCode === 403 : anonymous.statusCode !== 401) {
      problems.push(`${r.method} ${r.url} without a user: ${anonymous.statusCode}`);
    }
    for (const role of roles) {
      const res = await app.inject({
        method: r.method as 'GET',
        url: r.url,
        headers: tokens.get(role)!,
        payload: r.method === 'GET' ? undefined : {},
      });
      const allowed = isAllowed([role], r.permission);
      if (allowed && denied(res.statusCode))
        problems.push(`${role} refused ${r.method} ${r.url} (${r.permission}): ${res.statusCode}`);
      if (!allowed && res.statusCode !== 403)
        problems.push(`${role} not refused ${r.method} ${r.url} (${r.permission}): ${res.statusCode}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('separations the roles table encodes (R30)', () => {
  assert.ok(!isAllowed(['watchlist-manager'], 'deployments:authorise'), 'who compiles a watchlist does not authorise');
  assert.ok(!isAllowed(['administrator'], 'gallery:view-images'), 'an administrator does not see biometric images');
  assert.ok(!isAllowed(['administrator'], 'search:run'));
  assert.ok(!isAllowed(['operator'], 'alerts:engage') && !isAllowed(['engagement-officer'], 'alerts:adjudicate'));
  assert.ok(!isAllowed(['auditor'], 'deployments:operate') && isAllowed(['auditor'], 'audit:read'));
  assert.ok(!isAllowed(['investigator'], 'search:supervise'));
});

test('every denial is in the audit log', async () => {
  const { listAudit } = await import('../src/governance/audit/audit-query.ts');
  const r = await listAudit(services.database.db, { action: 'auth.denied', limit: 5, offset: 0 });
  assert.ok(r.total > 100, `${r.total} denials audited`);
});
