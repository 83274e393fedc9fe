/**
 * Signing in and out: password login (rate limited per address and username, and per address:
 * rate-limits.ts), logout, the caller's own identity and permissions (what the console may offer),
 * first-start setup with the printed token, and OpenID Connect login when configured.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../governance/identity/auth.service.ts';
import type { Identity } from '../../governance/identity/identity.ts';
import { OidcError } from '../../governance/identity/oidc.ts';
import { normaliseUsername } from '../../governance/identity/policy.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { permissionsOf } from '../../governance/roles.ts';
import {
  authOptionsResponse,
  loginBody,
  meResponse,
  oidcCallbackQuery,
  passwordChangeBody,
  setupBody,
  type MeResponse,
} from './auth.dto.ts';
import { clearSessionCookie, requirePrincipal, sessionOf, setCookie, setSessionCookie } from '../authenticate.ts';
import { errorResponses, HttpError } from '../errors.ts';
import { clientAddress, limitHook } from '../rate-limits.ts';
import { presentUser, userSchema } from './users.dto.ts';

export interface AuthRoutesOptions {
  readonly identity: Identity;
  /** For presenting users; default the system clock. */
  readonly clock?: Clock;
}

export const oidcCookieName = 'vigil_oidc';
const OIDC_COOKIE_PATH = '/v1/auth/oidc';

export function meBody(principal: Principal, csrfToken: string | null): MeResponse {
  return {
    user: { id: principal.userId, username: principal.username, displayName: principal.displayName },
    roles: [...principal.roles],
    permissions: [...permissionsOf(principal.roles)].sort(),
    via: principal.via,
    passwordChangeRequired: principal.mustChangePassword === true,
    csrfToken,
  };
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { identity, clock = systemClock }) => {
  const { auth, config } = identity;
  const secure = config.secureCookies;
  const { perUser, perAddress } = config.loginRateLimit;
  // Needs the rateLimits plugin on the root instance (app.ts): shared through Redis when configured.
  const byAddress = { name: 'auth-address', settings: perAddress, key: clientAddress };
  const loginLimit = limitHook(app, [
    {
      name: 'login-user',
      settings: perUser,
      key: (r) =>
        `${clientAddress(r)}\n${normaliseUsername((r.body as { username?: string } | undefined)?.username ?? '')}`,
    },
    byAddress,
  ]);
  const addressLimit = limitHook(app, [byAddress]);

  app.post(
    '/v1/auth/login',
    {
      config: { permission: 'public' },
      preHandler: loginLimit,
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in with username and password: sets the session cookie and returns the CSRF token',
        body: loginBody,
        response: { 200: meResponse, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const result = await auth.login({ ...request.body, address: request.ip });
      if (!result.ok) {
        throw new HttpError(
          401,
          'invalid-credentials',
          'sign-in failed: wrong username or password, or the account is locked or disabled',
        );
      }
      const previous = sessionOf(request);
      if (previous) await auth.logout(previous);
      setSessionCookie(reply, result.session.sessionId, secure);
      return meBody(result.session.principal, result.session.csrfToken);
    },
  );

  app.post(
    '/v1/auth/logout',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'Sign out: ends the session and clears its cookie',
        response: { 204: z.null(), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      if (session) await auth.logout(session);
      clearSessionCookie(reply, secure);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/me',
    {
      config: { permission: 'authenticated', duringPasswordChange: true },
      schema: {
        operationId: 'me',
        tags: ['auth'],
        summary: 'The signed-in user, their roles and permissions, and the CSRF token of their session',
        response: { 200: meResponse, ...errorResponses(401) },
      },
    },
    async (request) => meBody(requirePrincipal(request), sessionOf(request)?.csrfToken ?? null),
  );

  app.post(
    '/v1/auth/password',
    {
      config: { permission: 'authenticated', duringPasswordChange: true },
      preHandler: addressLimit,
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        summary: 'Change your own password (required after an administrator set it): ends your other sessions',
        body: passwordChangeBody,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await auth.changePassword({
        userId: principal.userId,
        ...request.body,
        keepSession: sessionOf(request)?.idHash,
        address: request.ip,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/auth/options',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'authOptions',
        tags: ['auth'],
        summary: 'How one can sign in, and whether first-start setup is still pending',
        response: { 200: authOptionsResponse },
      },
    },
    async () => ({ setupRequired: await identity.setup.required(), oidc: identity.oidc !== undefined }),
  );

  app.post(
    '/v1/setup',
    {
      config: { permission: 'public' },
      preHandler: addressLimit,
      schema: {
        operationId: 'setup',
        tags: ['auth'],
        summary: 'First start: create the first administrator with the one-time token the server printed',
        body: setupBody,
        response: { 201: userSchema, ...errorResponses(400, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const user = await identity.setup.complete(request.body);
      return reply.code(201).send(presentUser(user, clock.now()));
    },
  );

  app.get(
    '/v1/auth/oidc/start',
    {
      config: { permission: 'public' },
      preHandler: addressLimit,
      schema: {
        operationId: 'oidcStart',
        tags: ['auth'],
        summary: 'Sign in through the identity provider: redirects there (PKCE, state and nonce)',
        response: {
          302: z.null().describe("redirect to the identity provider's authorization endpoint"),
          ...errorResponses(404, 429, 502),
        },
      },
    },
    async (_request, reply) => {
      const oidc = identity.oidc;
      if (!oidc) throw new HttpError(404, 'oidc-not-configured', 'OpenID Connect sign-in is not configured');
      let started: Awaited<ReturnType<typeof oidc.start>>;
      try {
        started = await oidc.start();
      } catch {
        throw new HttpError(502, 'oidc-unavailable', 'the identity provider cannot be reached');
      }
      // Lax, not Strict: the browser must send it on the top-level redirect back from the provider.
      setCookie(reply, oidcCookieName, started.binding, {
        secure,
        sameSite: 'lax',
        path: OIDC_COOKIE_PATH,
        maxAge: 600,
      });
      return reply.redirect(started.url, 302);
    },
  );

  app.get(
    '/v1/auth/oidc/callback',
    {
      config: { permission: 'public' },
      preHandler: addressLimit,
      schema: {
        operationId: 'oidcCallback',
        tags: ['auth'],
        summary: 'Where the identity provider sends the browser back: signs in and redirects to the console',
        querystring: oidcCallbackQuery,
        response: {
          302: z.null().describe('signed in: redirect to the console'),
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const oidc = identity.oidc;
      if (!oidc) throw new HttpError(404, 'oidc-not-configured', 'OpenID Connect sign-in is not configured');
      // Single use: the binding cookie is cleared whatever the outcome.
      setCookie(reply, oidcCookieName, '', { secure, sameSite: 'lax', path: OIDC_COOKIE_PATH, maxAge: 0 });
      const binding = request.cookies[oidcCookieName];
      try {
        const session = await oidc.callback(request.query, binding, request.ip);
        setSessionCookie(reply, session.sessionId, secure);
        return reply.redirect(config.oidc?.postLoginRedirect ?? '/', 302);
      } catch (err) {
        if (!(err instanceof OidcError)) throw err;
        throw new HttpError(401, 'oidc-failed', `sign-in through the identity provider was refused (${err.reason})`);
      }
    },
  );
};
