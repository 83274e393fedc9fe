/**
 * A user's own API tokens (permission `authenticated`): how an investigator gets the token the
 * command line acts with (`VIGIL_TOKEN`). Only from a signed-in browser session, so a leaked token
 * cannot mint more; an administrator can never issue one for another person (users.service.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { UserAdminService } from '../../governance/identity/users.service.ts';
import { requirePrincipal } from '../authenticate.ts';
import { errorResponses, HttpError } from '../errors.ts';
import { createTokenBody, createTokenResponse, presentToken, tokenSchema } from './users.dto.ts';

export interface MyTokensRoutesOptions {
  readonly users: UserAdminService;
  readonly clock?: Clock;
}

const own = { permission: 'authenticated' } as const;
const tags = ['auth'];

export const myTokensRoutes: FastifyPluginAsyncZod<MyTokensRoutesOptions> = async (
  app,
  { users, clock = systemClock },
) => {
  app.post(
    '/v1/me/tokens',
    {
      config: own,
      schema: {
        operationId: 'createOwnToken',
        tags,
        summary: 'Issue an API token for your own account (the command line acts with it): the secret is shown once',
        body: createTokenBody,
        response: { 201: createTokenResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const who = requirePrincipal(request);
      if (who.via !== 'session') {
        throw new HttpError(
          403,
          'session-required',
          'sign in with your password to issue a token; a token cannot mint another',
        );
      }
      const { row, token } = await users.createToken(who.userId, request.body, who);
      return reply.code(201).send({ token: presentToken(row, clock.now()), secret: token });
    },
  );

  app.get(
    '/v1/me/tokens',
    {
      config: own,
      schema: {
        operationId: 'listOwnTokens',
        tags,
        summary: 'Your own API tokens (never their secrets)',
        response: { 200: z.object({ tokens: z.array(tokenSchema) }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const now = clock.now();
      return { tokens: (await users.tokens(requirePrincipal(request).userId)).map((t) => presentToken(t, now)) };
    },
  );

  app.delete(
    '/v1/me/tokens/:tokenId',
    {
      config: own,
      schema: {
        operationId: 'revokeOwnToken',
        tags,
        summary: 'Revoke one of your own API tokens: it stops working at once',
        params: z.object({ tokenId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const who = requirePrincipal(request);
      await users.revokeToken(who.userId, request.params.tokenId, who);
      return reply.code(204).send(null);
    },
  );
};
