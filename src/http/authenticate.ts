/**
 * Authentication and authorisation in one place, for every route: an `onRequest` hook resolves
 * the caller from a bearer API token (`Authorization: Bearer vgl_...`) or the `vigil_session`
 * cookie, checks the CSRF header on state-changing cookie requests, then enforces the route's
 * declared permission with the role table: `public` passes, no caller is 401 `unauthenticated`, a
 * caller without the permission is 403 `forbidden`. Denials are audited, aggregated per source and
 * minute (`auth.denied`, then `auth.denied-summary`: denied-requests.ts), so a flood cannot fill the log.
 * Register once on the root instance; the principal is then `request.principal` everywhere.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveSession, AuthService, Principal } from '../governance/identity/auth.service.ts';
import { safeEqual } from '../governance/identity/secrets.ts';
import { isAllowed } from '../governance/roles.ts';
import { DenialAudit } from './denied-requests.ts';
import { HttpError } from './errors.ts';
import type { Permission } from '../governance/permissions.ts';

export type { Principal } from '../governance/identity/auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; null when nobody is signed in (only `public` routes see that). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Open to a caller who must first change the password an administrator set (GET /v1/me, the change itself). */
    duringPasswordChange?: true;
  }
}

export const sessionCookieName = 'vigil_session';
export const csrfHeaderName = 'x-csrf-token';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CookieAttributes {
  readonly httpOnly?: boolean;
  readonly secure: boolean;
  readonly sameSite: 'strict' | 'lax';
  readonly path: string;
  /** Seconds; 0 deletes the cookie; omitted: until the browser closes. */
  readonly maxAge?: number;
}

/** Sets a cookie on the reply through @fastify/cookie (HttpOnly unless said otherwise). */
export function setCookie(reply: FastifyReply, name: string, value: string, a: CookieAttributes): void {
  reply.setCookie(name, value, {
    path: a.path,
    sameSite: a.sameSite,
    httpOnly: a.httpOnly !== false,
    secure: a.secure,
    ...(a.maxAge !== undefined ? { maxAge: Math.max(0, Math.floor(a.maxAge)) } : {}),
  });
}

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure unless turned off for local plain http. */
export function setSessionCookie(reply: FastifyReply, sessionId: string, secure: boolean): void {
  setCookie(reply, sessionCookieName, sessionId, { secure, sameSite: 'strict', path: '/' });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  setCookie(reply, sessionCookieName, '', { secure, sameSite: 'strict', path: '/', maxAge: 0 });
}

export interface AuthenticateOptions {
  readonly auth: Pick<AuthService, 'resolveSession' | 'resolveToken' | 'audited'>;
  /** Record 401s and 403s in the audit log, aggregated per source and window (default true). */
  readonly auditDenials?: boolean;
  /** The aggregation window (default one minute). */
  readonly denialWindowMs?: number;
}

const sessions = new WeakMap<FastifyRequest, ActiveSession>();

/** The browser session behind this request, when it was authenticated by cookie. */
export function sessionOf(request: FastifyRequest): ActiveSession | undefined {
  return sessions.get(request);
}

/** The signed-in caller, or 401. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError(401, 'unauthenticated', 'sign in first');
  return request.principal;
}

/** The acting user's username, for records and audit entries; 401 when nobody is signed in. */
export function actorOf(request: FastifyRequest): string {
  return requirePrincipal(request).username;
}

interface Identified {
  readonly principal: Principal | null;
  readonly session?: ActiveSession;
  /** A credential was presented but is not (or no longer) valid. */
  readonly stale: boolean;
}

async function identify(request: FastifyRequest, auth: AuthenticateOptions['auth']): Promise<Identified> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const principal = m?.[1] ? await auth.resolveToken(m[1]) : null;
    return { principal, stale: principal === null };
  }
  const cookie = request.cookies[sessionCookieName];
  if (!cookie) return { principal: null, stale: false };
  const session = await auth.resolveSession(cookie);
  return session ? { principal: session.principal, session, stale: false } : { principal: null, stale: true };
}

