/**
 * Unit spec of user administration and the two-person rule (R30; issue 12) over in-memory
 * repositories (test/support/fakes-identity.ts): no database. Medium-tier counterparts with real
 * SQL: src/http/governance/users.separation.test.ts and users.routes.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../shared/domain-error.ts';
import { memoryIdentity } from '../../../test/support/fakes-identity.ts';
import { parseRoles } from './policy.ts';
import { UserAdminService } from './users.service.ts';

const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;
const PASSWORD = 'correct horse battery staple 42';

function setUp() {
  const m = memoryIdentity();
  const ada = m.addUser('ada', ['administrator']);
  const bob = m.addUser('bob', ['administrator']);
  const service = new UserAdminService(m.deps);
  const actor = (u: { id: string; username: string }) => ({ userId: u.id, username: u.username });
  return { ...m, ada, bob, service, actor };
}

describe('UserAdminService (R30)', () => {
  it('creates a user with biometric roles pending and the rest held at once, times from the clock', async () => {
    const t = setUp();
    const { user, pendingGrants } = await t.service.create(
      { username: 'Ivy', displayName: 'Ivy', roles: ['auditor', 'investigator'] },
      t.actor(t.ada),
    );
    assert.equal(user.username, 'ivy');
    assert.deepEqual(parseRoles(user.roles_json), ['auditor']);
    assert.equal(pendingGrants.length, 1);
    assert.deepEqual(parseRoles(pendingGrants[0]!.roles_json), ['investigator']);
    assert.equal(user.created_at, '2030-01-01T09:00:00.000Z');
    assert.equal(pendingGrants[0]!.requested_at, '2030-01-01T09:00:00.000Z');
    assert.deepEqual(
      t.audit.entries.map((e) => e.action),
      ['user.created', 'user.role-grant-requested'],
    );
  });

  it('needs a second administrator to approve: not the requester, not the user', async () => {
    const t = setUp();
    const { user, pendingGrants } = await t.service.create(
      { username: 'ivy', displayName: 'Ivy', roles: ['investigator'] },
      t.actor(t.ada),
    );
    const grant = pendingGrants[0]!;
    await assert.rejects(t.service.grants.approve(grant.id, t.actor(t.ada)), code('own-grant-request'));
    await assert.rejects(t.service.grants.approve(grant.id, t.actor(user)), code('grant-to-self'));
    const carol = t.addUser('carol', ['auditor']);
    await assert.rejects(t.service.grants.approve(grant.id, t.actor(carol)), code('not-an-administrator'));
    t.clock.advance(60_000);
    const decided = await t.service.grants.approve(grant.id, t.actor(t.bob));
    assert.equal(decided.status, 'approved');
    assert.equal(decided.decided_at, '2030-01-01T09:01:00.000Z');
    assert.deepEqual(parseRoles((await t.service.get(user.id)).roles_json), ['investigator']);
    await assert.rejects(t.service.grants.refuse(grant.id, t.actor(t.bob)), code('grant-decided'));
    const approved = t.audit.entries.find((e) => e.action === 'user.role-grant-approved');
    assert.equal(approved?.actor, 'bob');
    assert.equal((approved?.details as { requestedBy: string }).requestedBy, 'ada');
  });

  it('a refused grant adds no role', async () => {
    const t = setUp();
    const { user, pendingGrants } = await t.service.create(
      { username: 'ivy', displayName: 'Ivy', roles: ['investigator'] },
      t.actor(t.ada),
    );
    await t.service.grants.refuse(pendingGrants[0]!.id, t.actor(t.bob), 'not trained yet');
    assert.deepEqual(parseRoles((await t.service.get(user.id)).roles_json), []);
  });

  it('nobody changes their own roles', async () => {
    const t = setUp();
    await assert.rejects(
      t.service.update(t.ada.id, { roles: ['administrator', 'investigator'] }, t.actor(t.ada)),
      code('self-role-change'),
    );
    await assert.rejects(t.service.update(t.ada.id, { disabled: true }, t.actor(t.ada)), code('self-lockout'));
    assert.equal(t.audit.entries.length, 0, 'a refused change records nothing');
  });

  it('the last active administrator cannot be demoted or disabled by anyone', async () => {
    const t = setUp();
    await t.service.update(t.bob.id, { disabled: true }, t.actor(t.ada));
    const cleo = t.addUser('cleo', ['administrator'], { disabled: 1 });
    await assert.rejects(t.service.update(t.ada.id, { roles: [] }, t.actor(cleo)), code('last-administrator'));
  });

  it('disabling a user ends their sessions', async () => {
    const t = setUp();
    const ivy = t.addUser('ivy', ['auditor']);
    t.users.sessions.push({
      id_hash: 'h',
      user_id: ivy.id,
      csrf_token: 'c',
      created_at: t.clock.nowIso(),
      last_seen_at: t.clock.nowIso(),
      absolute_expires_at: '2030-01-02T09:00:00.000Z',
    });
    await t.service.update(ivy.id, { disabled: true, reason: 'left the force' }, t.actor(t.ada));
    assert.equal(t.users.sessions.length, 0);
  });

  it('a password reset holds the biometric roles back for another administrator', async () => {
    const t = setUp();
    const ivy = t.addUser('ivy', ['auditor', 'investigator']);
    await t.service.resetPassword(ivy.id, PASSWORD, t.actor(t.ada));
    const after = await t.service.get(ivy.id);
    assert.deepEqual(parseRoles(after.roles_json), ['auditor']);
    assert.equal(after.must_change_password, 1);
    const [grant] = await t.service.grants.pending(ivy.id);
    assert.deepEqual(parseRoles(grant!.roles_json), ['investigator']);
    assert.equal(grant!.requested_by, 'ada');
  });

  it('with nobody else to approve, a reset keeps the roles', async () => {
    const t = setUp();
    t.users.users.splice(t.users.users.indexOf(t.users.users.find((u) => u.id === t.bob.id)!), 1);
    const ivy = t.addUser('ivy', ['investigator']);
    await t.service.resetPassword(ivy.id, PASSWORD, t.actor(t.ada));
    assert.deepEqual(parseRoles((await t.service.get(ivy.id)).roles_json), ['investigator']);
    assert.deepEqual(await t.service.grants.pending(ivy.id), []);
  });

  it('issues tokens for yourself or a machine only, never expiring in the past', async () => {
    const t = setUp();
    const ivy = t.addUser('ivy', ['investigator']);
    const robot = t.addUser('robot', ['operator'], { kind: 'machine' });
    await assert.rejects(
      t.service.createToken(ivy.id, { name: 'x' }, t.actor(t.ada)),
      code('token-for-another-person'),
    );
    const own = await t.service.createToken(t.ada.id, { name: 'laptop' }, t.actor(t.ada));
    assert.notEqual(own.row.token_hash, own.token, 'only the hash is stored');
    await t.service.createToken(robot.id, { name: 'ingest' }, t.actor(t.ada));
    await assert.rejects(
      t.service.createToken(robot.id, { name: 'old', expiresAt: '2029-12-31T00:00:00.000Z' }, t.actor(t.ada)),
      code('expiry-in-past'),
    );
    t.clock.advance(1000);
    await t.service.revokeToken(robot.id, (await t.service.tokens(robot.id))[0]!.id, t.actor(t.ada));
    assert.equal((await t.service.tokens(robot.id))[0]!.revoked_at, '2030-01-01T09:00:01.000Z');
  });

  it('a machine account has no password', async () => {
    const t = setUp();
    await assert.rejects(
      t.service.create(
        { username: 'm', displayName: 'M', roles: [], kind: 'machine', password: PASSWORD },
        t.actor(t.ada),
      ),
      code('machine-password'),
    );
  });
});
