/** A deployment's bespoke watchlist: list, add, remove entries (R7-R9, R13); registered by deployments.routes.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeploymentService } from '../../live/deployment.service.ts';
import type { WatchlistService } from '../../live/watchlist.service.ts';
import { actorOf } from '../actor.ts';
import { errorResponses } from '../errors.ts';
import { deploymentIdParams, entryBody, entryParams, entrySchema } from './deployments.dto.ts';
import { presentEntry } from './deployments.present.ts';

export interface WatchlistRoutesOptions {
  readonly deployments: Pick<DeploymentService, 'get'>;
  readonly watchlists: WatchlistService;
}

const changeErrors = errorResponses(400, 401, 403, 404, 409, 422);

export const watchlistRoutes: FastifyPluginAsyncZod<WatchlistRoutesOptions> = async (app, o) => {
  const { deployments, watchlists } = o;
  const one = { params: deploymentIdParams };

  app.get(
    '/v1/deployments/:id/watchlist',
    {
      config: { permission: 'watchlists:read' },
      schema: {
        operationId: 'listWatchlist',
        tags: ['watchlists'],
        summary: 'The bespoke watchlist of a deployment (provenance, quality, who added whom and why)',
        ...one,
        response: {
          200: z.object({ entries: z.array(entrySchema), size: z.number().int(), hash: z.string() }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      await deployments.get(request.params.id);
      const entries = await watchlists.entries(request.params.id);
      const summary = await watchlists.summary(request.params.id);
      return { entries: entries.map(presentEntry), size: summary.size, hash: summary.hash };
    },
  );

  app.post(
    '/v1/deployments/:id/watchlist',
    {
      config: { permission: 'watchlists:write' },
      schema: {
        operationId: 'addWatchlistEntry',
        tags: ['watchlists'],
        summary: 'Add a gallery subject in one authorised category (R7-R9, R13)',
        ...one,
        body: entryBody,
        response: { 201: entrySchema, ...changeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentEntry(await watchlists.addEntry(request.params.id, request.body, actorOf(request)))),
  );

  app.delete(
    '/v1/deployments/:id/watchlist/:entryId',
    {
      config: { permission: 'watchlists:write' },
      schema: {
        operationId: 'removeWatchlistEntry',
        tags: ['watchlists'],
        summary: 'Remove an entry (an authorised list goes back to draft)',
        params: entryParams,
        response: { 204: z.null(), ...changeErrors },
      },
    },
    async (request, reply) => {
      await watchlists.removeEntry(request.params.id, request.params.entryId, actorOf(request));
      return reply.code(204).send(null);
    },
  );
};
