// OpenID Connect sign-in against a stub issuer on 127.0.0.1, driven end to end through
// app.inject: discovery, PKCE, state and nonce, the code exchange, ID token verification, and the
// mapping to local users (linked, pre-provisioned, or refused), on every test database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabases } from '../../../test/support/db.ts';
import { StubIssuer } from '../../governance/identity/oidc-stub-issuer.ts';
import {
  openAuthTestApp,
  seedUser,
  sessionCookieOf,
  type AuthTestApp,
  type ManualClock,
} from '../../../test/support/http-auth.ts';

const redirectUri = 'https://vigil.test/v1/auth/oidc/callback';
let clock: ManualClock | undefined;
const stub = new StubIssuer({ clientId: 'vigil', clientSecret: 's3cret', now: () => clock?.now() ?? new Date() });
before(() => stub.start());
after(() => stub.close());

async function openWith(target: Parameters<typeof openAuthTestApp>[0], oidc: Record<string, unknown> = {}) {
  const t = await openAuthTestApp(target, {
    config: { oidc: { issuer: stub.issuer, clientId: 'vigil', clientSecret: 's3cret', redirectUri, ...oidc } },
  });
  clock = t.clock;
  stub.claims = (c) => c;
  stub.token = (jwt) => jwt;
  return t;
}

interface Flow {
  readonly start: LightMyRequestResponse;
  readonly callbackUrl: string;
  readonly binding: string;
  readonly callback: LightMyRequestResponse;
}

async function signIn(t: AuthTestApp): Promise<Flow> {
  const start = await t.app.inject({ url: '/v1/auth/oidc/start' });
  assert.equal(start.statusCode, 302, start.body);
  const binding = String(start.headers['set-cookie']).split(';')[0]!;
  const atIssuer = await fetch(String(start.headers.location), { redirect: 'manual' });
  assert.equal(atIssuer.status, 302);
  const back = new URL(atIssuer.headers.get('location')!);
  const callbackUrl = `/v1/auth/oidc/callback${back.search}`;
  const callback = await t.app.inject({ url: callbackUrl, headers: { cookie: binding } });
  return { start, callbackUrl, binding, callback };
}

const refusedBecause = (r: LightMyRequestResponse, reason: string) => {
  assert.equal(r.statusCode, 401, r.body);
  assert.equal(r.json().error.code, 'oidc-failed');
  assert.match(r.json().error.message, new RegExp(`\\(${reason}\\)`));
  assert.equal(sessionCookieOf(r), undefined);
  assert.match(
    String(r.headers['set-cookie']),
    /^vigil_oidc=; Max-Age=0; Path=\/v1\/auth\/oidc; HttpOnly; SameSite=Lax$/,
    'binding cleared',
  );
};

