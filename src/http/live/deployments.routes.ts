/**
 * Live deployment routes: draft, authorise, start, stop, refuse, review (R1-R14). The deployment's
 * watchlist (watchlist.routes.ts), cameras (deployment-cameras.routes.ts) and record
 * (deployment-record.routes.ts) are registered from here, so app.ts registers one plugin.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emptyCounts } from '../../live/deployment-counts.ts';
import type { DeploymentService } from '../../live/deployment.service.ts';
import type { DeploymentRow } from '../../live/live.repository.ts';
import type { LiveStatusService } from '../../live/live-status.ts';
import type { WatchlistService } from '../../live/watchlist.service.ts';
import type { AlertService } from '../../live/alert.service.ts';
import { actorOf } from '../actor.ts';
import {
  deploymentIdParams,
  deploymentSchema,
  draftBody,
  forecastSchema,
  listQuery,
  noteBody,
  patchBody,
  reviewBody,
} from './deployments.dto.ts';
import { presentDeployment, toDraftInput } from './deployments.present.ts';
import { errorResponses } from '../errors.ts';
import { deploymentCamerasRoutes } from './deployment-cameras.routes.ts';
import { deploymentRecordRoutes } from './deployment-record.routes.ts';
import { watchlistRoutes } from './watchlist.routes.ts';

export interface DeploymentsRoutesOptions {
  readonly deployments: DeploymentService;
  readonly watchlists: WatchlistService;
  readonly alerts: AlertService;
  readonly liveStatus: Pick<LiveStatusService, 'status'>;
  /** The threshold in force for new deployments. */
  readonly defaultThreshold: () => number;
}

const changeErrors = errorResponses(400, 401, 403, 404, 409, 422);
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
  const shown = async (d: DeploymentRow) => presentDeployment(d, await deployments.counts(d.id));

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
      return reply.code(201).send(await shown(await deployments.create(input, actorOf(request))));
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
    async (request) => {
      const list = await deployments.list(request.query);
      const counts = await deployments.countsOfMany(list.map((d) => d.id));
      return { deployments: list.map((d) => presentDeployment(d, counts.get(d.id) ?? structuredClone(emptyCounts))) };
    },
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
    async (request) => shown(await deployments.get(request.params.id)),
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
    async (request) => shown(await deployments.update(request.params.id, toDraftInput(request.body), actorOf(request))),
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
      async (request) => shown(await run(request.params.id, noteOf(request.body), actorOf(request))),
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
    async (request) => shown(await deployments.refuse(request.params.id, request.body.reason, actorOf(request))),
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
    async (request) => shown(await deployments.review(request.params.id, request.body, actorOf(request))),
  );

  await app.register(watchlistRoutes, { deployments, watchlists });
  await app.register(deploymentCamerasRoutes, { deployments, liveStatus: o.liveStatus });
  await app.register(deploymentRecordRoutes, { deployments, alerts: o.alerts });
};
