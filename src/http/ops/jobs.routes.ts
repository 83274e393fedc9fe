/**
 * The job queue for administrators (issue 7): how many jobs wait, run, finished and failed, and
 * the dead-letter list (jobs that threw on every attempt, with the error). Payloads carry ids and
 * paths, never biometric data.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { JobQueue } from '../../jobs/queue.ts';
import { errorResponses } from '../errors.ts';

export interface JobsRoutesOptions {
  readonly jobs: Pick<JobQueue, 'kind' | 'counts' | 'failed'>;
}

const count = z.number().int().min(0);

export const jobsRoutes: FastifyPluginAsyncZod<JobsRoutesOptions> = async (app, { jobs }) => {
  app.get(
    '/v1/jobs',
    {
      config: { permission: 'jobs:admin' },
      schema: {
        operationId: 'jobQueue',
        tags: ['system'],
        summary: 'The job queue: counts by state and the dead-letter list, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: {
          200: z.object({
            queue: z.enum(['in-process', 'bullmq']),
            counts: z.object({ waiting: count, delayed: count, active: count, completed: count, failed: count }),
            failed: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                payload: z.unknown(),
                error: z.string(),
                attempts: count,
                failedAt: z.string(),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => ({
      queue: jobs.kind,
      counts: await jobs.counts(),
      failed: await jobs.failed(request.query.limit),
    }),
  );
};
