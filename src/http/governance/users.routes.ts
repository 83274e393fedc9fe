/**
 * User administration (permission users:admin): accounts, roles, password resets and API tokens,
 * and the two-person rule for roles that reach biometric data (role grants; R30, issue 12).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { UserAdminService } from '../../governance/identity/users.service.ts';
import { requirePrincipal } from '../authenticate.ts';
import { errorResponses } from '../errors.ts';
import {
  createTokenBody,
  createTokenResponse,
  createUserBody,
  grantParams,
  passwordBody,
  presentGrant,
  presentToken,
  presentUser,
  presentUserWithGrants,
  refuseGrantBody,
  roleGrantSchema,
  tokenParams,
  tokenSchema,
  updateUserBody,
  userIdParams,
  userSchema,
  userWithGrantsSchema,
} from './users.dto.ts';

export interface UsersRoutesOptions {
  readonly users: UserAdminService;
  readonly clock?: Clock;
}

const admin = { permission: 'users:admin' } as const;
const tags = ['users'];

export const usersRoutes: FastifyPluginAsyncZod<UsersRoutesOptions> = async (app, { users, clock = systemClock }) => {
  app.get(
    '/v1/users',
    {
      config: admin,
      schema: {
        operationId: 'listUsers',
        tags,
        summary: 'Every user, with roles and lockout state',
        response: { 200: z.object({ users: z.array(userSchema) }), ...errorResponses(401, 403) },
      },
    },
    async () => {
      const now = clock.now();
      return { users: (await users.list()).map((u) => presentUser(u, now)) };
    },
  );

  app.post(
    '/v1/users',
    {
      config: admin,
      schema: {
        operationId: 'createUser',
        tags,
        summary: 'Create a user (with a password, or none for OpenID Connect and machine users)',
        description:
          'Roles that reach no biometric data are granted at once; the others wait in a pending grant for a second ' +
          'administrator. A password set here is temporary: the user must choose a new one when they sign in.',
        body: createUserBody,
        response: { 201: userWithGrantsSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const created = await users.create(request.body, requirePrincipal(request));
      return reply.code(201).send(presentUserWithGrants(created, clock.now()));
    },
  );

  app.get(
    '/v1/users/grants',
    {
      config: admin,
      schema: {
        operationId: 'listRoleGrants',
        tags,
        summary: 'Role grants waiting for a second administrator',
        response: { 200: z.object({ grants: z.array(roleGrantSchema) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ grants: (await users.grants.pending()).map(presentGrant) }),
  );

  app.post(
    '/v1/users/grants/:id/approve',
    {
      config: admin,
      schema: {
        operationId: 'approveRoleGrant',
        tags,
        summary: 'Approve a pending role grant: the user gets the roles',
        description: 'Only an administrator who neither asked for the grant nor would receive it.',
        params: grantParams,
        response: { 200: roleGrantSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => presentGrant(await users.grants.approve(request.params.id, requirePrincipal(request))),
  );

  app.post(
    '/v1/users/grants/:id/refuse',
    {
      config: admin,
      schema: {
        operationId: 'refuseRoleGrant',
        tags,
        summary: 'Refuse a pending role grant',
        description: 'Only an administrator who neither asked for the grant nor would receive it.',
        params: grantParams,
        body: refuseGrantBody,
        response: { 200: roleGrantSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      presentGrant(await users.grants.refuse(request.params.id, requirePrincipal(request), request.body.reason)),
  );

  app.patch(
    '/v1/users/:id',
    {
      config: admin,
      schema: {
        operationId: 'updateUser',
        tags,
        summary: 'Change roles, display name, disabled, or clear a lockout',
        description:
          'Nobody changes their own roles, and an administrator cannot disable themself. Removing a role is ' +
          'immediate; adding one that reaches biometric data makes a pending grant for a second administrator.',
        params: userIdParams,
        body: updateUserBody,
        response: { 200: userWithGrantsSchema, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const changed = await users.update(request.params.id, request.body, requirePrincipal(request));
      return presentUserWithGrants(changed, clock.now());
    },
  );

  app.post(
    '/v1/users/:id/password',
    {
      config: admin,
      schema: {
        operationId: 'resetPassword',
        tags,
        summary: "Set a temporary password: clears a lockout and ends the user's sessions",
        description: 'Signing in with it gives a session that can only choose a new password (POST /v1/auth/password).',
        params: userIdParams,
        body: passwordBody,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await users.resetPassword(request.params.id, request.body.password, requirePrincipal(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/users/:id/tokens',
    {
      config: admin,
      schema: {
        operationId: 'createToken',
        tags,
        summary: 'Issue an API token for your own account or a machine account: the secret is shown once',
        description: 'Never for another person (403 token-for-another-person): that would let you act as them.',
        params: userIdParams,
        body: createTokenBody,
        response: { 201: createTokenResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { row, token } = await users.createToken(request.params.id, request.body, requirePrincipal(request));
      return reply.code(201).send({ token: presentToken(row, clock.now()), secret: token });
    },
  );

  app.get(
    '/v1/users/:id/tokens',
    {
      config: admin,
      schema: {
        operationId: 'listTokens',
        tags,
        summary: "A user's API tokens (never their secrets)",
        params: userIdParams,
        response: { 200: z.object({ tokens: z.array(tokenSchema) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const now = clock.now();
      return { tokens: (await users.tokens(request.params.id)).map((t) => presentToken(t, now)) };
    },
  );

  app.delete(
    '/v1/users/:id/tokens/:tokenId',
    {
      config: admin,
      schema: {
        operationId: 'revokeToken',
        tags,
        summary: 'Revoke an API token: it stops working at once',
        params: tokenParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await users.revokeToken(request.params.id, request.params.tokenId, requirePrincipal(request));
      return reply.code(204).send(null);
    },
  );
};
