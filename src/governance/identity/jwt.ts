/**
 * Verification of an OpenID Connect ID token (a JWS in compact form) with node:crypto alone: the
 * RS256 signature against the issuer's published keys (JWK import), then the claims OpenID Connect
 * Core 3.1.3.7 requires of it: issuer, audience (and authorised party), expiry, issue time, nonce.
 * Any other algorithm, `none` included, is refused.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { safeEqual } from './secrets.ts';

export interface IdTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly iat: number;
  readonly nonce: string;
  readonly [claim: string]: unknown;
}

export interface IdTokenExpectations {
  readonly issuer: string;
  /** Our client id. */
  readonly audience: string;
  readonly nonce: string;
  readonly now: Date;
  readonly skewSeconds: number;
}

export class IdTokenError extends Error {
  constructor(
    /** Stable reason for the audit log, e.g. `bad-signature`, `wrong-nonce`. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'IdTokenError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function json(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new IdTokenError('malformed', `the ID token's ${what} is not a JSON object`);
}

/** The JWS header's key id, to pick (or refetch) the issuer's key. */
export function tokenKeyId(token: string): string | undefined {
  const header = token.split('.')[0];
  if (!header || !SEGMENT.test(header)) return undefined;
  try {
    const kid = json(header, 'header')['kid'];
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

function pickKey(keys: readonly JsonWebKey[], kid: string | undefined): KeyObject {
  const usable = keys.filter(
    (k) =>
      k.kty === 'RSA' && (k['use'] === undefined || k['use'] === 'sig') && (k.alg === undefined || k.alg === 'RS256'),
  );
  const chosen =
    kid === undefined ? (usable.length === 1 ? usable[0] : undefined) : usable.find((k) => k['kid'] === kid);
  if (!chosen) throw new IdTokenError('unknown-key', 'the ID token is signed with a key the issuer does not publish');
  try {
    return createPublicKey({ key: chosen, format: 'jwk' });
  } catch {
    throw new IdTokenError('bad-key', "the issuer's signing key cannot be read");
  }
}

/** The verified claims, or an IdTokenError naming what was wrong. */
export function verifyIdToken(token: string, keys: readonly JsonWebKey[], expect: IdTokenExpectations): IdTokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) {
    throw new IdTokenError('malformed', 'the ID token is not a signed JWT');
  }
  const [h, p, s] = parts as [string, string, string];
  const header = json(h, 'header');
  if (header['alg'] !== 'RS256') throw new IdTokenError('bad-algorithm', 'the ID token must be signed with RS256');
  const kid = typeof header['kid'] === 'string' ? header['kid'] : undefined;
  const key = pickKey(keys, kid);
  if (!verify('sha256', Buffer.from(`${h}.${p}`, 'ascii'), key, Buffer.from(s, 'base64url'))) {
    throw new IdTokenError('bad-signature', "the ID token's signature does not verify");
  }

  const c = json(p, 'payload');
  const now = expect.now.getTime() / 1000;
  if (c['iss'] !== expect.issuer) throw new IdTokenError('wrong-issuer', 'the ID token comes from another issuer');
  const aud = c['aud'];
  const audiences =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
  if (!audiences.includes(expect.audience)) throw new IdTokenError('wrong-audience', 'the ID token is not for Vigil');
  if (audiences.length > 1 && c['azp'] !== expect.audience) {
    throw new IdTokenError('wrong-audience', 'the ID token names another authorised party');
  }
  const exp = c['exp'];
  const iat = c['iat'];
  if (typeof exp !== 'number' || now >= exp + expect.skewSeconds) {
    throw new IdTokenError('expired', 'the ID token has expired');
  }
  if (typeof iat !== 'number' || iat > now + expect.skewSeconds) {
    throw new IdTokenError('bad-issue-time', 'the ID token is issued in the future');
  }
  const nonce = c['nonce'];
  if (typeof nonce !== 'string' || !safeEqual(nonce, expect.nonce)) {
    throw new IdTokenError('wrong-nonce', 'the ID token does not answer this login (nonce)');
  }
  const sub = c['sub'];
  if (typeof sub !== 'string' || sub === '') throw new IdTokenError('malformed', 'the ID token names no subject');
  return { ...c, iss: expect.issuer, sub, aud: audiences, exp, iat, nonce };
}
