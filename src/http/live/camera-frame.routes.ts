/**
 * The live view (issue 13): a camera's current analysed frame as one JPEG, with the faces found
 * drawn (box and track id), for the operator's camera grid, which asks for it about once a second.
 *
 * R18: the frame is a picture of passers-by. It is served from the memory of the process that
 * analyses the camera (latest-frame.ts), replaced by the next frame, and never written anywhere:
 * not to disk, the database, the media store or the event bus (so not relayed between processes:
 * with split roles, a camera another pipeline process runs answers 503 `camera-elsewhere`). The
 * response is `no-store`. Viewing is audited once per viewer and camera per viewing session (a
 * quarter of an hour), not per frame.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { VigilSchema } from '../../db/schema.ts';
import { appendAudit } from '../../governance/audit/audit-log.ts';
import type { DeploymentService } from '../../live/deployment.service.ts';
import type { LiveRunner } from '../../live/live-runner.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { actorOf } from '../actor.ts';
import { errorResponses } from '../errors.ts';

export interface CameraFrameRoutesOptions {
  readonly deployments: Pick<DeploymentService, 'get' | 'cameras'>;
  readonly runner: Pick<LiveRunner, 'latestFrame'>;
  readonly db: Kysely<VigilSchema>;
  readonly now?: () => number;
}

/** One audit entry per viewer and camera per this long. */
export const frameViewSessionMs = 15 * 60_000;

const params = z.object({ id: z.uuid(), cameraId: z.uuid() });
const binary = z.any().meta({ type: 'string', format: 'binary' });

export const cameraFrameRoutes: FastifyPluginAsyncZod<CameraFrameRoutesOptions> = async (app, o) => {
  const now = o.now ?? Date.now;
  /** Last audited view by `actor camera`: in memory, pruned as it goes (no frame in it). */
  const audited = new Map<string, number>();

  const auditView = async (actor: string, deploymentId: string, cameraId: string) => {
    const at = now();
    for (const [k, t] of audited) if (at - t >= frameViewSessionMs) audited.delete(k);
    const key = `${actor} ${cameraId}`;
    if (audited.has(key)) return;
    audited.set(key, at);
    await o.db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, {
          actor,
          action: 'camera.live-view',
          target: { type: 'camera', id: cameraId },
          details: { deploymentId },
        }),
      )
      .catch((err: unknown) => {
        audited.delete(key);
        throw err;
      });
  };

  app.get(
    '/v1/deployments/:id/cameras/:cameraId/frame',
    {
      config: { permission: 'deployments:operate' },
      schema: {
        operationId: 'getCameraFrame',
        tags: ['deployments'],
        summary:
          "A camera's current analysed frame (JPEG, faces boxed with track ids); memory only, never stored (R18)",
        description:
          'The latest frame the matching loop analysed, drawn on request and dropped at the next frame. ' +
          '`x-frame-captured-at` gives its capture time (ms). 409 `not-live`: the deployment is not live; ' +
          '503 `camera-elsewhere`: another pipeline process runs this camera (frames are not relayed); ' +
          '503 `no-frame-yet`: the camera has not delivered an analysed frame. Viewing is audited once per viewing session.',
        params,
        produces: ['image/jpeg'],
        response: { 200: binary, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { id, cameraId } = request.params;
      const d = await o.deployments.get(id);
      const camera = (await o.deployments.cameras(id)).find((c) => c.id === cameraId);
      if (!camera) throw new DomainError('not-found', 'no-such-camera', `deployment ${id} has no camera ${cameraId}`);
      if (d.status !== 'live')
        throw new DomainError('conflict', 'not-live', `deployment ${d.name} is ${d.status}: no camera is analysed`);
      const latest = o.runner.latestFrame(id, cameraId);
      if (!latest)
        throw new DomainError(
          'unavailable',
          'camera-elsewhere',
          `camera ${camera.name} is not analysed in this process (another pipeline process runs it, or it is starting); its frames stay where they are analysed`,
        );
      const frame = await latest.jpeg();
      if (!frame)
        throw new DomainError('unavailable', 'no-frame-yet', `camera ${camera.name} has not delivered a frame yet`);
      await auditView(actorOf(request), id, cameraId);
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'no-store')
        .header('x-frame-captured-at', String(frame.capturedAt))
        .header('x-frame-faces', String(frame.faces))
        .send(frame.jpeg);
    },
  );
};
