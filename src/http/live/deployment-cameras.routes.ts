/** A deployment's cameras: list (with live status while it runs) and add; registered by deployments.routes.ts. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeploymentService } from '../../live/deployment.service.ts';
import type { LiveStatusService } from '../../live/live-status.ts';
import { actorOf } from '../actor.ts';
import { errorResponses } from '../errors.ts';
import { cameraBody, cameraSchema, deploymentIdParams } from './deployments.dto.ts';
import { presentCamera, presentCameraStatus } from './deployments.present.ts';

export interface DeploymentCamerasRoutesOptions {
  readonly deployments: Pick<DeploymentService, 'cameras' | 'addCamera'>;
  readonly liveStatus: Pick<LiveStatusService, 'status'>;
}

const changeErrors = errorResponses(400, 401, 403, 404, 409, 422);

export const deploymentCamerasRoutes: FastifyPluginAsyncZod<DeploymentCamerasRoutesOptions> = async (app, o) => {
  const { deployments } = o;
  const one = { params: deploymentIdParams };

  app.get(
    '/v1/deployments/:id/cameras',
    {
      config: { permission: 'cameras:read' },
      schema: {
        operationId: 'listCameras',
        tags: ['deployments'],
        summary: 'Cameras, with live status while the deployment runs',
        ...one,
        response: {
          200: z.object({
            cameras: z.array(cameraSchema.extend({ status: z.record(z.string(), z.unknown()).nullable() })),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const cameras = await deployments.cameras(request.params.id);
      const live = await o.liveStatus.status(request.params.id);
      return {
        cameras: cameras.map((c) => {
          const status = live?.cameras[c.id];
          return { ...presentCamera(c), status: status ? presentCameraStatus(status) : null };
        }),
      };
    },
  );

  app.post(
    '/v1/deployments/:id/cameras',
    {
      config: { permission: 'deployments:write' },
      schema: {
        operationId: 'addCamera',
        tags: ['deployments'],
        summary: 'Add a camera (at most the authorised count)',
        ...one,
        body: cameraBody,
        response: { 201: cameraSchema, ...changeErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentCamera(
            await deployments.addCamera(request.params.id, request.body.name, request.body.source, actorOf(request)),
          ),
        ),
  );
};
