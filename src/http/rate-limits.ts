/**
 * Rate limits through @fastify/rate-limit (issue 15): login and setup per address (and per address
 * and username), searches per user, any route by rule. Each limit is a fixed window of `capacity`
 * requests per `capacity / refillPerMinute` minutes: the same burst and the same sustained rate as
 * the token buckets it replaces (a client may get up to twice the capacity across a window's edge;
 * the account lockout still stops password guessing). With `redisUrl` (the installation's Redis,
 * VIGIL_QUEUE_URL / VIGIL_EVENTS_URL) the counts live in Redis, so every API process behind the
 * load balancer draws on one budget; without it, in memory. If Redis cannot be reached the limit
 * is skipped and a warning logged: availability of the API over a second brake on login attempts.
 * A refusal is 429 with Retry-After and the API's error shape. Addresses are `request.ip`, which
 * honours X-Forwarded-For only from the proxies `http.trustProxy` names (app.ts); IPv6 clients are
 * counted per /64.
 */
import rateLimit, { normalizeIP, type CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';

export interface RateLimitSettings {
  readonly capacity: number;
  readonly refillPerMinute: number;
}

/** The fixed window of a limit: `capacity` requests per the time a bucket took to refill completely. */
export function windowOf(s: RateLimitSettings): { max: number; timeWindow: number } {
  if (!(s.capacity >= 1) || !(s.refillPerMinute > 0)) {
    throw new RangeError('a rate limit needs capacity >= 1 and a positive refill rate');
  }
  return { max: Math.floor(s.capacity), timeWindow: Math.ceil((s.capacity / s.refillPerMinute) * 60_000) };
}

/** The client's address as counted: IPv4 as is, IPv6 by its /64 (one host usually holds the whole /64). */
export const clientAddress = (request: FastifyRequest): string => normalizeIP(request.ip);

/** The client's address and, when signed in, the username: the default key. */
export const addressAndUser = (request: FastifyRequest): string =>
  `${clientAddress(request)}\n${request.principal?.username ?? ''}`;

export interface NamedLimit {
  /** Keeps this limit's counts apart from the others' (also in Redis). */
  readonly name: string;
  readonly settings: RateLimitSettings;
  /** The budget a request draws from, e.g. its address and username. */
  readonly key: (request: FastifyRequest) => string;
}

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * A preHandler that counts the request against each limit in turn and answers 429 with Retry-After
 * at the first one exceeded. Runs after body parsing, so a key may use the body (the login username).
 */
export function limitHook(app: FastifyInstance, limits: readonly NamedLimit[]) {
  if (!app.hasDecorator('createRateLimit')) throw new Error('register the rateLimits plugin before limited routes');
  const checks: Check[] = limits.map((l) => {
    const options: CreateRateLimitOptions & { cache: number } = {
      ...windowOf(l.settings),
      keyGenerator: (request) => `${l.name}:${l.key(request)}`,
      cache: 100_000,
    };
    return app.createRateLimit(options);
  });
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    for (const check of checks) {
      const r = await check(request);
      if (!r.isAllowed && r.isExceeded) {
        const after = Math.max(1, r.ttlInSeconds);
        return reply
          .code(429)
          .header('retry-after', String(after))
          .send({ error: { code: 'rate-limited', message: `too many requests; try again in ${after} s` } });
      }
    }
    return undefined;
  };
}

export interface RateLimitRule extends RateLimitSettings {
  /** Route patterns as registered, with their method: `POST /v1/cases/:caseId/searches`. */
  readonly routes: readonly string[];
  /** Keeps the rule's counts apart; default the first route. Rules naming the same routes share nothing. */
  readonly name?: string;
  /** Default: the client address and the principal's username. */
  readonly key?: (request: FastifyRequest) => string;
}

export interface RateLimitOptions {
  readonly rules?: readonly RateLimitRule[];
  /** redis:// URL: counts shared by every process using the same Redis. Absent: in this process's memory. */
  readonly redisUrl?: string | undefined;
  /** Key prefix in Redis (default `vigil:rate-limit:`). */
  readonly prefix?: string;
}

async function rateLimitsPlugin(app: FastifyInstance, o: RateLimitOptions): Promise<void> {
  let redis: Redis | undefined;
  if (o.redisUrl) {
    // A few short retries, then the request goes on unlimited (skipOnError) rather than waiting on Redis.
    redis = new Redis(o.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2_000, connectTimeout: 5_000 });
    redis.on('error', (err: Error) => app.log.warn({ err: err.message }, 'rate-limit store: Redis unavailable'));
    const client = redis;
    app.addHook('onClose', async () => {
      await client.quit().catch(() => client.disconnect());
    });
  }
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    ...(redis ? { redis, nameSpace: o.prefix ?? 'vigil:rate-limit:' } : {}),
  });
  const byRoute = new Map<string, NamedLimit[]>();
  for (const rule of o.rules ?? []) {
    const limit = { name: rule.name ?? rule.routes[0] ?? 'rule', settings: rule, key: rule.key ?? addressAndUser };
    for (const route of rule.routes) byRoute.set(route, [...(byRoute.get(route) ?? []), limit]);
  }
  const hooks = new Map([...byRoute].map(([route, limits]) => [route, limitHook(app, limits)]));
  if (hooks.size === 0) return;
  app.addHook('preHandler', async (request, reply) => {
    const hook = hooks.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    return hook ? hook(request, reply) : undefined;
  });
}

/** `app.register(rateLimits, { rules, redisUrl })` on the root instance, before the routes it limits. */
export const rateLimits: FastifyPluginAsync<RateLimitOptions> = Object.assign(rateLimitsPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'vigil-rate-limits',
});
