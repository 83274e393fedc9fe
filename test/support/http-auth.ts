/**
 * Test support for the identity routes: a Fastify app with only the authentication plugin, the
 * security headers, the auth and user routes and two probe routes, over a test database, with a
 * clock the test moves and an audit spy that also writes the real audit log.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../src/db/database.ts';
import type { Clock } from '../../src/shared/clock.ts';
import type { TestDatabase } from './db.ts';
import { appendAudit, type AuditEntryInput } from '../../src/governance/audit/audit-log.ts';
import { identityConfig } from '../../src/governance/identity/identity.config.ts';
import type { AuditSink } from '../../src/governance/identity/identity.deps.ts';
import { openIdentity, type Identity } from '../../src/governance/identity/identity.ts';
import type { UserKind } from '../../src/db/tables/identity.ts';
import type { ScryptParams } from '../../src/governance/identity/password.ts';
import { seedUserRow } from './identity.ts';
import type { Role } from '../../src/governance/roles.ts';
import { authRoutes } from '../../src/http/governance/auth.routes.ts';
import { actorOf, authenticate } from '../../src/http/authenticate.ts';
import { errorHandler } from '../../src/http/errors.ts';
import { assertPermissionDeclared } from '../../src/http/route-permission.ts';
import { rateLimits, type RateLimitRule } from '../../src/http/rate-limits.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { usersRoutes } from '../../src/http/governance/users.routes.ts';
import { myTokensRoutes } from '../../src/http/governance/my-tokens.routes.ts';

/** Cheaper than production (N=2^15) so flows with many logins stay fast; password.test.ts checks the real one. */
export const testScrypt: ScryptParams = { ln: 12, r: 8, p: 1 };

/** The identity tests' clock (a shared `Clock`): starts at a fixed time, moved by hand. */
export class ManualClock implements Clock {
  constructor(public current = new Date('2030-01-01T09:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.current);
  readonly nowIso = (): string => this.current.toISOString();
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
export const minutes = (n: number): number => n * 60_000;

export interface RecordedAudit extends AuditEntryInput {
  /** Was it written inside a transaction (as appendAudit requires)? */
  readonly inTransaction: boolean;
}

export interface AuthTestApp {
  readonly app: FastifyInstance;
  readonly identity: Identity;
  readonly database: Database;
  readonly clock: ManualClock;
  readonly audits: RecordedAudit[];
  /** The audit spy (records into `audits`, writes the real log). */
  readonly audit: AuditSink;
  close(): Promise<void>;
}

export interface AuthTestAppOptions {
  readonly config?: Record<string, unknown>;
  readonly auditDenials?: boolean;
  readonly rateLimits?: readonly RateLimitRule[];
  /** Rate-limit counts in this Redis (shared by apps given the same URL and prefix). */
  readonly redisUrl?: string;
  readonly redisPrefix?: string;
}

export async function openAuthTestApp(target: TestDatabase, o: AuthTestAppOptions = {}): Promise<AuthTestApp> {
  const database = await target.open();
  const clock = new ManualClock();
  const audits: RecordedAudit[] = [];
  const audit: AuditSink = async (q, entry) => {
    audits.push({ ...entry, inTransaction: q.isTransaction });
    return appendAudit(q, entry);
  };
  const config = identityConfig({ secureCookies: false, ...o.config });
  const identity = openIdentity({ db: database.db, config, clock, audit, scrypt: testScrypt });

  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(1024));
  app.addHook('onRoute', assertPermissionDeclared);
  await app.register(securityHeaders, { hsts: config.secureCookies });
  await app.register(authenticate, {
    auth: identity.auth,
    ...(o.auditDenials !== undefined ? { auditDenials: o.auditDenials } : {}),
  });
  await app.register(rateLimits, {
    ...(o.rateLimits ? { rules: o.rateLimits } : {}),
    ...(o.redisUrl ? { redisUrl: o.redisUrl, prefix: o.redisPrefix } : {}),
  });
  await app.register(authRoutes, { identity, clock });
  await app.register(usersRoutes, { users: identity.users, clock });
  await app.register(myTokensRoutes, { users: identity.users, clock });
  const actor = { response: { 200: z.object({ actor: z.string() }) } };
  app.get('/test/search', { config: { permission: 'search:run' }, schema: actor }, async (r) => ({
    actor: actorOf(r),
  }));
  app.post('/test/cases', { config: { permission: 'cases:write' }, schema: actor }, async (r) => ({
    actor: actorOf(r),
  }));
  app.get('/test/public', { config: { permission: 'public' } }, async () => ({ ok: true }));
  await app.ready();
  return {
    app,
    identity,
    database,
    clock,
    audits,
    audit,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A user created directly as a fixture, roles held at once (audited as created by `seed`). */
export async function seedUser(
  t: AuthTestApp,
  username: string,
  roles: Role[],
  password?: string,
  kind?: UserKind,
): Promise<string> {
  const row = await seedUserRow(
    t.database.db,
    { username, roles, password, createdAt: t.clock.now().toISOString(), ...(kind ? { kind } : {}) },
    { audit: t.audit, scrypt: testScrypt },
  );
  return row.id;
}

export interface Signed {
  /** `vigil_session=...` for the Cookie header. */
  readonly cookie: string;
  readonly csrf: string;
}

export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  const set = response.headers['set-cookie'];
  const all = Array.isArray(set) ? set : set ? [set] : [];
  return all.find((c) => c.startsWith('vigil_session='))?.split(';')[0];
}

export async function login(t: AuthTestApp, username: string, password: string): Promise<Signed> {
  const r = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login failed: ${r.statusCode} ${r.body}`);
  const cookie = sessionCookieOf(r);
  if (!cookie) throw new Error('no session cookie');
  return { cookie, csrf: (r.json() as { csrfToken: string }).csrfToken };
}

/** Headers of a state-changing request made by a signed-in browser. */
export const browser = (s: Signed): Record<string, string> => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

export const actions = (t: AuthTestApp): string[] => t.audits.map((a) => a.action);
