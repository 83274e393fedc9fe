/** Unit spec of the use cases' permission checks (R30): no database, a recording audit. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../shared/domain-error.ts';
import { fakeQueryable, recordingAudit } from '../../test/support/fakes.ts';
import { authorise, channelDetails, hasPermission, requirePermission } from './authorise.ts';

const investigator = { username: 'ivy', roles: ['investigator'] };
const auditor = { username: 'aud', roles: ['auditor'] };

describe('authorise (R30)', () => {
  it('grants a permission only through a known role', () => {
    assert.equal(hasPermission(investigator, 'search:run'), true);
    assert.equal(hasPermission(auditor, 'search:run'), false);
    assert.equal(hasPermission({ username: 'x', roles: ['superuser', 'administrator '] }, 'search:run'), false);
  });

  it('requirePermission throws missing-permission naming the permission', () => {
    assert.doesNotThrow(() => requirePermission(investigator, 'cases:write'));
    assert.throws(
      () => requirePermission(auditor, 'cases:write'),
      (e: unknown) => e instanceof DomainError && e.code === 'missing-permission' && e.kind === 'forbidden',
    );
  });

  it('records a refusal as auth.denied by the real user, and nothing when allowed', async () => {
    const audit = recordingAudit();
    await authorise(fakeQueryable, investigator, 'search:run', undefined, audit);
    assert.equal(audit.entries.length, 0);
    const cli = { ...auditor, channel: 'cli' as const };
    await assert.rejects(
      authorise(fakeQueryable, cli, 'gallery:enrol', { type: 'subject', id: 's1' }, audit),
      (e: unknown) => e instanceof DomainError && e.code === 'missing-permission',
    );
    assert.deepEqual(audit.entries, [
      {
        actor: 'aud',
        action: 'auth.denied',
        outcome: 'denied',
        target: { type: 'subject', id: 's1' },
        details: { permission: 'gallery:enrol', reason: 'missing-permission', via: 'cli' },
      },
    ]);
  });

  it('names the command line channel only when there is one', () => {
    assert.deepEqual(channelDetails(investigator), {});
    assert.deepEqual(channelDetails({ ...investigator, channel: 'cli' }), { via: 'cli' });
  });
});
