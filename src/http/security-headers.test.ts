// Hardening on every test database: security headers on every response (HSTS with Secure
// cookies), and rate limits (fixed windows, @fastify/rate-limit) on login and on routes named by rule.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { testDatabases } from '../../test/support/db.ts';
import { login, minutes, openAuthTestApp, seedUser, type AuthTestApp } from '../../test/support/http-auth.ts';

const PW = 'correct horse battery staple';

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
  describe(`hardening on ${target.name}`, () => {
    it('sends security headers on every response, and HSTS with Secure cookies', () =>
      withApp(
        target,
        async (t) => {
          await seedUser(t, 'ivy', ['investigator'], PW);
          for (const url of ['/v1/auth/options', '/v1/users', '/nowhere']) {
            const h = (await t.app.inject({ url })).headers;
            assert.match(String(h['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/);
            assert.equal(h['x-content-type-options'], 'nosniff');
            assert.equal(h['x-frame-options'], 'DENY');
            assert.equal(h['referrer-policy'], 'no-referrer');
            assert.equal(h['cache-control'], 'no-store');
            assert.equal(h['strict-transport-security'], 'max-age=31536000; includeSubDomains');
          }
          const r = await t.app.inject({
            method: 'POST',
            url: '/v1/auth/login',
            payload: { username: 'ivy', password: PW },
          });
          assert.match(String(r.headers['set-cookie']), /; HttpOnly; Secure; SameSite=Strict$/);
        },
        { config: { secureCookies: true } },
      ));

    it('rate-limits login per address and username, and any route by rule, with 429 and Retry-After', (ctx) => {
      // The limits' windows run on Date.now(); the test moves it.
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      ctx.after(() => mock.timers.reset());
      return withApp(
        target,
        async (t) => {
          const attempt = (username: string) =>
            t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password: 'wrong password!' } });
          assert.equal((await attempt('ivy')).statusCode, 401);
          assert.equal((await attempt('ivy')).statusCode, 401);
          const limited = await attempt('IVY');
          assert.equal(limited.statusCode, 429);
          assert.equal(limited.json().error.code, 'rate-limited');
          // 2 per 2 minutes: the burst and the rate of the bucket of 2 refilled at 1 a minute.
          assert.equal(limited.headers['retry-after'], '120');
          assert.equal((await attempt('someone-else')).statusCode, 401, 'another username has its own bucket');
          mock.timers.tick(minutes(1));
          assert.equal((await attempt('ivy')).statusCode, 429, 'still inside the window');
          mock.timers.tick(minutes(1));
          assert.equal((await attempt('ivy')).statusCode, 401, 'a new window');

          await seedUser(t, 'ivy', ['investigator'], PW);
          const s = await login(t, 'ivy', PW);
          const search = () => t.app.inject({ url: '/test/search', headers: { cookie: s.cookie } });
          assert.equal((await search()).statusCode, 200);
          const r = await search();
          assert.equal(r.statusCode, 429);
          assert.equal(r.headers['retry-after'], '30');
        },
        {
          config: {
            loginRateLimit: {
              perUser: { capacity: 2, refillPerMinute: 1 },
              perAddress: { capacity: 100, refillPerMinute: 100 },
            },
          },
          rateLimits: [{ routes: ['GET /test/search'], capacity: 1, refillPerMinute: 2 }],
        },
      );
    });
  });
}
