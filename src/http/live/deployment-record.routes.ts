/** The deployment record with the published columns (R24), as JSON or CSV; registered by deployments.routes.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AlertService } from '../../live/alert.service.ts';
import { deploymentRecord, recordsToCsv } from '../../live/deployment-record.ts';
import type { DeploymentService } from '../../live/deployment.service.ts';
import { errorResponses } from '../errors.ts';
import { deploymentIdParams, recordQuery } from './deployments.dto.ts';

export interface DeploymentRecordRoutesOptions {
  readonly deployments: Pick<DeploymentService, 'get' | 'cameras' | 'counts'>;
  readonly alerts: Pick<AlertService, 'list'>;
}

const coverageGap = z.object({
  camera: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  seconds: z.number().nullable(),
  reason: z.string(),
});
const recordRow = z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(coverageGap)]));

export const deploymentRecordRoutes: FastifyPluginAsyncZod<DeploymentRecordRoutesOptions> = async (app, o) => {
  const { deployments } = o;
  const one = { params: deploymentIdParams };

  app.get(
    '/v1/deployments/:id/record',
    {
      config: { permission: 'reports:read' },
      schema: {
        operationId: 'getDeploymentRecord',
        tags: ['reports'],
        summary: 'The deployment record with the published columns (R24), as JSON or CSV',
        ...one,
        querystring: recordQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: recordRow, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const d = await deployments.get(request.params.id);
      const record = deploymentRecord(
        d,
        await o.alerts.list(d.id, { limit: 100_000, offset: 0 }),
        await deployments.cameras(d.id),
        await deployments.counts(d.id),
      );
      if (request.query.format === 'csv') {
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="deployment-${d.id}.csv"`)
          .send(recordsToCsv([record]) as never);
      }
      return { ...record, gaps: [...(record.gaps ?? [])] };
    },
  );
};
