/** Unit spec of the separation-of-duties rules (R30; issue 12): pure, no fakes needed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../roles.ts';
import { mayIssueTokenFor } from './api-tokens.service.ts';
import {
  biometricRoles,
  biometricRolesHeldBack,
  isBiometricRole,
  planRoleChange,
  removesAdministrator,
  selfChangeRefusal,
} from './separation.ts';

const change = (o: Partial<Parameters<typeof selfChangeRefusal>[0]>) => ({
  self: false,
  before: [] as Role[],
  wanted: [] as Role[],
  wasEnabled: true,
  staysEnabled: true,
  ...o,
});

describe('separation of duties (R30)', () => {
  it('treats every role but auditor as reaching biometric data', () => {
    assert.equal(isBiometricRole('auditor'), false);
    for (const r of ['investigator', 'operator', 'watchlist-manager', 'administrator'] as const) {
      assert.equal(isBiometricRole(r), true, r);
    }
    assert.ok(!biometricRoles.includes('auditor'));
  });

  it('holds biometric additions for a second administrator and applies the rest at once', () => {
    const plan = planRoleChange(['operator'], ['auditor', 'investigator'], false);
    assert.deepEqual(plan.pending, ['investigator']);
    assert.deepEqual([...plan.direct].sort(), ['auditor'], 'the removal of operator applies at once');
  });

  it('grants the administrator role directly only when the requester is the sole administrator', () => {
    assert.deepEqual(planRoleChange([], ['administrator'], true).pending, []);
    assert.deepEqual(planRoleChange([], ['administrator'], false).pending, ['administrator']);
    assert.deepEqual(planRoleChange([], ['investigator'], true).pending, ['investigator'], 'only administrator');
  });

  it('refuses changing your own roles, and removing your own administrator role or disabling yourself', () => {
    assert.equal(selfChangeRefusal(change({ self: true, before: ['auditor'], wanted: ['auditor'] })), undefined);
    assert.equal(
      selfChangeRefusal(change({ self: true, before: ['auditor'], wanted: ['auditor', 'operator'] }))?.code,
      'self-role-change',
    );
    assert.equal(
      selfChangeRefusal(
        change({ self: true, before: ['administrator'], wanted: ['administrator'], staysEnabled: false }),
      )?.code,
      'self-lockout',
    );
    assert.equal(
      selfChangeRefusal(change({ self: true, before: ['administrator'], wanted: [] }))?.code,
      'self-lockout',
    );
    assert.equal(selfChangeRefusal(change({ self: false, before: ['auditor'], wanted: ['operator'] })), undefined);
  });

  it('sees when a change takes an active administrator away', () => {
    assert.equal(removesAdministrator(change({ before: ['administrator'], wanted: [] })), true);
    assert.equal(
      removesAdministrator(change({ before: ['administrator'], wanted: ['administrator'], staysEnabled: false })),
      true,
    );
    assert.equal(removesAdministrator(change({ before: ['administrator'], wanted: [], wasEnabled: false })), false);
    assert.equal(removesAdministrator(change({ before: ['auditor'], wanted: [] })), false);
  });

  it('a password reset holds back the biometric roles when someone else can approve them', () => {
    const held: Role[] = ['auditor', 'investigator'];
    assert.deepEqual(biometricRolesHeldBack(held, { resetsOwn: false, otherApprovers: 1 }), ['investigator']);
    assert.deepEqual(biometricRolesHeldBack(held, { resetsOwn: false, otherApprovers: 0 }), []);
    assert.deepEqual(biometricRolesHeldBack(held, { resetsOwn: true, otherApprovers: 3 }), []);
  });

  it('issues an API token only for your own account or a machine account', () => {
    const me = { userId: 'a' };
    assert.equal(mayIssueTokenFor({ id: 'a', kind: 'person' }, me), true);
    assert.equal(mayIssueTokenFor({ id: 'b', kind: 'machine' }, me), true);
    assert.equal(mayIssueTokenFor({ id: 'b', kind: 'person' }, me), false);
  });
});
