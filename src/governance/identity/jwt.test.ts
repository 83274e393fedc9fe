import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdTokenError, tokenKeyId, verifyIdToken } from './jwt.ts';
import { rsaKey, signJwt } from './oidc-stub-issuer.ts';

const key = rsaKey('k1');
const other = rsaKey('k2');
const now = new Date('2030-01-01T00:00:00Z');
const t = now.getTime() / 1000;
const expect = { issuer: 'https://idp.example', audience: 'vigil', nonce: 'n-123', now, skewSeconds: 60 };
const claims = { iss: 'https://idp.example', aud: 'vigil', sub: 's1', iat: t, exp: t + 300, nonce: 'n-123' };
const header = { alg: 'RS256', kid: 'k1' };
const jwt = (c: Record<string, unknown> = claims, h: Record<string, unknown> = header, k = key.privateKey) =>
  signJwt(k, h, c);

async function refused(token: string, reason: string, keys = [key.jwk], e = expect): Promise<void> {
  await assert.rejects(
    verifyIdToken(token, keys, e),
    (err: unknown) => err instanceof IdTokenError && err.reason === reason,
    reason,
  );
}

describe('ID token verification', () => {
  it('accepts a good token and returns its claims', async () => {
    const c = await verifyIdToken(jwt({ ...claims, preferred_username: 'alice' }), [other.jwk, key.jwk], expect);
    assert.equal(c.sub, 's1');
    assert.equal(c['preferred_username'], 'alice');
    assert.equal(tokenKeyId(jwt()), 'k1');
  });

  it('refuses a tampered payload, a foreign key and other algorithms', async () => {
    const [h, p, s] = jwt().split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
    await refused(`${h}.${forged}.${s}`, 'bad-signature');
    await refused(`${h}.${p}.${s.slice(0, -4)}AAAA`, 'bad-signature');
    await refused(jwt(claims, header, other.privateKey), 'bad-signature');
    await refused(jwt(claims, { alg: 'RS256', kid: 'unknown' }), 'unknown-key');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    await refused(none, 'malformed');
    await refused(
      `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url')}.${p}.${s}`,
      'bad-algorithm',
    );
    await refused('not-a-jwt', 'malformed');
  });

  it('checks issuer, audience, authorised party, expiry, issue time and nonce', async () => {
    await refused(jwt({ ...claims, iss: 'https://evil.example' }), 'wrong-issuer');
    await refused(jwt({ ...claims, aud: 'someone-else' }), 'wrong-audience');
    await refused(jwt({ ...claims, aud: ['vigil', 'other'] }), 'wrong-audience');
    assert.equal(
      (await verifyIdToken(jwt({ ...claims, aud: ['vigil', 'other'], azp: 'vigil' }), [key.jwk], expect)).sub,
      's1',
    );
    await refused(jwt({ ...claims, exp: t - 61 }), 'expired');
    assert.equal(
      (await verifyIdToken(jwt({ ...claims, exp: t - 30 }), [key.jwk], expect)).sub,
      's1',
      'within the skew',
    );
    await refused(jwt({ ...claims, iat: t + 600 }), 'bad-issue-time');
    await refused(jwt({ ...claims, nonce: 'n-999' }), 'wrong-nonce');
    const { nonce: _n, ...noNonce } = claims;
    await refused(jwt(noNonce), 'wrong-nonce');
    await refused(jwt({ ...claims, sub: '' }), 'malformed');
  });
});
