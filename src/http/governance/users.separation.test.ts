// Separation of duties for administrators (R30; issue 12) on every test database: nobody changes
// their own roles, a role that reaches biometric data needs a second administrator, API tokens go
// only to one's own account or a machine, a password an administrator set only lets one choose a
// new one, and predictable passwords are refused. Each test fails on the code before issue 12.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDatabases } from '../../../test/support/db.ts';
import { identityRepository } from '../../governance/identity/identity.repository.ts';
import { biometricRoles } from '../../governance/identity/separation.ts';
import { roles } from '../../governance/roles.ts';
import {
  actions,
  browser,
  login,
  openAuthTestApp,
  seedUser,
  type AuthTestApp,
  type Signed,
} from '../../../test/support/http-auth.ts';

const PW = 'correct horse battery staple';
const PW2 = 'a different long passphrase';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

for (const target of testDatabases()) {
  describe(`administrator separation of duties on ${target.name}`, () => {
    const as = (t: AuthTestApp, s: Signed, method: Method, url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: method === 'GET' ? { cookie: s.cookie } : browser(s),
        ...(payload ? { payload } : {}),
      });

    /** Two administrators, root and second, both signed in. */
    async function twoAdmins(fn: (t: AuthTestApp, root: Signed, second: Signed, ids: string[]) => Promise<void>) {
      const t = await openAuthTestApp(target);
      try {
        const ids = [
          await seedUser(t, 'root', ['administrator'], PW),
          await seedUser(t, 'second', ['administrator'], PW),
        ];
        await fn(t, await login(t, 'root', PW), await login(t, 'second', PW), ids);
      } finally {
        await t.close();
      }
    }

    it('refuses an administrator any change of their own roles (R30)', () =>
      twoAdmins(async (t, root, _second, [rootId]) => {
        for (const roles of [
          ['administrator', 'watchlist-manager'],
          ['administrator', 'auditor'],
        ]) {
          const r = await as(t, root, 'PATCH', `/v1/users/${rootId}`, { roles });
          assert.equal(r.statusCode, 422, r.body);
          assert.equal(r.json().error.code, 'self-role-change');
        }
        const same = await as(t, root, 'PATCH', `/v1/users/${rootId}`, { roles: ['administrator'], displayName: 'R' });
        assert.equal(same.statusCode, 200, 'naming the roles one has is no change');
        const me = await as(t, root, 'GET', '/v1/me');
        assert.deepEqual(me.json().roles, ['administrator']);
        assert.equal((await as(t, root, 'GET', '/test/search')).statusCode, 403);
      }));

    it('holds a role that reaches biometric data until a second administrator approves (R30)', () =>
      twoAdmins(async (t, root, second, [, secondId]) => {
        assert.deepEqual(
          roles.filter((r) => !biometricRoles.includes(r)),
          ['auditor'],
        );
        const created = await as(t, root, 'POST', '/v1/users', {
          username: 'ivy',
          displayName: 'Ivy',
          roles: [...roles],
        });
        assert.equal(created.statusCode, 201, created.body);
        const ivy = created.json();
        assert.deepEqual(ivy.roles, ['auditor'], 'only the role that reaches no biometric data is granted at once');
        const grantId = ivy.pendingGrants[0].id as string;
        assert.deepEqual(ivy.pendingGrants[0].roles, [...biometricRoles].sort());
        assert.equal(ivy.pendingGrants[0].requestedBy, 'root');

        const own = await as(t, root, 'POST', `/v1/users/grants/${grantId}/approve`);
        assert.equal(own.statusCode, 403);
        assert.equal(own.json().error.code, 'own-grant-request');
        assert.equal((await as(t, root, 'POST', `/v1/users/grants/${grantId}/refuse`, {})).statusCode, 403);
        const stillNone = await identityRepository.findUser(t.database.db, ivy.id);
        assert.equal(stillNone?.roles_json, '["auditor"]');

        // The grantee cannot decide a grant of their own either.
        const toSecond = await as(t, root, 'PATCH', `/v1/users/${secondId}`, { roles: ['administrator', 'operator'] });
        const forSecond = toSecond.json().pendingGrants[0].id as string;
        const self = await as(t, second, 'POST', `/v1/users/grants/${forSecond}/approve`);
        assert.equal(self.json().error.code, 'grant-to-self');

        const listed = await as(t, second, 'GET', '/v1/users/grants');
        assert.deepEqual(
          listed
            .json()
            .grants.map((g: { id: string }) => g.id)
            .sort(),
          [grantId, forSecond].sort(),
        );
        const approved = await as(t, second, 'POST', `/v1/users/grants/${grantId}/approve`);
        assert.equal(approved.statusCode, 200, approved.body);
        assert.equal(approved.json().decidedBy, 'second');
        const users = (await as(t, second, 'GET', '/v1/users')).json().users;
        assert.deepEqual(users.find((u: { id: string }) => u.id === ivy.id).roles, [...roles].sort());
        assert.equal((await as(t, second, 'POST', `/v1/users/grants/${grantId}/refuse`, {})).statusCode, 409);

        await seedUser(t, 'third', ['administrator'], PW);
        const third = await login(t, 'third', PW);
        const refused = await as(t, third, 'POST', `/v1/users/grants/${forSecond}/refuse`, { reason: 'not needed' });
        assert.equal(refused.json().status, 'refused');
        assert.deepEqual((await as(t, second, 'GET', '/v1/me')).json().roles, ['administrator']);
        const decided = t.audits.filter((a) => a.action.startsWith('user.role-grant-'));
        assert.deepEqual(
          decided.map((a) => [a.action, a.actor]),
          [
            ['user.role-grant-requested', 'root'],
            ['user.role-grant-requested', 'root'],
            ['user.role-grant-approved', 'second'],
            ['user.role-grant-refused', 'third'],
          ],
        );
        assert.ok(decided.every((a) => a.inTransaction));
      }));

    it('lets a sole administrator appoint a second one directly, and nothing more', async () => {
      const t = await openAuthTestApp(target);
      try {
        await seedUser(t, 'root', ['administrator'], PW);
        const root = await login(t, 'root', PW);
        const made = await as(t, root, 'POST', '/v1/users', {
          username: 'deputy',
          displayName: 'Deputy',
          roles: ['administrator', 'investigator'],
          password: PW2,
        });
        assert.deepEqual(made.json().roles, ['administrator']);
        assert.deepEqual(made.json().pendingGrants[0].roles, ['investigator']);
        const another = await as(t, root, 'POST', '/v1/users', {
          username: 'third',
          displayName: 'Third',
          roles: ['administrator'],
        });
        assert.deepEqual(another.json().roles, [], 'with two administrators, a third needs approval');
      } finally {
        await t.close();
      }
    });

    it('refuses an API token for another person: no administrator can hold one that acts as them (R30)', () =>
      twoAdmins(async (t, root, _second, [rootId]) => {
        const ivyId = await seedUser(t, 'ivy', ['investigator'], PW);
        const oidcOnly = await seedUser(t, 'olive', ['investigator']);
        for (const id of [ivyId, oidcOnly]) {
          const r = await as(t, root, 'POST', `/v1/users/${id}/tokens`, { name: 'act as them' });
          assert.equal(r.statusCode, 403, r.body);
          assert.equal(r.json().error.code, 'token-for-another-person');
          assert.deepEqual(await identityRepository.tokensOf(t.database.db, id), [], 'no token exists for them');
        }
        const own = await as(t, root, 'POST', `/v1/users/${rootId}/tokens`, { name: 'my scripts' });
        assert.equal(own.statusCode, 201);
        const me = await t.app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${own.json().secret}` } });
        assert.equal(me.json().user.username, 'root', 'a token acts only as the one who issued it');

        const bot = await as(t, root, 'POST', '/v1/users', {
          username: 'ingest-bot',
          displayName: 'Ingest',
          roles: ['auditor'],
          kind: 'machine',
        });
        assert.equal(bot.json().kind, 'machine');
        const botToken = await as(t, root, 'POST', `/v1/users/${bot.json().id}/tokens`, { name: 'ingest server' });
        assert.equal(botToken.statusCode, 201, 'a machine account gets its token from an administrator');
        const withPassword = await as(t, root, 'POST', '/v1/users', {
          username: 'bot2',
          displayName: 'b',
          roles: [],
          kind: 'machine',
          password: PW,
        });
        assert.equal(withPassword.json().error.code, 'machine-password');
        const reset = await as(t, root, 'POST', `/v1/users/${bot.json().id}/password`, { password: PW });
        assert.equal(reset.json().error.code, 'machine-account');
        // The revoking stays open to administrators: it is a safety action.
        const listed = await as(t, root, 'GET', `/v1/users/${bot.json().id}/tokens`);
        const tokenId = listed.json().tokens[0].id as string;
        assert.equal((await as(t, root, 'DELETE', `/v1/users/${bot.json().id}/tokens/${tokenId}`)).statusCode, 204);
      }));

    it('gives a password an administrator set a session that can only change it (R30)', () =>
      twoAdmins(async (t, root, second) => {
        const ivyId = await seedUser(t, 'ivy', ['investigator', 'administrator'], PW);
        assert.equal((await as(t, root, 'POST', `/v1/users/${ivyId}/password`, { password: PW2 })).statusCode, 204);
        const temporary = await login(t, 'ivy', PW2);
        const me = await as(t, temporary, 'GET', '/v1/me');
        assert.equal(me.json().passwordChangeRequired, true);
        for (const [method, url] of [
          ['GET', '/test/search'],
          ['POST', '/test/cases'],
          ['GET', '/v1/users'],
          ['POST', `/v1/users/${ivyId}/tokens`],
        ] as const) {
          const r = await as(t, temporary, method, url, method === 'POST' ? { name: 'x' } : undefined);
          assert.equal(r.statusCode, 403, `${method} ${url}`);
          assert.equal(r.json().error.code, 'password-change-required');
        }
        const change = (currentPassword: string, newPassword: string) =>
          as(t, temporary, 'POST', '/v1/auth/password', { currentPassword, newPassword });
        assert.equal((await change('not the password', 'a brand new passphrase')).json().error.code, 'wrong-password');
        assert.equal((await change(PW2, PW2)).json().error.code, 'password-unchanged');
        assert.equal((await change(PW2, '1234567890ab')).json().error.code, 'weak-password');
        assert.equal((await change(PW2, 'a brand new passphrase')).statusCode, 204);
        // The reset held back the biometric roles: whoever signed in first reaches none of them
        // until a second administrator (not the one who reset) approves, having checked with the user.
        assert.equal((await as(t, temporary, 'GET', '/test/search')).statusCode, 403, 'held until approved');
        const held = (await as(t, second, 'GET', '/v1/users/grants')).json().grants as {
          id: string;
          roles: string[];
        }[];
        assert.deepEqual(
          held.map((g) => g.roles),
          [['administrator', 'investigator']],
        );
        const byResetter = await as(t, root, 'POST', `/v1/users/grants/${held[0]?.id}/approve`);
        assert.equal(byResetter.json().error.code, 'own-grant-request');
        assert.equal((await as(t, second, 'POST', `/v1/users/grants/${held[0]?.id}/approve`)).statusCode, 200);
        assert.equal((await as(t, temporary, 'GET', '/test/search')).statusCode, 200, 'the same session now works');
        assert.equal((await as(t, temporary, 'GET', '/v1/me')).json().passwordChangeRequired, false);
        const changed = t.audits.find((a) => a.action === 'auth.password-changed');
        assert.equal(changed?.actor, 'ivy');
        assert.equal(changed?.details?.['afterReset'], true);
        assert.equal(changed?.inTransaction, true);
        assert.ok(actions(t).includes('auth.password-change-failed'));
        assert.ok(!JSON.stringify(t.audits).includes('a brand new passphrase'));
      }));

    it('refuses predictable passwords such as 1234567890ab', () =>
      twoAdmins(async (t, root) => {
        const ivyId = await seedUser(t, 'ivy', ['auditor'], PW);
        for (const password of ['1234567890ab', '739184620573', 'ab12ab12ab12', 'qwerty123456', 'summer2024!!']) {
          const created = await as(t, root, 'POST', '/v1/users', {
            username: 'x',
            displayName: 'x',
            roles: [],
            password,
          });
          assert.equal(created.json().error?.code, 'weak-password', password);
          const reset = await as(t, root, 'POST', `/v1/users/${ivyId}/password`, { password });
          assert.equal(reset.json().error?.code, 'weak-password', password);
        }
      }));

    it('lets every user issue their own API token from a session, never from a token (the CLI acts with it)', () =>
      twoAdmins(async (t) => {
        await seedUser(t, 'ivy', ['investigator'], PW);
        const ivy = await login(t, 'ivy', PW);
        const issued = await as(t, ivy, 'POST', '/v1/me/tokens', { name: 'ivy laptop' });
        assert.equal(issued.statusCode, 201, issued.body);
        const secret = issued.json().secret as string;
        const bearer = { authorization: `Bearer ${secret}` };
        const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer });
        assert.equal(me.json().user.username, 'ivy');
        const minted = await t.app.inject({
          method: 'POST',
          url: '/v1/me/tokens',
          headers: bearer,
          payload: { name: 'more' },
        });
        assert.equal(minted.statusCode, 403);
        assert.equal(minted.json().error.code, 'session-required');
        const listed = (await as(t, ivy, 'GET', '/v1/me/tokens')).json().tokens as { id: string }[];
        assert.equal(listed.length, 1);
        assert.equal((await as(t, ivy, 'DELETE', `/v1/me/tokens/${listed[0]?.id}`)).statusCode, 204);
        assert.equal((await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer })).statusCode, 401);
      }));
  });
}
