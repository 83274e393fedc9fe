// R30: every route, every role. The expected answer comes from the role table
// (src/governance/roles.ts) and the permission each route declares (read from the OpenAPI
// document, which lists every route). A route a role may not use answers 403; without a
// signed-in user, 401; public routes need no one. A new route without a permission cannot even
// be registered (assertPermissionDeclared), so it fails this suite by failing to build the app.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openTestServices, type TestServices } from './support/services.ts';
import { openDatabase } from '../src/db/database.ts';
import type { FaceEngine } from '../src/faces/engine.ts';
import { openIdentity } from '../src/governance/identity/identity.ts';
import { bearerFor } from './support/identity.ts';
import { isAllowed, roles, type Role } from '../src/governance/roles.ts';
import { buildApp } from '../src/http/app.ts';
import type { Permission } from '../src/governance/permissions.ts';
import { fakePack, multipart } from './support/http.ts';
import { ModelRegistry } from '../src/models/model-registry.ts';

// Nothing here reaches the engine: refused requests stop before it, allowed ones at validation
// (the record-level section's probe uploads get an image with no faces).
const engine = {
  pack: fakePack,
  workers: 1,
  analyse: () =>
    Promise.resolve({
      width: 1,
      height: 1,
      format: 'jpeg',
      faces: [],
      timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
    }),
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

test('denials are in the audit log: the first from each source at once, the rest in its per-minute summary', async () => {
  const { listAudit } = await import('../src/governance/audit/audit-query.ts');
  const r = await listAudit(services.database.db, { action: 'auth.denied', limit: 100, offset: 0 });
  const actors = new Set(r.entries.map((e) => e.actor));
  assert.ok(actors.size >= 5, `${actors.size} refused callers audited`);
});

test("record level: a case is its investigators' and its overseers' only (R30)", async () => {
  const db = services.database.db;
  const [creator, member, stranger] = await Promise.all(
    ['case.creator', 'case.member', 'case.stranger'].map((u) => bearerFor(db, u, ['investigator'])),
  );
  const supervisor = tokens.get('rfr-supervisor')!;
  const opened = await app.inject({
    method: 'POST',
    url: '/v1/cases',
    headers: creator!,
    payload: { reference: 'REC-1', offenceType: 'robbery', title: 'record level' },
  });
  assert.equal(opened.statusCode, 201, opened.body);
  const caseId = (opened.json() as { id: string }).id;
  const added = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/members`,
    headers: creator!,
    payload: { username: 'case.member' },
  });
  assert.equal(added.statusCode, 200, added.body);

  const workspace = (who: { authorization: string }) =>
    app.inject({ method: 'GET', url: `/v1/cases/${caseId}`, headers: who });
  const searchFor = (who: { authorization: string }) =>
    app.inject({
      method: 'POST',
      url: `/v1/cases/${caseId}/searches`,
      headers: who,
      payload: {
        probeId: randomUUID(),
        justification: 'Robbery at Oxford Circus on 2026-11-01; suspect seen on CCTV.',
        legalBasis: 'common law policing purpose',
      },
    });
  const probeFor = async (who: { authorization: string }) => {
    const form = await multipart({ file: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]), provenance: 'cctv' });
    return app.inject({
      method: 'POST',
      url: `/v1/cases/${caseId}/probes`,
      payload: form.payload,
      headers: { ...form.headers, ...who },
    });
  };
  const code = (r: { json(): unknown }) => (r.json() as { error?: { code?: string } }).error?.code;

  for (const [name, r] of [
    ['workspace', await workspace(stranger!)],
    ['search', await searchFor(stranger!)],
    ['probe', await probeFor(stranger!)],
  ] as const) {
    assert.equal(r.statusCode, 403, `an investigator not on the case: ${name} ${r.body}`);
    assert.equal(code(r), 'not-your-case', name);
  }
  for (const [who, token] of [
    ['creator', creator!],
    ['member', member!],
  ] as const) {
    assert.equal((await workspace(token)).statusCode, 200, `${who} reads the workspace`);
    const searched = await searchFor(token);
    assert.equal(code(searched), 'no-such-probe', `${who} gets past the checks to the probe: ${searched.body}`);
    assert.equal((await probeFor(token)).statusCode, 201, `${who} adds a probe`);
  }
  // An overseer reads every case but does not search.
  assert.equal((await workspace(supervisor)).statusCode, 200);
  const supervised = await searchFor(supervisor);
  assert.equal(supervised.statusCode, 403);
  assert.equal(code(supervised), 'forbidden');

  // Members are existing users.
  const unknown = await app.inject({
    method: 'POST',
    url: `/v1/cases/${caseId}/members`,
    headers: creator!,
    payload: { username: 'no.such.user' },
  });
  assert.equal(unknown.statusCode, 404, unknown.body);
  assert.equal(code(unknown), 'no-such-user');
});

// Separation of duties that binds the most powerful role (R30; issue 12), over HTTP with an
// administrator's API token: one row a rule, each refused with its own code.
test('separation of duties binds administrators: own roles, grants, tokens (R30)', async () => {
  const admin = tokens.get('administrator')!;
  const asAdmin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
  const me = (await asAdmin('GET', '/v1/me')).json() as { user: { id: string } };
  const created = await asAdmin('POST', '/v1/users', {
    username: 'sod-target',
    displayName: 'SoD target',
    roles: ['investigator'],
  });
  assert.equal(created.statusCode, 201, created.body);
  const target = created.json() as { id: string; roles: string[]; pendingGrants: { id: string }[] };
  assert.deepEqual(target.roles, [], 'a role that reaches biometric data waits for a second administrator');
  const grant = target.pendingGrants[0]?.id;
  assert.ok(grant);
  const rules: { rule: string; call: () => ReturnType<typeof asAdmin>; status: number; code: string }[] = [
    {
      rule: 'nobody changes their own roles',
      call: () => asAdmin('PATCH', `/v1/users/${me.user.id}`, { roles: ['administrator', 'investigator'] }),
      status: 422,
      code: 'self-role-change',
    },
    {
      rule: 'nobody approves a grant they asked for',
      call: () => asAdmin('POST', `/v1/users/grants/${grant}/approve`),
      status: 403,
      code: 'own-grant-request',
    },
    {
      rule: 'no API token for another person',
      call: () => asAdmin('POST', `/v1/users/${target.id}/tokens`, { name: 'act as them' }),
      status: 403,
      code: 'token-for-another-person',
    },
    {
      rule: 'a token cannot mint a token',
      call: () => asAdmin('POST', '/v1/me/tokens', { name: 'another' }),
      status: 403,
      code: 'session-required',
    },
  ];
  for (const r of rules) {
    const res = await r.call();
    assert.equal(res.statusCode, r.status, `${r.rule}: ${res.body}`);
    assert.equal((res.json() as { error: { code: string } }).error.code, r.code, r.rule);
  }
});
