/**
 * Identity settings: session lifetimes, lockout, the setup token, API token bookkeeping, login
 * rate limits, and the optional OpenID Connect provider. Meant to sit in the main configuration as
 * `identity: identityConfigSchema.prefault({})`; every field has a safe default.
 */
import { z } from 'zod';
import { roles } from '../roles.ts';

export const oidcConfigSchema = z.object({
  /** The issuer URL exactly as it appears in `iss` (its discovery document is under /.well-known). */
  issuer: z.url(),
  clientId: z.string().min(1),
  /** A secret: give it in the configuration file or VIGIL_OIDC_CLIENT_SECRET, never in code. */
  clientSecret: z.string().min(1),
  /** Vigil's callback, e.g. https://vigil.example/v1/auth/oidc/callback; registered with the issuer. */
  redirectUri: z.url(),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile']),
  /** The claim matched against local usernames (lower-cased). */
  usernameClaim: z.string().min(1).default('preferred_username'),
  /** A claim listing the user's groups; only used together with roleMapping. */
  rolesClaim: z.string().min(1).optional(),
  /** Claim value -> Vigil role. With rolesClaim set, the mapped roles replace the local ones at each login. */
  roleMapping: z.record(z.string(), z.enum(roles)).optional(),
  /** How the client authenticates at the token endpoint. */
  tokenAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
  /** Where the browser goes after a successful login. */
  postLoginRedirect: z.string().startsWith('/').default('/'),
  /** Allowed clock difference when checking `exp` and `iat`, in seconds. */
  clockSkewSeconds: z.number().int().min(0).max(300).default(60),
});
export type OidcConfig = z.infer<typeof oidcConfigSchema>;

export const identityConfigSchema = z.object({
  /** Secure cookies and HSTS. Turn off only for plain-http development on a local machine. */
  secureCookies: z.boolean().default(true),
  session: z
    .object({
      idleMinutes: z.number().positive().default(30),
      absoluteHours: z.number().positive().default(12),
      /** last_seen_at is written at most this often (seconds); the idle timeout is that much coarse. */
      touchEverySeconds: z.number().int().min(0).default(60),
    })
    .prefault({}),
  lockout: z
    .object({
      maxFailures: z.number().int().min(1).default(5),
      lockMinutes: z.number().positive().default(15),
    })
    .prefault({}),
  setupTokenMinutes: z.number().positive().default(60),
  /** API tokens' last_used_at is written at most this often (seconds). */
  tokenTouchEverySeconds: z.number().int().min(0).default(60),
  /** Token buckets for POST /v1/auth/login: per client address and username, and per address. */
  loginRateLimit: z
    .object({
      perUser: z.object({ capacity: z.number().int().min(1), refillPerMinute: z.number().positive() }),
      perAddress: z.object({ capacity: z.number().int().min(1), refillPerMinute: z.number().positive() }),
    })
    .default({ perUser: { capacity: 10, refillPerMinute: 5 }, perAddress: { capacity: 100, refillPerMinute: 60 } }),
  oidc: oidcConfigSchema.optional(),
});
export type IdentityConfig = z.infer<typeof identityConfigSchema>;

/** The defaults, for tests and for callers without a configuration file. */
export function identityConfig(overrides: Record<string, unknown> = {}): IdentityConfig {
  return identityConfigSchema.parse(overrides);
}
