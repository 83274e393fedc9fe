/**
 * The random secrets of the identity module and how they are stored: every one is 32 random bytes
 * (256 bits), handed out once, and kept only as its SHA-256, so a copy of the database lets no one
 * sign in. Comparisons of secrets run in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

/** A fresh 256-bit secret as base64url (43 characters). */
export function randomSecret(): string {
  return b64url(randomBytes(32));
}

/** SHA-256 of a secret, hex: what the database keeps. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** PKCE S256 challenge of a code verifier (RFC 7636). */
export function pkceChallenge(verifier: string): string {
  return b64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** Constant-time string equality (the length is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export const apiTokenPrefix = 'vgl_';
const API_TOKEN = /^vgl_[A-Za-z0-9_-]{43}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A bearer token for machines: `vgl_` and 32 random bytes in base64url. */
export function newApiToken(): string {
  return apiTokenPrefix + randomSecret();
}

export function isApiTokenShaped(value: string): boolean {
  return API_TOKEN.test(value);
}

/** Session ids, setup tokens and OIDC states are bare 43-character secrets. */
export function isSecretShaped(value: string): boolean {
  return SECRET.test(value);
}
