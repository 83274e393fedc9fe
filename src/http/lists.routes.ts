/** The configured closed lists a console offers: watchlist categories (R7) and offence types (R31, R38). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface ListsRoutesOptions {
  readonly categories: readonly string[];
  readonly offenceTypes: readonly string[];
  readonly probeProvenances: readonly string[];
}

export const listsRoutes: FastifyPluginAsyncZod<ListsRoutesOptions> = async (app, o) => {
  app.get(
    '/v1/lists',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'configuredLists',
        tags: ['system'],
        summary: 'The closed lists this installation is configured with',
        response: {
          200: z.object({
            watchlistCategories: z.array(z.string()),
            offenceTypes: z.array(z.string()),
            probeProvenances: z.array(z.string()),
          }),
        },
      },
    },
    async () => ({
      watchlistCategories: [...o.categories],
      offenceTypes: [...o.offenceTypes],
      probeProvenances: [...o.probeProvenances],
    }),
  );
};
