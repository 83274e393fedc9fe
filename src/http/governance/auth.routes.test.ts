// Identity over HTTP on every test database: first-start setup, password login and lockout,
// session cookies and their timeouts, CSRF, permission enforcement and audited denials.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAuditPage } from '../../governance/audit/audit-log.ts';
import { ensureSetupToken } from '../../governance/identity/setup.ts';
import { seedToken } from '../../../test/support/identity.ts';
import { testDatabases } from '../../../test/support/db.ts';
import {
  actions,
  browser,
  login,
  minutes,
  openAuthTestApp,
  seedUser,
  sessionCookieOf,
  testScrypt,
  type AuthTestApp,
} from '../../../test/support/http-auth.ts';

const PW = 'correct horse battery staple';
const generousLimits = {
  config: {
    loginRateLimit: {
      perUser: { capacity: 100, refillPerMinute: 100 },
      perAddress: { capacity: 100, refillPerMinute: 100 },
    },
  },
};

async function withApp(
  target: Parameters<typeof openAuthTestApp>[0],
  fn: (t: AuthTestApp) => Promise<void>,
  o: Parameters<typeof openAuthTestApp>[1] = {},
): Promise<void> {
  const t = await openAuthTestApp(target, o);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

for (const target of testDatabases()) {
  describe(`identity routes on ${target.name}`, () => {
    it('first start: a one-time setup token creates the first administrator, once', () =>
      withApp(target, async (t) => {
        const { app, database, clock } = t;
        assert.equal((await app.inject({ url: '/v1/auth/options' })).json().setupRequired, true);
        const issued = await t.identity.setup.ensureToken();
        assert.ok(issued && /^[A-Za-z0-9_-]{43}$/.test(issued.token));
        const body = { token: issued.token, username: 'Admin', password: PW, displayName: 'First Admin' };

        const wrong = await app.inject({
          method: 'POST',
          url: '/v1/setup',
          payload: { ...body, token: 'x'.repeat(43) },
        });
        assert.equal(wrong.statusCode, 403);
        assert.equal(wrong.json().error.code, 'invalid-setup-token');
        const weak = await app.inject({
          method: 'POST',
          url: '/v1/setup',
          payload: { ...body, password: 'password1234' },
        });
        assert.equal(weak.statusCode, 400);
        assert.equal(weak.json().error.code, 'weak-password');

        const created = await app.inject({ method: 'POST', url: '/v1/setup', payload: body });
        assert.equal(created.statusCode, 201, created.body);
        assert.equal(created.json().username, 'admin');
        assert.deepEqual(created.json().roles, ['administrator']);
        assert.ok(!created.body.includes('scrypt'));

        const again = await app.inject({ method: 'POST', url: '/v1/setup', payload: { ...body, username: 'other' } });
        assert.equal(again.statusCode, 409, 'an administrator exists: setup is over');
        assert.equal(await ensureSetupToken(database.db, { clock, scrypt: testScrypt }), null);
        assert.equal((await app.inject({ url: '/v1/auth/options' })).json().setupRequired, false);
        assert.equal((await login(t, 'admin', PW)).csrf.length, 43);
        assert.deepEqual(actions(t).slice(0, 3), ['setup.token-issued', 'setup.failed', 'setup.completed']);
      }));

    it('a setup token expires, and a new start withdraws the old one', () =>
      withApp(target, async (t) => {
        const deps = { clock: t.clock, scrypt: testScrypt };
        const first = await ensureSetupToken(t.database.db, deps);
        const second = await ensureSetupToken(t.database.db, deps);
        const body = { username: 'admin', password: PW, displayName: 'A' };
        const old = await t.app.inject({ method: 'POST', url: '/v1/setup', payload: { ...body, token: first!.token } });
        assert.equal(old.statusCode, 403);
        t.clock.advance(minutes(61));
        const late = await t.app.inject({
          method: 'POST',
          url: '/v1/setup',
          payload: { ...body, token: second!.token },
        });
        assert.equal(late.statusCode, 403);
      }));

    it('password login sets a hardened session cookie and /v1/me lists what the user may do', () =>
      withApp(target, async (t) => {
        await seedUser(t, 'ivy', ['investigator'], PW);
        const r = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { username: 'IVY', password: PW },
        });
        assert.equal(r.statusCode, 200);
        const setCookie = String(r.headers['set-cookie']);
        assert.match(setCookie, /^vigil_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
        const csrf = r.json().csrfToken as string;
        const me = await t.app.inject({ url: '/v1/me', headers: { cookie: sessionCookieOf(r)! } });
        assert.equal(me.statusCode, 200);
        const body = me.json();
        assert.equal(body.user.username, 'ivy');
        assert.deepEqual(body.roles, ['investigator']);
        assert.ok(body.permissions.includes('search:run'));
        assert.ok(!body.permissions.includes('users:admin'));
        assert.equal(body.via, 'session');
        assert.equal(body.csrfToken, csrf);
        const audited = t.audits.find((a) => a.action === 'auth.login');
        assert.equal(audited?.actor, 'ivy');
        assert.equal(audited?.inTransaction, true);
      }));

    it('refuses unknown users, wrong passwords and disabled accounts alike, and audits each', () =>
      withApp(target, async (t) => {
        await seedUser(t, 'ivy', ['investigator'], PW);
        await seedUser(t, 'machine', ['investigator']);
        const gone = await seedUser(t, 'gone', ['investigator'], PW);
        await t.identity.users.update(gone, { disabled: true }, { userId: 'seed', username: 'seed' });
        const attempt = (username: string, password: string) =>
          t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
        const unknown = await attempt('nobody', PW);
        const wrong = await attempt('ivy', 'not the password at all');
        const noPassword = await attempt('machine', PW);
        const disabled = await attempt('gone', PW);
        for (const r of [unknown, wrong, noPassword, disabled]) {
          assert.equal(r.statusCode, 401);
          assert.deepEqual(r.json(), unknown.json());
          assert.equal(r.headers['set-cookie'], undefined);
        }
        const failures = t.audits.filter((a) => a.action === 'auth.login-failed');
        assert.deepEqual(
          failures.map((a) => [a.actor, a.details?.['reason']]),
          [
            [null, 'unknown-user'],
            ['ivy', 'wrong-password'],
            ['machine', 'no-password'],
            ['gone', 'disabled'],
          ],
        );
        assert.ok(!JSON.stringify(failures).includes('nobody'), 'unknown usernames are not recorded');
      }));

    it('locks an account for 15 minutes after 5 consecutive failures', () =>
      withApp(
        target,
        async (t) => {
          await seedUser(t, 'ivy', ['investigator'], PW);
          const attempt = (password: string) =>
            t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'ivy', password } });
          for (let i = 0; i < 4; i++) assert.equal((await attempt('wrong password ' + i)).statusCode, 401);
          assert.equal((await attempt(PW)).statusCode, 200, 'four failures do not lock, and success resets');
          for (let i = 0; i < 5; i++) assert.equal((await attempt('wrong password ' + i)).statusCode, 401);
          assert.equal(actions(t).filter((a) => a === 'auth.locked').length, 1);
          assert.equal((await attempt(PW)).statusCode, 401, 'locked: even the right password is refused');
          assert.equal(t.audits.at(-1)?.details?.['reason'], 'locked');
          t.clock.advance(minutes(14));
          assert.equal((await attempt(PW)).statusCode, 401);
          t.clock.advance(minutes(1));
          assert.equal((await attempt(PW)).statusCode, 200, 'the lock ends after 15 minutes');
          for (let i = 0; i < 4; i++) await attempt('wrong again ' + i);
          assert.equal((await attempt(PW)).statusCode, 200, 'and the count started again');
          const lock = t.audits.find((a) => a.action === 'auth.locked');
          assert.equal(lock?.inTransaction, true);
          assert.equal(lock?.details?.['until'], '2030-01-01T09:15:00.000Z');
        },
        generousLimits,
      ));

    it('ends a session after 30 idle minutes, or 12 hours in all, and at logout', () =>
      withApp(target, async (t) => {
        await seedUser(t, 'ivy', ['investigator'], PW);
        const me = (cookie: string) => t.app.inject({ url: '/v1/me', headers: { cookie } });
        const a = await login(t, 'ivy', PW);
        t.clock.advance(minutes(29));
        assert.equal((await me(a.cookie)).statusCode, 200);
        t.clock.advance(minutes(29));
        assert.equal((await me(a.cookie)).statusCode, 200, 'use keeps it alive');
        t.clock.advance(minutes(30));
        assert.equal((await me(a.cookie)).statusCode, 401, 'idle for 30 minutes');

        const b = await login(t, 'ivy', PW);
        for (let i = 0; i < 28; i++) {
          t.clock.advance(minutes(25));
          assert.equal((await me(b.cookie)).statusCode, 200, `after ${(i + 1) * 25} minutes`);
        }
        t.clock.advance(minutes(20));
        assert.equal((await me(b.cookie)).statusCode, 401, 'twelve hours in all');

        const c = await login(t, 'ivy', PW);
        const out = await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: browser(c) });
        assert.equal(out.statusCode, 204);
        assert.match(String(out.headers['set-cookie']), /^vigil_session=; .*Max-Age=0/);
        assert.equal((await me(c.cookie)).statusCode, 401);
        assert.ok(actions(t).includes('auth.logout'));
      }));

    it('refuses a state-changing cookie request without the CSRF header; bearer tokens need none', () =>
      withApp(target, async (t) => {
        const id = await seedUser(t, 'ivy', ['investigator'], PW);
        const s = await login(t, 'ivy', PW);
        const post = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/test/cases', headers });
        const missing = await post({ cookie: s.cookie });
        assert.equal(missing.statusCode, 403);
        assert.equal(missing.json().error.code, 'csrf');
        assert.equal((await post({ cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) })).statusCode, 403);
        const ok = await post(browser(s));
        assert.equal(ok.statusCode, 200);
        assert.deepEqual(ok.json(), { actor: 'ivy' });
        assert.equal((await t.app.inject({ url: '/test/search', headers: { cookie: s.cookie } })).statusCode, 200);
        const token = await seedToken(t.database.db, id, 'ci');
        assert.equal((await post({ authorization: `Bearer ${token}` })).statusCode, 200);
        assert.ok(t.audits.some((a) => a.action === 'auth.denied' && a.details?.['reason'] === 'csrf'));
      }));

    it('enforces route permissions: 401 for no one, 403 without the permission, both audited', () =>
      withApp(target, async (t) => {
        await seedUser(t, 'ivy', ['investigator'], PW);
        await seedUser(t, 'root', ['administrator'], PW);
        const nobody = await t.app.inject({ url: '/v1/users' });
        assert.equal(nobody.statusCode, 401);
        assert.equal(nobody.json().error.code, 'unauthenticated');
        const ivy = await login(t, 'ivy', PW);
        const denied = await t.app.inject({ url: '/v1/users', headers: { cookie: ivy.cookie } });
        assert.equal(denied.statusCode, 403);
        assert.equal(denied.json().error.code, 'forbidden');
        const root = await login(t, 'root', PW);
        assert.equal((await t.app.inject({ url: '/v1/users', headers: { cookie: root.cookie } })).statusCode, 200);
        assert.equal((await t.app.inject({ url: '/test/search', headers: { cookie: root.cookie } })).statusCode, 403);
        assert.equal((await t.app.inject({ url: '/test/public' })).statusCode, 200);

        const denials = t.audits.filter((a) => a.action === 'auth.denied');
        assert.deepEqual(
          denials.map((a) => [
            a.actor,
            a.outcome,
            a.details?.['method'],
            a.details?.['route'],
            a.details?.['permission'],
          ]),
          [
            [null, 'denied', 'GET', '/v1/users', 'users:admin'],
            ['ivy', 'denied', 'GET', '/v1/users', 'users:admin'],
            ['root', 'denied', 'GET', '/test/search', 'search:run'],
          ],
        );
        assert.ok(denials.every((a) => a.inTransaction));
        const logged = await readAuditPage(t.database.db, 0, 1000);
        assert.deepEqual(
          logged.map((r) => r.action),
          actions(t),
          'every entry reached the hash-chained log',
        );
      }));

    it('can leave denials out of the audit log', () =>
      withApp(
        target,
        async (t) => {
          assert.equal((await t.app.inject({ url: '/v1/users' })).statusCode, 401);
          assert.ok(!actions(t).includes('auth.denied'));
        },
        { auditDenials: false },
      ));
  });
}
