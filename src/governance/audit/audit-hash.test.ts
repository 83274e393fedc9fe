import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuditError,
  canonicalJson,
  computeAuditHash,
  GENESIS_HASH,
  MAX_DETAILS_BYTES,
  sanitizeDetails,
  sha256Hex,
  validateAction,
} from './audit-hash.ts';

function refusedWith(code: string) {
  return (err: unknown) => err instanceof AuditError && err.code === code;
}

describe('audit hashing (R29)', () => {
  it('serialises canonically: sorted keys at every depth, no whitespace', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [{ d: 'x', c: null }], é: true }),
      '{"a":[{"c":null,"d":"x"}],"b":1,"é":true}',
    );
    assert.equal(canonicalJson({ z: 1, a: 2 }), canonicalJson({ a: 2, z: 1 }));
  });

  it('hashes the documented serialisation, so an outside party can recompute it', () => {
    const fields = {
      seq: 1,
      at: '2024-01-01T00:00:00.000Z',
      actor: 'alice',
      action: 'auth.login',
      outcome: 'ok' as const,
      target: { type: 'user', id: 'u1' },
      details: { ip: '10.0.0.1' },
      prevHash: GENESIS_HASH,
    };
    const expected = sha256Hex(
      '{"action":"auth.login","actor":"alice","at":"2024-01-01T00:00:00.000Z","details":{"ip":"10.0.0.1"},' +
        `"outcome":"ok","prevHash":"${GENESIS_HASH}","seq":1,"target":{"id":"u1","type":"user"}}`,
    );
    assert.equal(computeAuditHash(fields), expected);
    assert.notEqual(computeAuditHash({ ...fields, actor: null }), expected);
    assert.notEqual(computeAuditHash({ ...fields, target: null }), expected);
  });

  it('refuses binary data anywhere in the details', () => {
    for (const bad of [
      { image: Buffer.from([1, 2, 3]) },
      { nested: { template: new Float32Array(4) } },
      { list: [1, new Uint8Array(2)] },
      { raw: new ArrayBuffer(8) },
      { serialised: Buffer.from([1]).toJSON() },
      { crop: 'data:image/jpeg;base64,AAAA' },
    ]) {
      assert.throws(() => sanitizeDetails(bad), refusedWith('biometric'), JSON.stringify(Object.keys(bad)));
    }
  });

  it('caps the details size and keeps only JSON', () => {
    assert.throws(() => sanitizeDetails({ text: 'x'.repeat(MAX_DETAILS_BYTES) }), refusedWith('details-too-large'));
    assert.throws(() => sanitizeDetails({ n: Number.NaN }), refusedWith('invalid-details'));
    assert.throws(() => sanitizeDetails({ when: new Map() }), refusedWith('invalid-details'));
    assert.throws(() => sanitizeDetails({ big: 1n }), refusedWith('invalid-details'));
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    assert.throws(() => sanitizeDetails(loop), refusedWith('invalid-details'));
    assert.deepEqual(sanitizeDetails({ at: new Date(0), gone: undefined, n: 1.5 }), {
      at: '1970-01-01T00:00:00.000Z',
      n: 1.5,
    });
  });

  it('takes dotted lower-case actions only', () => {
    for (const ok of [
      'auth.login',
      'deployment.authorised',
      'search.run',
      'audit.anchor',
      'a1.b_c.d',
      'auth.login-failed',
    ])
      validateAction(ok);
    for (const bad of [
      'login',
      'Auth.login',
      'auth.',
      '.auth',
      'auth..login',
      'auth login',
      '-auth.y',
      'auth.-x',
      '',
    ]) {
      assert.throws(() => validateAction(bad), refusedWith('action'), bad);
    }
  });
});