for (const target of testDatabases()) {
  describe(`OpenID Connect sign-in on ${target.name}`, () => {
    it('signs in a pre-provisioned user, links them, and recognises them by subject afterwards', async () => {
      const t = await openWith(target);
      try {
        await seedUser(t, 'alice', ['investigator']);
        stub.nextUser = { sub: 'subject-1', preferred_username: 'Alice' };
        const { start, callback } = await signIn(t);

        const url = new URL(String(start.headers.location));
        assert.equal(`${url.origin}${url.pathname}`, `${stub.issuer}/authorize`);
        const q = url.searchParams;
        assert.equal(q.get('response_type'), 'code');
        assert.equal(q.get('client_id'), 'vigil');
        assert.equal(q.get('redirect_uri'), redirectUri);
        assert.equal(q.get('code_challenge_method'), 'S256');
        assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
        assert.match(q.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);
        assert.match(q.get('nonce') ?? '', /^[A-Za-z0-9_-]{43}$/);
        assert.ok(q.get('scope')?.split(' ').includes('openid'));
        assert.match(
          String(start.headers['set-cookie']),
          /^vigil_oidc=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/v1\/auth\/oidc; HttpOnly; SameSite=Lax$/,
        );

        assert.equal(callback.statusCode, 302, callback.body);
        assert.equal(callback.headers.location, '/');
        const cookie = sessionCookieOf(callback)!;
        const me = await t.app.inject({ url: '/v1/me', headers: { cookie } });
        assert.equal(me.json().user.username, 'alice');
        assert.deepEqual(me.json().roles, ['investigator']);
        assert.deepEqual(
          t.audits.filter((a) => a.action !== 'user.created').map((a) => [a.action, a.details?.['method'] ?? null]),
          [
            ['user.oidc-linked', null],
            ['auth.login', 'oidc'],
          ],
        );

        stub.nextUser = { sub: 'subject-1', preferred_username: 'alice.renamed.at.idp' };
        const again = await signIn(t);
        assert.equal(again.callback.statusCode, 302, 'linked by (issuer, subject), not by name');
        const users = await t.identity.users.list();
        assert.equal(users.find((u) => u.username === 'alice')?.oidc_subject, 'subject-1');
      } finally {
        await t.close();
      }
    });

    it('refuses and audits users nobody provisioned', async () => {
      const t = await openWith(target);
      try {
        stub.nextUser = { sub: 'subject-9', preferred_username: 'mallory' };
        refusedBecause((await signIn(t)).callback, 'unknown-user');
        assert.equal((await t.identity.users.list()).length, 0, 'no silent provisioning');
        const failed = t.audits.find((a) => a.action === 'auth.login-failed');
        assert.equal(failed?.details?.['reason'], 'unknown-user');
        assert.equal(failed?.details?.['method'], 'oidc');
      } finally {
        await t.close();
      }
    });

    it('refuses a tampered ID token, a wrong nonce, a replayed state and another browser', async () => {
      const t = await openWith(target);
      try {
        await seedUser(t, 'alice', ['investigator']);
        stub.nextUser = { sub: 'subject-1', preferred_username: 'alice' };
        stub.token = (jwt) => {
          const [h, p, s] = jwt.split('.') as [string, string, string];
          const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
          const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
          return `${h}.${forged}.${s}`;
        };
        refusedBecause((await signIn(t)).callback, 'bad-signature');
        stub.token = (jwt) => jwt;
        stub.claims = (c) => ({ ...c, nonce: 'not-the-nonce-we-sent' });
        refusedBecause((await signIn(t)).callback, 'wrong-nonce');
        stub.claims = (c) => c;

        const good = await signIn(t);
        assert.equal(good.callback.statusCode, 302);
        const replay = await t.app.inject({ url: good.callbackUrl, headers: { cookie: good.binding } });
        refusedBecause(replay, 'unknown-state');

        const start = await t.app.inject({ url: '/v1/auth/oidc/start' });
        const atIssuer = await fetch(String(start.headers.location), { redirect: 'manual' });
        const back = new URL(atIssuer.headers.get('location')!);
        refusedBecause(await t.app.inject({ url: `/v1/auth/oidc/callback${back.search}` }), 'wrong-browser');
        refusedBecause(await t.app.inject({ url: '/v1/auth/oidc/callback?error=access_denied' }), 'issuer-refused');
        assert.deepEqual(
          t.audits.filter((a) => a.action === 'auth.login-failed').map((a) => a.details?.['reason']),
          ['bad-signature', 'wrong-nonce', 'unknown-state', 'wrong-browser', 'issuer-refused'],
        );
      } finally {
        await t.close();
      }
    });

    it('takes roles from a claim through an explicit mapping, and refuses a name linked to someone else', async () => {
      const t = await openWith(target, {
        rolesClaim: 'groups',
        roleMapping: { 'rfr-investigators': 'investigator', auditors: 'auditor' },
      });
      try {
        await seedUser(t, 'carol', ['administrator']);
        stub.nextUser = { sub: 'subject-3', preferred_username: 'carol', groups: ['rfr-investigators', 'canteen'] };
        const { callback } = await signIn(t);
        const me = await t.app.inject({ url: '/v1/me', headers: { cookie: sessionCookieOf(callback)! } });
        assert.deepEqual(
          me.json().roles,
          ['investigator'],
          'unmapped groups grant nothing; the claim replaces local roles',
        );
        const synced = t.audits.find((a) => a.action === 'user.roles-synced');
        assert.deepEqual(synced?.details?.['rolesAfter'], ['investigator']);

        stub.nextUser = { sub: 'subject-4', preferred_username: 'carol', groups: ['auditors'] };
        refusedBecause((await signIn(t)).callback, 'linked-elsewhere');
      } finally {
        await t.close();
      }
    });

    it('answers 404 when OpenID Connect is not configured', async () => {
      const t = await openAuthTestApp(target);
      try {
        assert.equal((await t.app.inject({ url: '/v1/auth/oidc/start' })).statusCode, 404);
        assert.equal((await t.app.inject({ url: '/v1/auth/options' })).json().oidc, false);
      } finally {
        await t.close();
      }
    });
  });
}
