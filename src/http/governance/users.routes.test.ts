// User administration and API tokens over HTTP on every test database: every change audited in
// its transaction, no hash ever in a response, and no way for an administrator to lock themself out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabases } from '../../../test/support/db.ts';
import { bearerFor } from '../../../test/support/identity.ts';
import {
  actions,
  browser,
  login,
  minutes,
  openAuthTestApp,
  seedUser,
  type AuthTestApp,
  type Signed,
} from '../../../test/support/http-auth.ts';

const PW = 'correct horse battery staple';
const PW2 = 'a different long passphrase';

for (const target of testDatabases()) {
  describe(`user administration on ${target.name}`, () => {
    let t: AuthTestApp;
    let admin: Signed;
    let adminId: string;

    const as = (s: Signed, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: method === 'GET' ? { cookie: s.cookie } : browser(s),
        ...(payload ? { payload } : {}),
      });

    async function setUp(): Promise<void> {
      t = await openAuthTestApp(target);
      adminId = await seedUser(t, 'root', ['administrator'], PW);
      admin = await login(t, 'root', PW);
    }

    /** A second administrator approves every pending grant. */
    async function approveAll(): Promise<void> {
      if (!(await t.identity.users.list()).some((u) => u.username === 'second')) {
        await seedUser(t, 'second', ['administrator'], PW);
      }
      const second = await login(t, 'second', PW);
      for (const g of (await as(second, 'GET', '/v1/users/grants')).json().grants as { id: string }[]) {
        const r = await as(second, 'POST', `/v1/users/grants/${g.id}/approve`);
        assert.equal(r.statusCode, 200, r.body);
      }
    }

    it('creates, lists and changes users; responses never carry hashes; every change is audited', async () => {
      await setUp();
      try {
        const created = await as(admin, 'POST', '/v1/users', {
          username: 'Ivy.Investigator',
          displayName: 'Ivy',
          roles: ['investigator'],
          password: PW,
        });
        assert.equal(created.statusCode, 201, created.body);
        const ivy = created.json();
        assert.equal(ivy.username, 'ivy.investigator');
        assert.equal(ivy.hasPassword, true);
        assert.equal(ivy.createdBy, 'root');
        assert.deepEqual(ivy.roles, [], 'a biometric role waits for a second administrator');
        assert.deepEqual(ivy.pendingGrants[0].roles, ['investigator']);
        assert.equal(ivy.mustChangePassword, true);
        await approveAll();
        const dup = await as(admin, 'POST', '/v1/users', { username: 'ivy.investigator', displayName: 'x', roles: [] });
        assert.equal(dup.statusCode, 409);
        const weak = await as(admin, 'POST', '/v1/users', {
          username: 'w',
          displayName: 'w',
          roles: [],
          password: 'short',
        });
        assert.equal(weak.statusCode, 400);
        assert.equal(weak.json().error.code, 'weak-password');
        const badRole = await as(admin, 'POST', '/v1/users', { username: 'x', displayName: 'x', roles: ['superuser'] });
        assert.equal(badRole.statusCode, 400);

        const list = await as(admin, 'GET', '/v1/users');
        assert.deepEqual(
          list.json().users.map((u: { username: string }) => u.username),
          ['ivy.investigator', 'root', 'second'],
        );
        for (const body of [created.body, list.body]) assert.ok(!/scrypt|password_hash|token_hash/.test(body));

        const changed = await as(admin, 'PATCH', `/v1/users/${ivy.id}`, {
          roles: ['investigator', 'rfr-supervisor'],
          displayName: 'Ivy I.',
        });
        assert.equal(changed.statusCode, 200);
        assert.deepEqual(changed.json().roles, ['investigator']);
        assert.deepEqual(changed.json().pendingGrants[0].roles, ['rfr-supervisor']);
        await approveAll();
        const first = await login(t, 'ivy.investigator', PW);
        const chosen = await t.app.inject({
          method: 'POST',
          url: '/v1/auth/password',
          headers: browser(first),
          payload: { currentPassword: PW, newPassword: PW2 },
        });
        assert.equal(chosen.statusCode, 204, chosen.body);
        const ivySession = await login(t, 'ivy.investigator', PW2);
        const me = await t.app.inject({ url: '/v1/me', headers: { cookie: ivySession.cookie } });
        assert.ok(me.json().permissions.includes('search:supervise'));

        assert.equal((await as(admin, 'PATCH', `/v1/users/${ivy.id}`, {})).statusCode, 400);
        const missing = await as(admin, 'PATCH', '/v1/users/00000000-0000-4000-8000-000000000000', { disabled: true });
        assert.equal(missing.statusCode, 404);

        const off = await as(admin, 'PATCH', `/v1/users/${ivy.id}`, { disabled: true });
        assert.equal(off.json().disabled, true);
        assert.equal(
          (await t.app.inject({ url: '/v1/me', headers: { cookie: ivySession.cookie } })).statusCode,
          401,
          'disabling ends their sessions',
        );
        const changes = t.audits.filter((a) => a.action.startsWith('user.'));
        assert.deepEqual(
          changes.map((a) => a.action),
          [
            'user.created',
            'user.created',
            'user.role-grant-requested',
            'user.created',
            'user.role-grant-approved',
            'user.updated',
            'user.role-grant-requested',
            'user.role-grant-approved',
            'user.updated',
          ],
        );
        assert.ok(changes.every((a) => a.inTransaction));
        assert.deepEqual(changes[7]?.details?.['rolesAfter'], ['investigator', 'rfr-supervisor']);
        assert.equal(changes[7]?.actor, 'second');
        assert.equal(changes[7]?.details?.['requestedBy'], 'root');
      } finally {
        await t.close();
      }
    });

    it('keeps the reason for disabling an account in the audit entry (issue 13)', async () => {
      await setUp();
      try {
        const created = await as(admin, 'POST', '/v1/users', { username: 'leaver', displayName: 'L', roles: [] });
        assert.equal(created.statusCode, 201, created.body);
        const id = created.json().id as string;
        const alone = await as(admin, 'PATCH', `/v1/users/${id}`, { reason: 'no change named' });
        assert.equal(alone.statusCode, 400, 'a reason alone is not a change');
        const off = await as(admin, 'PATCH', `/v1/users/${id}`, { disabled: true, reason: 'left the force' });
        assert.equal(off.statusCode, 200, off.body);
        const entry = t.audits.filter((a) => a.action === 'user.updated').at(-1);
        assert.equal(entry?.details?.['reason'], 'left the force');
        assert.equal(entry?.details?.['disabled'], true);
      } finally {
        await t.close();
      }
    });

    it('will not let an administrator remove their own role or disable themself, nor lose the last one', async () => {
      await setUp();
      try {
        for (const change of [{ roles: ['auditor'] }, { disabled: true }]) {
          const r = await as(admin, 'PATCH', `/v1/users/${adminId}`, change);
          assert.equal(r.statusCode, 422);
          assert.equal(r.json().error.code, 'self-lockout');
        }
        const other = await seedUser(t, 'second', ['administrator'], PW);
        const second = await login(t, 'second', PW);
        assert.equal((await as(second, 'PATCH', `/v1/users/${adminId}`, { roles: ['auditor'] })).statusCode, 200);
        const last = await as(second, 'PATCH', `/v1/users/${other}`, { disabled: true });
        assert.equal(last.json().error.code, 'self-lockout');
        await assert.rejects(
          t.identity.users.update(other, { disabled: true }, { userId: 'cli', username: 'cli' }),
          (err: Error & { code?: string }) => err.code === 'last-administrator',
        );
        assert.ok(!actions(t).includes('user.password-reset'));
      } finally {
        await t.close();
      }
    });

    it('resets a password and clears a lockout', async () => {
      await setUp();
      try {
        const id = await seedUser(t, 'ivy', ['investigator'], PW);
        const ivy = await login(t, 'ivy', PW);
        for (let i = 0; i < 5; i++) {
          await t.app.inject({
            method: 'POST',
            url: '/v1/auth/login',
            payload: { username: 'ivy', password: `nope ${i}` },
          });
        }
        const locked = (await as(admin, 'GET', '/v1/users')).json().users.find((u: { id: string }) => u.id === id);
        assert.equal(locked.lockedUntil, '2030-01-01T09:15:00.000Z');
        assert.equal(
          (await as(admin, 'POST', `/v1/users/${id}/password`, { password: 'password123!' })).statusCode,
          400,
        );
        assert.equal((await as(admin, 'POST', `/v1/users/${id}/password`, { password: PW2 })).statusCode, 204);
        assert.equal((await t.app.inject({ url: '/v1/me', headers: { cookie: ivy.cookie } })).statusCode, 401);
        const temporary = await login(t, 'ivy', PW2);
        const gated = await t.app.inject({ url: '/test/search', headers: { cookie: temporary.cookie } });
        assert.equal(gated.json().error.code, 'password-change-required');
        const reset = t.audits.find((a) => a.action === 'user.password-reset');
        assert.equal(reset?.inTransaction, true);
        assert.equal(reset?.details?.['sessionsEnded'], 1);
        assert.ok(!JSON.stringify(t.audits).includes(PW2), 'no password in the audit log');
      } finally {
        await t.close();
      }
    });

    it('issues API tokens that work as bearer credentials until revoked or expired', async () => {
      await setUp();
      try {
        const id = await seedUser(t, 'ingest-bot', ['investigator'], undefined, 'machine');
        const made = await as(admin, 'POST', `/v1/users/${id}/tokens`, { name: 'ingest server' });
        assert.equal(made.statusCode, 201, made.body);
        const { token, secret } = made.json();
        assert.match(secret, /^vgl_[A-Za-z0-9_-]{43}$/);
        const bearer = (s: string) => ({ authorization: `Bearer ${s}` });

        const me = await t.app.inject({ url: '/v1/me', headers: bearer(secret) });
        assert.equal(me.statusCode, 200);
        assert.equal(me.json().via, 'token');
        assert.equal(me.json().csrfToken, null);
        assert.equal((await t.app.inject({ url: '/test/search', headers: bearer(secret) })).statusCode, 200);
        assert.equal((await t.app.inject({ url: '/v1/users', headers: bearer(secret) })).statusCode, 403);
        assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer('vgl_' + 'A'.repeat(43)) })).statusCode, 401);
        assert.equal((await t.app.inject({ url: '/v1/me', headers: { authorization: 'Basic abc' } })).statusCode, 401);

        const listed = await as(admin, 'GET', `/v1/users/${id}/tokens`);
        const row = listed.json().tokens[0];
        assert.equal(row.lastUsedAt, '2030-01-01T09:00:00.000Z');
        assert.equal(row.active, true);
        assert.ok(!listed.body.includes(secret.slice(4)) && !/hash/.test(listed.body));

        const revoked = await as(admin, 'DELETE', `/v1/users/${id}/tokens/${token.id}`);
        assert.equal(revoked.statusCode, 204);
        assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(secret) })).statusCode, 401);
        assert.equal((await as(admin, 'DELETE', `/v1/users/${id}/tokens/${token.id}`)).statusCode, 404);

        const expiring = await as(admin, 'POST', `/v1/users/${id}/tokens`, {
          name: 'short-lived',
          expiresAt: '2030-01-01T10:00:00Z',
        });
        const short = expiring.json().secret as string;
        assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(short) })).statusCode, 200);
        t.clock.advance(minutes(60));
        assert.equal((await t.app.inject({ url: '/v1/me', headers: bearer(short) })).statusCode, 401);
        admin = await login(t, 'root', PW);
        const past = await as(admin, 'POST', `/v1/users/${id}/tokens`, {
          name: 'x',
          expiresAt: '2029-01-01T00:00:00Z',
        });
        assert.equal(past.statusCode, 400);

        assert.deepEqual(
          actions(t).filter((a) => a.startsWith('token.')),
          ['token.created', 'token.revoked', 'token.created'],
        );
        assert.ok(!JSON.stringify(t.audits).includes(secret.slice(4)), 'no token secret in the audit log');
      } finally {
        await t.close();
      }
    });
  });
}

describe('bearerFor (test support for other suites)', () => {
  it('gives a working bearer header for a user with the given roles', async () => {
    const t = await openAuthTestApp(testDatabases()[0]!);
    try {
      const headers = await bearerFor(t.database.db, 'Ivy', ['investigator']);
      const me = await t.app.inject({ url: '/v1/me', headers });
      assert.equal(me.json().user.username, 'ivy');
      assert.deepEqual(me.json().roles, ['investigator']);
      assert.equal((await t.app.inject({ method: 'POST', url: '/test/cases', headers })).statusCode, 200);
      const again = await bearerFor(t.database.db, 'ivy', ['investigator']);
      assert.notEqual(again.authorization, headers.authorization);
    } finally {
      await t.close();
    }
  });
});
