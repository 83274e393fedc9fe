/**
 * Hardening for every response and for costly or guessable routes: security headers (a Content
 * Security Policy for a console served from the same origin, no framing, no MIME sniffing, no
 * referrer across origins, HSTS when served over https, and no caching of API answers), and
 * in-memory token-bucket rate limits that answer 429 with Retry-After.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../governance/identity/policy.ts';
import { TokenBuckets } from '../governance/identity/rate-limiter.ts';

/** Everything from this origin only; images may also be data: and blob: URLs (crops shown in the console). */
export const defaultContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecurityHeadersOptions {
  /** Send Strict-Transport-Security: on when Vigil is reached over https (Secure cookies on). */
  readonly hsts: boolean;
  readonly contentSecurityPolicy?: string;
}

export function securityHeaderValues(o: SecurityHeadersOptions): Record<string, string> {
  return {
    'content-security-policy': o.contentSecurityPolicy ?? defaultContentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-xss-protection': '0',
    ...(o.hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

async function securityHeadersPlugin(
  app: Parameters<FastifyPluginAsync<SecurityHeadersOptions>>[0],
  o: SecurityHeadersOptions,
): Promise<void> {
  const headers = securityHeaderValues(o);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(headers);
    // API answers are personal and often sensitive: never cached unless a route says otherwise.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

const global = <T>(plugin: T, name: string): T =>
  Object.assign(plugin as object, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  }) as T;

/** `app.register(securityHeaders, { hsts })` on the root instance: applies to every response, errors and 404s included. */
export const securityHeaders: FastifyPluginAsync<SecurityHeadersOptions> = global(
  securityHeadersPlugin,
  'vigil-security-headers',
);

export interface LimitedBucket {
  readonly buckets: TokenBuckets;
  /** The bucket a request draws from, e.g. its address and username. */
  readonly key: (request: FastifyRequest) => string;
}

/** The client's address and, when signed in, the username: the default bucket key. */
export const addressAndUser = (request: FastifyRequest): string =>
  `${request.ip}\n${request.principal?.username ?? ''}`;

/**
 * A preHandler that takes a token from each bucket and answers 429 with Retry-After when one is
 * empty. Runs after body parsing, so a key may use the body (the login username).
 */
export function rateLimitHook(limits: readonly LimitedBucket[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    for (const limit of limits) {
      const taken = limit.buckets.take(limit.key(request));
      if (!taken.allowed) {
        return reply
          .code(429)
          .header('retry-after', String(taken.retryAfterSeconds))
          .send({
            error: {
              code: 'rate-limited',
              message: `too many requests; try again in ${taken.retryAfterSeconds} s`,
            },
          });
      }
    }
    return undefined;
  };
}

export interface RateLimitRule {
  /** Route patterns as registered, with their method: `POST /v1/cases/:caseId/searches`. */
  readonly routes: readonly string[];
  readonly capacity: number;
  readonly refillPerMinute: number;
  /** Default: the client address and the principal's username. */
  readonly key?: (request: FastifyRequest) => string;
}

export interface RateLimitOptions {
  readonly rules: readonly RateLimitRule[];
  readonly clock?: Clock;
}

async function rateLimitsPlugin(
  app: Parameters<FastifyPluginAsync<RateLimitOptions>>[0],
  o: RateLimitOptions,
): Promise<void> {
  const byRoute = new Map<string, LimitedBucket[]>();
  for (const rule of o.rules) {
    const limit = { buckets: new TokenBuckets(rule, o.clock), key: rule.key ?? addressAndUser };
    for (const route of rule.routes) byRoute.set(route, [...(byRoute.get(route) ?? []), limit]);
  }
  const hooks = new Map([...byRoute].map(([route, limits]) => [route, rateLimitHook(limits)]));
  app.addHook('preHandler', async (request, reply) => {
    const hook = hooks.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    return hook ? hook(request, reply) : undefined;
  });
}

/** `app.register(rateLimits, { rules })` on the root instance: limits the routes the rules name. */
export const rateLimits: FastifyPluginAsync<RateLimitOptions> = global(rateLimitsPlugin, 'vigil-rate-limits');
