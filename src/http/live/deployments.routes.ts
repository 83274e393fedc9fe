/** Live deployment routes: draft, watchlist, cameras, authorise, start, stop, review, record (R1-R14, R24). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deploymentRecord, recordsToCsv } from '../../live/deployment-record.ts';
import type { DeploymentService } from '../../live/deployment.service.ts';
import type { LiveStatusService } from '../../live/live-status.ts';
import type { WatchlistService } from '../../live/watchlist.service.ts';
import type { AlertService } from '../../live/alert.service.ts';
import { actorOf } from '../actor.ts';
import {
  cameraBody,
  cameraSchema,
  deploymentIdParams,
  deploymentSchema,
  draftBody,
  entryBody,
  entryParams,
  entrySchema,
  forecastSchema,
  listQuery,
  noteBody,
  patchBody,
  recordQuery,
  reviewBody,
} from './deployments.dto.ts';
import {
  presentCamera,
  presentCameraStatus,
  presentDeployment,
  presentEntry,
  toDraftInput,
} from './deployments.present.ts';
import { errorResponses } from '../errors.ts';

export interface DeploymentsRoutesOptions {
  readonly deployments: DeploymentService;
  readonly watchlists: WatchlistService;
  readonly alerts: AlertService;
  readonly liveStatus: Pick<LiveStatusService, 'status'>;
  /** The threshold in force for new deployments. */
  readonly defaultThreshold: () => number;
}

const changeErrors = errorResponses(400, 401, 403, 404, 409, 422);
const coverageGap = z.object({
  camera: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  seconds: z.number().nullable(),
  reason: z.string(),
});
const recordRow = z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(coverageGap)]));

/** Stop: why (recorded in the audit entry of the close; the console always asks). */
const stopBody = z.strictObject({
  reason: z.string().trim().min(1).max(2000).optional().describe('why matching is stopped now (recorded)'),
  note: z.string().max(2000).optional().describe('the same as `reason` (older clients)'),
});
const noteOf = (body: unknown): string => {
  const b = body as { note?: string; reason?: string } | undefined;
  return b?.reason ?? b?.note ?? '';
};

export const deploymentsRoutes: FastifyPluginAsyncZod<DeploymentsRoutesOptions> = async (app, o) => {
  const { deployments, watchlists } = o;
  const one = { params: deploymentIdParams };

  app.post(
    '/v1/deployments',
    {
      config: { permission: 'deployments:write' },
      schema: {
        operationId: 'createDeployment',
        tags: ['deployments'],
        summary: 'Draw up a deployment (a draft: R1 fields may follow)',
        body: draftBody,
        response: { 201: deploymentSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const input = toDraftInput(request.body, o.defaultThreshold()) as Parameters<DeploymentService['create']>[0];
      return reply.code(201).send(presentDeployment(await deployments.create(input, actorOf(request))));
    },
  );

  app.get(
    '/v1/deployments',
    {
      config: { permission: 'deployments:read' },
      schema: {
        operationId: 'listDeployments',
        tags: ['deployments'],
        summary: 'Deployments, latest first',
        querystring: listQuery,
        response: { 200: z.object({ deployments: z.array(deploymentSchema) }) },
      },
    },
    async (request) => ({ deployments: (await deployments.list(request.query)).map(presentDeployment) }),
  );

  app.get(
    '/v1/deployments/:id',
    {
      config: { permission: 'deployments:read' },
      schema: {
        operationId: 'getDeployment',
        tags: ['deployments'],
        summary: 'A deployment',
        ...one,
        response: { 200: deploymentSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => presentDeployment(await deployments.get(request.params.id)),
  );

  app.patch(
    '/v1/deployments/:id',
    {
      config: { permission: 'deployments:write' },
      schema: {
        operationId: 'updateDeployment',
        tags: ['deployments'],
        summary: 'Change a draft; changing what was authorised (e.g. the location) needs a new authorisation (R3)',
        ...one,
        body: patchBody,
        response: { 200: deploymentSchema, ...changeErrors },
      },
    },
    async (request) =>
      presentDeployment(await deployments.update(request.params.id, toDraftInput(request.body), actorOf(request))),
  );

  app.get(
    '/v1/deployments/:id/forecast',
    {
      config: { permission: 'deployments:read' },
      schema: {
        operationId: 'forecastFalseAlerts',
        tags: ['deployments'],
        summary: 'Expected false alerts for the planned footfall, watchlist size and threshold (R12)',
        ...one,
        response: { 200: forecastSchema, ...errorResponses(400, 404, 503) },
      },
    },
    async (request) => deployments.forecast(request.params.id),
  );

  app.get(
    '/v1/deployments/:id/authorisation-check',
    {
      config: { permission: 'deployments:authorise' },
      schema: {
        operationId: 'checkAuthorisation',
        tags: ['deployments'],
        summary: 'What stops the caller from authorising this deployment now (empty: nothing)',
        ...one,
        response: { 200: z.object({ problems: z.array(z.string()) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({ problems: await deployments.authorisationProblems(request.params.id, actorOf(request)) }),
  );

  for (const [path, op, summary, permission, run] of [
    [
      'authorise',
      'authoriseDeployment',
      'Authorise: every R1 field, a separate authoriser (R30), the expected false alerts frozen (R12)',
      'deployments:authorise',
      (id: string, note: string, actor: string) => deployments.authorise(id, note, actor),
    ],
    [
      'start',
      'startDeployment',
      'Go live: only authorised, unchanged, inside the window, with its cameras (R1-R3)',
      'deployments:operate',
      (id: string, _note: string, actor: string) => deployments.start(id, actor),
    ],
    [
      'stop',
      'stopDeployment',
      'Stop matching and close: the watchlist is destroyed, its manifest kept (R10, R11)',
      'deployments:operate',
      (id: string, note: string, actor: string) => deployments.close(id, actor, 'stopped', note),
    ],
  ] as const) {
    app.post(
      `/v1/deployments/:id/${path}`,
      {
        config: { permission },
        schema: {
          operationId: op,
          tags: ['deployments'],
          summary,
          ...one,
          body: path === 'authorise' ? noteBody : path === 'stop' ? stopBody : noteBody.partial(),
          response: { 200: deploymentSchema, ...changeErrors },
        },
      },
      async (request) => presentDeployment(await run(request.params.id, noteOf(request.body), actorOf(request))),
    );
  }

  app.post(
    '/v1/deployments/:id/refuse',
    {
      config: { permission: 'deployments:authorise' },
      schema: {
        operationId: 'refuseDeployment',
        tags: ['deployments'],
        summary: 'Refuse or withdraw authorisation: use stops and every input and output is deleted (R20)',
        ...one,
        body: z.strictObject({ reason: z.string().trim().min(10).max(4000) }),
        response: { 200: deploymentSchema, ...changeErrors },
      },
    },
    async (request) =>
      presentDeployment(await deployments.refuse(request.params.id, request.body.reason, actorOf(request))),
  );

  app.post(
    '/v1/deployments/:id/review',
    {
      config: { permission: 'deployments:authorise' },
      schema: {
        operationId: 'reviewDeployment',
        tags: ['deployments'],
        summary: 'The post-deployment review that completes the record (R6)',
        ...one,
        body: reviewBody,
        response: { 200: deploymentSchema, ...changeErrors },
      },
    },
    async (request) => presentDeployment(await deployments.review(request.params.id, request.body, actorOf(request))),
  );

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
