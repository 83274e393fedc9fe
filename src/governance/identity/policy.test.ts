import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityConfig } from './identity.config.ts';
import { encodeRoles, isLocked, parseRoles, sessionState, shouldTouch } from './policy.ts';

const at = (iso: string) => new Date(iso);

describe('identity policy', () => {
  const { session } = identityConfig();

  it('expires sessions after 30 idle minutes and 12 hours in all', () => {
    const row = { last_seen_at: '2030-01-01T09:00:00.000Z', absolute_expires_at: '2030-01-01T21:00:00.000Z' };
    assert.equal(sessionState(row, at('2030-01-01T09:29:59Z'), session), 'active');
    assert.equal(sessionState(row, at('2030-01-01T09:30:00Z'), session), 'idle-expired');
    const busy = { ...row, last_seen_at: '2030-01-01T20:59:00.000Z' };
    assert.equal(sessionState(busy, at('2030-01-01T20:59:59Z'), session), 'active');
    assert.equal(sessionState(busy, at('2030-01-01T21:00:00Z'), session), 'absolute-expired');
  });

  it('throttles last-seen writes', () => {
    assert.equal(shouldTouch(null, at('2030-01-01T00:00:00Z'), 60), true);
    assert.equal(shouldTouch('2030-01-01T00:00:00.000Z', at('2030-01-01T00:00:59Z'), 60), false);
    assert.equal(shouldTouch('2030-01-01T00:00:00.000Z', at('2030-01-01T00:01:00Z'), 60), true);
  });

  it('reads locks and roles defensively', () => {
    assert.equal(isLocked({ locked_until: null }, at('2030-01-01T00:00:00Z')), false);
    assert.equal(isLocked({ locked_until: '2030-01-01T00:15:00.000Z' }, at('2030-01-01T00:14:00Z')), true);
    assert.equal(isLocked({ locked_until: '2030-01-01T00:15:00.000Z' }, at('2030-01-01T00:15:00Z')), false);
    assert.deepEqual(parseRoles('["investigator","superuser","investigator"]'), ['investigator']);
    assert.deepEqual(parseRoles('not json'), []);
    assert.equal(encodeRoles(['investigator', 'auditor', 'auditor']), '["auditor","investigator"]');
  });
});
