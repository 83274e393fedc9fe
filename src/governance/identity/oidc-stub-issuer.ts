/**
 * Test support: a minimal OpenID Connect issuer on 127.0.0.1 (node:http) with an RSA key made by
 * node:crypto. It serves discovery, its key set, an /authorize that signs in `nextUser` at once
 * and redirects back with a code, and /token, which checks the client's credentials, the redirect
 * URI and PKCE before returning a signed ID token. Hooks let a test tamper with what it issues.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export function signJwt(key: KeyObject, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

export function rsaKey(kid: string): { privateKey: KeyObject; jwk: JsonWebKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export interface StubUser {
  readonly sub: string;
  readonly [claim: string]: unknown;
}

export interface StubIssuerOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The time the issuer stamps on tokens (tests share their clock with it). */
  readonly now: () => Date;
}

interface Grant {
  readonly user: StubUser;
  readonly nonce: string;
  readonly challenge: string;
  readonly redirectUri: string;
}

export class StubIssuer {
  issuer = '';
  /** Who signs in at the next /authorize. */
  nextUser: StubUser = { sub: 'subject-1', preferred_username: 'alice' };
  /** Changes the claims of the next ID tokens (e.g. a wrong nonce). */
  claims: (claims: Record<string, unknown>) => Record<string, unknown> = (c) => c;
  /** Changes the compact ID token itself (e.g. flip a character of the payload). */
  token: (jwt: string) => string = (t) => t;
  readonly key = rsaKey('stub-key-1');
  private readonly grants = new Map<string, Grant>();
  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch(() => this.json(res, 500, { error: 'server_error' }));
  });

  constructor(private readonly o: StubIssuerOptions) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return this.json(res, 200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        response_types_supported: ['code'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return this.json(res, 200, { keys: [this.key.jwk] });
    if (url.pathname === '/authorize') return this.authorize(url, res);
    if (url.pathname === '/token' && req.method === 'POST') return this.tokenEndpoint(req, res);
    return this.json(res, 404, { error: 'not_found' });
  }

  private authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (
      q.get('client_id') !== this.o.clientId ||
      q.get('response_type') !== 'code' ||
      q.get('code_challenge_method') !== 'S256' ||
      !q.get('scope')?.split(' ').includes('openid') ||
      !redirectUri
    ) {
      return this.json(res, 400, { error: 'invalid_request' });
    }
    const code = randomBytes(16).toString('hex');
    this.grants.set(code, {
      user: this.nextUser,
      nonce: q.get('nonce') ?? '',
      challenge: q.get('code_challenge') ?? '',
      redirectUri,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: back.toString() }).end();
  }

  private async tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const basic = `Basic ${Buffer.from(`${this.o.clientId}:${this.o.clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== basic) return this.json(res, 401, { error: 'invalid_client' });
    const code = form.get('code') ?? '';
    const grant = this.grants.get(code);
    this.grants.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      !grant ||
      form.get('grant_type') !== 'authorization_code' ||
      form.get('redirect_uri') !== grant.redirectUri ||
      challenge !== grant.challenge
    ) {
      return this.json(res, 400, { error: 'invalid_grant' });
    }
    const now = Math.floor(this.o.now().getTime() / 1000);
    const claims = this.claims({
      iss: this.issuer,
      aud: this.o.clientId,
      iat: now,
      exp: now + 300,
      nonce: grant.nonce,
      ...grant.user,
    });
    const idToken = this.token(signJwt(this.key.privateKey, { alg: 'RS256', kid: 'stub-key-1', typ: 'JWT' }, claims));
    return this.json(res, 200, { access_token: 'opaque', token_type: 'Bearer', expires_in: 300, id_token: idToken });
  }
}
