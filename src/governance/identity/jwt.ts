/**
 * Verification of an OpenID Connect ID token (a JWS in compact form) with jose (issue 15): the
 * RS256 signature against the issuer's published keys (a JWK set, or jose's remote key set), then the claims OpenID Connect
 * Core 3.1.3.7 requires of it: issuer, audience (and authorised party), expiry, issue time, nonce.
 * Any other algorithm, `none` included, is refused. jose's errors become stable reasons for the
 * audit log (`bad-signature`, `wrong-nonce`, ...).
 */
import type { JsonWebKey } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
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

/** The JWS header's key id, to pick (or refetch) the issuer's key. */
export function tokenKeyId(token: string): string | undefined {
  try {
    return decodeProtectedHeader(token).kid;
  } catch {
    return undefined;
  }
}

/** The issuer's keys: a key set as read, or jose's remote key set (fetched, cached, refetched on an unknown key id). */
export type IdTokenKeys = readonly JsonWebKey[] | JWTVerifyGetKey;

/** jose's refusal as one of our reasons. */
function refusal(err: unknown): IdTokenError {
  if (err instanceof IdTokenError) return err;
  // Not a verdict on the token: the key set could not be fetched.
  if (!(err instanceof errors.JOSEError) || err instanceof errors.JWKSTimeout) {
    return new IdTokenError('issuer-unreachable', "the issuer's key set cannot be fetched");
  }
  if (err instanceof errors.JWKSInvalid) return new IdTokenError('bad-jwks', "the issuer's key set cannot be read");
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return new IdTokenError('bad-algorithm', 'the ID token must be signed with RS256');
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return new IdTokenError('unknown-key', 'the ID token is signed with a key the issuer does not publish');
  }
  if (err instanceof errors.JWKInvalid || err instanceof errors.JOSENotSupported) {
    return new IdTokenError('bad-key', "the issuer's signing key cannot be read");
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return new IdTokenError('bad-signature', "the ID token's signature does not verify");
  }
  if (err instanceof errors.JWTExpired) return new IdTokenError('expired', 'the ID token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new IdTokenError('wrong-issuer', 'the ID token comes from another issuer');
    if (err.claim === 'aud') return new IdTokenError('wrong-audience', 'the ID token is not for Vigil');
    if (err.claim === 'exp') return new IdTokenError('expired', 'the ID token has no valid expiry');
    if (err.claim === 'iat') return new IdTokenError('bad-issue-time', 'the ID token has no valid issue time');
  }
  return new IdTokenError('malformed', 'the ID token is not a valid signed JWT');
}

/** The verified claims, or an IdTokenError naming what was wrong. */
export async function verifyIdToken(
  token: string,
  keys: IdTokenKeys,
  expect: IdTokenExpectations,
): Promise<IdTokenClaims> {
  // Three non-empty segments: an unsigned token (`alg: none`, empty signature) is malformed outright.
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) {
    throw new IdTokenError('malformed', 'the ID token is not a signed JWT');
  }
  let c: JWTPayload;
  try {
    const jwks =
      typeof keys === 'function'
        ? keys
        : createLocalJWKSet({ keys: keys.filter((k) => k.kty === 'RSA') } as unknown as JSONWebKeySet);
    ({ payload: c } = await jwtVerify(token, jwks, {
      algorithms: ['RS256'],
      issuer: expect.issuer,
      audience: expect.audience,
      currentDate: expect.now,
      clockTolerance: expect.skewSeconds,
      requiredClaims: ['exp', 'iat'],
    }));
  } catch (err) {
    throw refusal(err);
  }
  const now = expect.now.getTime() / 1000;
  const audiences = typeof c.aud === 'string' ? [c.aud] : (c.aud ?? []);
  // OpenID Connect Core 3.1.3.7 (4, 5): with several audiences, the authorised party must be us.
  if (audiences.length > 1 && c['azp'] !== expect.audience) {
    throw new IdTokenError('wrong-audience', 'the ID token names another authorised party');
  }
  // jose takes a future `iat` as valid; an ID token issued in the future is not.
  const { exp, iat } = c as { exp: number; iat: number };
  if (iat > now + expect.skewSeconds) throw new IdTokenError('bad-issue-time', 'the ID token is issued in the future');
  const nonce = c['nonce'];
  if (typeof nonce !== 'string' || !safeEqual(nonce, expect.nonce)) {
    throw new IdTokenError('wrong-nonce', 'the ID token does not answer this login (nonce)');
  }
  const sub = c.sub;
  if (typeof sub !== 'string' || sub === '') throw new IdTokenError('malformed', 'the ID token names no subject');
  return { ...c, iss: expect.issuer, sub, aud: audiences, exp, iat, nonce };
}
