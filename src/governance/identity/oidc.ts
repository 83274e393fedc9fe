/**
 * OpenID Connect login (authorization code flow with PKCE S256, state and nonce) for forces with a
 * central identity provider. /start keeps state, nonce and code verifier server-side (hashed state
 * as key, single use, ten minutes) bound to the browser by a cookie; /callback exchanges the code,
 * verifies the ID token (jwt.ts) and maps it to a local user: one already linked by (issuer,
 * subject), or one an administrator created with the same username, linked on first login. Nobody
 * is provisioned silently; every refusal is audited. Roles come from the local record, or, when
 * configured, from a claim through an explicit mapping.
 */
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Role } from '../roles.ts';
import type { AuthService, NewSession } from './auth.service.ts';
import { type IdentityDeps, type ResolvedIdentityDeps, resolveIdentityDeps } from './identity.deps.ts';
import type { OidcConfig } from './identity.config.ts';
import type { UserRow } from '../../db/tables/identity.ts';
import { IdTokenError, verifyIdToken, type IdTokenClaims } from './jwt.ts';
import { encodeRoles, isExpired, normaliseUsername, parseRoles } from './policy.ts';
import { hashSecret, pkceChallenge, randomSecret, safeEqual } from './secrets.ts';

export class OidcError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'OidcError';
  }
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});
type Discovery = z.infer<typeof discoverySchema>;
const tokenResponseSchema = z.object({ id_token: z.string().min(1) });

const LOGIN_TTL_MS = 10 * 60_000;
const DISCOVERY_TTL_MS = 60 * 60_000;
const JWKS_REFETCH_MIN_MS = 60_000;

export interface OidcDeps extends IdentityDeps {
  readonly oidc: OidcConfig;
  readonly auth: AuthService;
  /** Default: the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface OidcCallback {
  readonly code?: string | undefined;
  readonly state?: string | undefined;
  readonly error?: string | undefined;
}

export class OidcLogin {
  private readonly d: ResolvedIdentityDeps;
  private readonly oidc: OidcConfig;
  private readonly fetch: typeof fetch;
  private discovery: { doc: Discovery; at: number } | undefined;
  private jwks: { uri: string; keys: JWTVerifyGetKey } | undefined;

  constructor(private readonly deps: OidcDeps) {
    this.d = resolveIdentityDeps(deps);
    this.oidc = deps.oidc;
    this.fetch = deps.fetch ?? fetch;
  }

  /** The issuer's authorization URL to redirect to, and the browser-binding value for its cookie. */
  async start(): Promise<{ url: string; binding: string }> {
    const doc = await this.discover();
    const now = this.d.clock.now();
    const state = randomSecret();
    const nonce = randomSecret();
    const verifier = randomSecret();
    const binding = randomSecret();
    await this.d.unitOfWork.run(async (trx) => {
      await this.d.repository.purgeOidcLogins(trx, now.toISOString());
      await this.d.repository.insertOidcLogin(trx, {
        state_hash: hashSecret(state),
        nonce,
        code_verifier: verifier,
        binding_hash: hashSecret(binding),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + LOGIN_TTL_MS).toISOString(),
      });
    });
    const url = new URL(doc.authorization_endpoint);
    const params = {
      response_type: 'code',
      client_id: this.oidc.clientId,
      redirect_uri: this.oidc.redirectUri,
      scope: [...new Set(['openid', ...this.oidc.scopes])].join(' '),
      state,
      nonce,
      code_challenge: pkceChallenge(verifier),
      code_challenge_method: 'S256',
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return { url: url.toString(), binding };
  }

  /** Completes a login; an OidcError (already audited) when anything does not check out. */
  async callback(params: OidcCallback, binding: string | undefined, address?: string): Promise<NewSession> {
    try {
      return await this.complete(params, binding, address);
    } catch (err) {
      const reason = err instanceof OidcError || err instanceof IdTokenError ? err.reason : 'issuer-unreachable';
      const refused = new OidcError(reason, err instanceof Error ? err.message : 'the login could not be completed');
      await this.d.unitOfWork.run((trx) =>
        this.d.audit(trx, {
          actor: null,
          action: 'auth.login-failed',
          outcome: 'failed',
          details: { method: 'oidc', reason, issuer: this.oidc.issuer, ...(address ? { address } : {}) },
        }),
      );
      throw refused;
    }
  }

  private async complete(params: OidcCallback, binding: string | undefined, address?: string): Promise<NewSession> {
    if (params.error) throw new OidcError('issuer-refused', `the identity provider refused the login`);
    if (!params.code || !params.state) throw new OidcError('malformed', 'the callback lacks code or state');
    const now = this.d.clock.now();
    const pending = await this.d.unitOfWork.run((trx) =>
      this.d.repository.takeOidcLogin(trx, hashSecret(params.state!)),
    );
    if (!pending || isExpired(pending.expires_at, now)) {
      throw new OidcError('unknown-state', 'this login was not started here, was used already or took too long');
    }
    if (!binding || !safeEqual(hashSecret(binding), pending.binding_hash)) {
      throw new OidcError('wrong-browser', 'this login was started in another browser');
    }
    const idToken = await this.exchange(params.code, pending.code_verifier);
    const claims = await this.verify(idToken, pending.nonce, now);
    return this.signIn(claims, address);
  }