function csrfValid(request: FastifyRequest, session: ActiveSession): boolean {
  const header = request.headers[csrfHeaderName];
  return typeof header === 'string' && safeEqual(header, session.csrfToken);
}

/**
 * A password an administrator set opens nothing but the change to one the user chooses (issue 12):
 * so that administrator can never use it to act as the user.
 */
function passwordChangeGate(request: FastifyRequest, principal: Principal): void {
  if (principal.mustChangePassword && !request.routeOptions.config?.duringPasswordChange) {
    throw new HttpError(
      403,
      'password-change-required',
      'your password was set by an administrator: choose a new one first (POST /v1/auth/password)',
    );
  }
}

async function authenticatePlugin(
  app: Parameters<FastifyPluginAsync<AuthenticateOptions>>[0],
  o: AuthenticateOptions,
): Promise<void> {
  const denials =
    (o.auditDenials ?? true)
      ? new DenialAudit({
          audit: (entry) => o.auth.audited(entry),
          ...(o.denialWindowMs ? { windowMs: o.denialWindowMs } : {}),
          onError: (err) => app.log.error({ err }, 'could not audit denials'),
        })
      : null;
  if (denials) app.addHook('onClose', async () => denials.close());
  // Cookies parsed (and set) by @fastify/cookie; its onRequest hook runs before the one below.
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  app.decorateRequest('principal', null);

  const deny = async (
    request: FastifyRequest,
    permission: Permission | undefined,
    reason: 'unauthenticated' | 'forbidden' | 'csrf',
    principal: Principal | null,
    stale = false,
  ): Promise<never> => {
    if (denials) {
      const details = {
        method: request.method,
        route: request.routeOptions.url ?? null,
        permission: permission ?? null,
        reason,
        ...(principal ? { via: principal.via } : {}),
        ...(stale ? { credential: 'invalid-or-expired' } : {}),
        address: request.ip,
      };
      const denial = {
        address: request.ip,
        actor: principal?.username ?? null,
        reason,
        method: request.method,
        route: request.routeOptions.url ?? null,
        details,
      };
      await denials.deny(denial).catch((err: unknown) => request.log.error({ err }, 'could not audit a denial'));
    }
    if (reason === 'unauthenticated') {
      const message = stale
        ? 'the session has ended or the API token is not valid (unknown, revoked or expired): sign in again'
        : 'sign in first: a session cookie or a bearer API token';
      throw new HttpError(401, 'unauthenticated', message);
    }
    if (reason === 'csrf') {
      throw new HttpError(403, 'csrf', `a state-changing request by cookie must carry the ${csrfHeaderName} header`);
    }
    throw new HttpError(403, 'forbidden', `this needs the permission ${permission ?? '(none declared)'}`);
  };

  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const permission = request.routeOptions.config?.permission;
    const found = await identify(request, o.auth);
    let { principal } = found;
    if (found.session && unsafeMethods.has(request.method) && !csrfValid(request, found.session)) {
      // A public route (login, setup) runs as anonymous; anything else is refused.
      if (permission !== 'public') return deny(request, permission, 'csrf', principal);
      principal = null;
    } else if (found.session) {
      sessions.set(request, found.session);
    }
    request.principal = principal;
    if (permission === 'public') return;
    if (!principal) return deny(request, permission, 'unauthenticated', null, found.stale);
    passwordChangeGate(request, principal);
    // A route without a declared permission is refused (app.ts also stops such a route being added).
    if (!permission || !isAllowed(principal.roles, permission))
      return deny(request, permission, 'forbidden', principal);
  });
}

/** Registered with `app.register(authenticate, { auth })` on the root instance; applies to every route. */
export const authenticate: FastifyPluginAsync<AuthenticateOptions> = Object.assign(authenticatePlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'vigil-authenticate',
});
