/** Model routes: which packs, nets and registered models the server can use, with their model cards. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../errors.ts';
import { modelsResponse } from './models.dto.ts';
import type { ModelInventory } from '../../faces/model-inventory.ts';

export interface ModelsRoutesOptions {
  readonly models: ModelInventory;
}

export const modelsRoutes: FastifyPluginAsyncZod<ModelsRoutesOptions> = async (app, { models }) => {
  app.get(
    '/v1/models',
    {
      config: { permission: 'models:read' },
      schema: {
        operationId: 'listModels',
        tags: ['models'],
        summary: 'Model packs, built-in nets and registered models, each with its model card (R28)',
        response: { 200: modelsResponse, ...errorResponses(500) },
      },
    },
    async () => models.list(),
  );
};