  private async signIn(claims: IdTokenClaims, address?: string): Promise<NewSession> {
    const issuer = this.oidc.issuer;
    const rawName = claims[this.oidc.usernameClaim];
    const username = typeof rawName === 'string' ? normaliseUsername(rawName) : undefined;
    const mapped = this.mappedRoles(claims);
    return this.d.unitOfWork.run(async (trx) => {
      let user: UserRow | undefined = await this.d.repository.findUserByOidc(trx, issuer, claims.sub);
      if (!user && username) {
        const candidate = await this.d.repository.findUserByUsername(trx, username);
        if (candidate && candidate.oidc_subject !== null) {
          throw new OidcError('linked-elsewhere', 'that local user is linked to another identity');
        }
        // A machine account is not a person: an identity at the provider never becomes one.
        if (candidate?.kind === 'machine') throw new OidcError('unknown-user', 'that account is a machine account');
        if (candidate && (await this.d.repository.linkOidc(trx, candidate.id, issuer, claims.sub))) {
          user = { ...candidate, oidc_issuer: issuer, oidc_subject: claims.sub };
          await this.d.audit(trx, {
            actor: candidate.username,
            action: 'user.oidc-linked',
            target: { type: 'user', id: candidate.id },
            details: { issuer, subject: claims.sub },
          });
        }
      }
      if (!user) {
        throw new OidcError('unknown-user', `no local user for ${username ?? 'this identity'}; ask an administrator`);
      }
      if (user.disabled) throw new OidcError('disabled', 'this account is disabled');
      if (mapped) {
        const before = parseRoles(user.roles_json);
        const roles_json = encodeRoles(mapped);
        if (roles_json !== encodeRoles(before)) {
          await this.d.repository.updateUser(trx, user.id, { roles_json });
          await this.d.audit(trx, {
            actor: null,
            action: 'user.roles-synced',
            target: { type: 'user', id: user.id },
            details: { username: user.username, rolesBefore: before, rolesAfter: parseRoles(roles_json), issuer },
          });
          user = { ...user, roles_json };
        }
      }
      const session = await this.deps.auth.openSession(trx, user);
      await this.d.audit(trx, {
        actor: user.username,
        action: 'auth.login',
        outcome: 'ok',
        target: { type: 'user', id: user.id },
        details: { method: 'oidc', issuer, ...(address ? { address } : {}) },
      });
      return session;
    });
  }

  /** Roles from the configured claim through the mapping; undefined when roles stay local. */
  private mappedRoles(claims: IdTokenClaims): Role[] | undefined {
    const { rolesClaim, roleMapping } = this.oidc;
    if (!rolesClaim || !roleMapping) return undefined;
    const raw = claims[rolesClaim];
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
    const out = new Set<Role>();
    for (const v of values) {
      const role = typeof v === 'string' && Object.hasOwn(roleMapping, v) ? roleMapping[v] : undefined;
      if (role) out.add(role);
    }
    return [...out];
  }

  private async exchange(code: string, verifier: string): Promise<string> {
    const doc = await this.discover();
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.oidc.redirectUri,
      code_verifier: verifier,
      client_id: this.oidc.clientId,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (this.oidc.tokenAuthMethod === 'client_secret_basic') {
      const id = encodeURIComponent(this.oidc.clientId);
      const secret = encodeURIComponent(this.oidc.clientSecret);
      headers['authorization'] = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    } else {
      body.set('client_secret', this.oidc.clientSecret);
    }
    const response = await this.fetch(doc.token_endpoint, {
      method: 'POST',
      headers,
      body: body.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new OidcError('token-refused', `the token endpoint answered ${response.status}`);
    const parsed = tokenResponseSchema.safeParse(await response.json());
    if (!parsed.success) throw new OidcError('token-refused', 'the token endpoint returned no ID token');
    return parsed.data.id_token;
  }

  private async verify(idToken: string, nonce: string, now: Date): Promise<IdTokenClaims> {
    const expect = {
      issuer: this.oidc.issuer,
      audience: this.oidc.clientId,
      nonce,
      now,
      skewSeconds: this.oidc.clockSkewSeconds,
    };
    return await verifyIdToken(idToken, await this.keys(), expect);
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await this.fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new OidcError('issuer-unreachable', `${url} answered ${response.status}`);
    return response.json();
  }

  private async discover(): Promise<Discovery> {
    const nowMs = Date.now();
    if (this.discovery && nowMs - this.discovery.at < DISCOVERY_TTL_MS) return this.discovery.doc;
    const url = `${this.oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const parsed = discoverySchema.safeParse(await this.getJson(url));
    if (!parsed.success) throw new OidcError('bad-discovery', 'the discovery document is incomplete');
    if (parsed.data.issuer !== this.oidc.issuer) {
      throw new OidcError('bad-discovery', 'the discovery document names another issuer');
    }
    this.discovery = { doc: parsed.data, at: nowMs };
    return parsed.data;
  }

  /**
   * jose's remote key set: fetched when first needed, kept an hour, fetched again (at most once a
   * minute) when a token names a key id it does not hold: the issuer rotated its keys.
   */
  private async keys(): Promise<JWTVerifyGetKey> {
    const uri = (await this.discover()).jwks_uri;
    if (this.jwks?.uri !== uri) {
      const keys = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: 10_000,
        cooldownDuration: JWKS_REFETCH_MIN_MS,
        cacheMaxAge: DISCOVERY_TTL_MS,
        [customFetch]: this.fetch,
      });
      this.jwks = { uri, keys };
    }
    return this.jwks.keys;
  }
}
