/** System routes: liveness (`/health`), readiness (`/ready`) and the API description (`/openapi.json`). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../errors.ts';
import { healthResponse, openApiResponse, readinessResponse } from './system.dto.ts';
import type { SystemService } from '../../ops/system.service.ts';

export interface SystemRoutesOptions {
  readonly system: SystemService;
}

export const systemRoutes: FastifyPluginAsyncZod<SystemRoutesOptions> = async (app, { system }) => {
  app.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'health',
        tags: ['system'],
        summary: 'Liveness: the process answers',
        response: { 200: healthResponse, ...errorResponses(500) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { permission: 'public' },
      schema: {
        operationId: 'ready',
        tags: ['system'],
        summary: 'Readiness: the face engine is up and the API is not shutting down',
        response: { 200: readinessResponse, 503: readinessResponse, ...errorResponses(500) },
      },
    },
    async (_request, reply) => {
      const readiness = await system.readiness();
      return reply.code(readiness.ready ? 200 : 503).send(readiness);
    },
  );

  app.get(
    '/openapi.json',
    {
      config: { permission: 'public' },
      schema: { hide: true, response: { 200: openApiResponse } },
    },
    async () => app.swagger() as { openapi: string },
  );
};
