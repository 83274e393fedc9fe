/** User administration (permission users:admin): accounts, roles, password resets and API tokens. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemClock, type Clock } from '../governance/identity/policy.ts';
import type { UserAdminService } from '../governance/identity/users.service.ts';
import { requirePrincipal } from './authenticate.ts';
import { errorResponses } from './errors.ts';
import {
  createTokenBody,
  createTokenResponse,
  createUserBody,
  passwordBody,
  presentToken,
  presentUser,
  tokenParams,
  tokenSchema,
  updateUserBody,
  userIdParams,
  userSchema,
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
      const now = clock();
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
        body: createUserBody,
        response: { 201: userSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const row = await users.create(request.body, requirePrincipal(request));
      return reply.code(201).send(presentUser(row, clock()));
    },
  );

  app.patch(
    '/v1/users/:id',
    {
      config: admin,
      schema: {
        operationId: 'updateUser',
        tags,
        summary: 'Change roles, display name, disabled, or clear a lockout',
        description: 'An administrator cannot remove their own administrator role or disable themself.',
        params: userIdParams,
        body: updateUserBody,
        response: { 200: userSchema, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const row = await users.update(request.params.id, request.body, requirePrincipal(request));
      return presentUser(row, clock());
    },
  );

  app.post(
    '/v1/users/:id/password',
    {
      config: admin,
      schema: {
        operationId: 'resetPassword',
        tags,
        summary: "Set a user's password: clears a lockout and ends their sessions",
        params: userIdParams,
        body: passwordBody,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
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
        summary: 'Issue an API token for a user (machines): the secret is shown once',
        params: userIdParams,
        body: createTokenBody,
        response: { 201: createTokenResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { row, token } = await users.createToken(request.params.id, request.body, requirePrincipal(request));
      return reply.code(201).send({ token: presentToken(row, clock()), secret: token });
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
      const now = clock();
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
