/**
 * Alert routes: the live queue (and its server-sent event stream), images, decisions (R21, R23).
 * Every alert is shown with its decision history: decisions are revisions, never overwritten.
 * The stream has event ids and replays from the database after a reconnect (alerts.stream.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AlertService } from '../../live/alert.service.ts';
import type { AlertRow } from '../../live/live.repository.ts';
import type { DeploymentService } from '../../live/deployment.service.ts';
import { actorOf } from '../actor.ts';
import {
  alertIdParams,
  alertSchema,
  alertsQuery,
  decisionBody,
  deploymentIdParams,
  engagementBody,
  linkBody,
} from './deployments.dto.ts';
import { presentAlert } from './deployments.present.ts';
import { errorResponses } from '../errors.ts';
import { OpenStreams, requestedCursor, serveAlertStream } from './alerts.stream.ts';

export interface AlertsRoutesOptions {
  readonly alerts: AlertService;
  readonly deployments: DeploymentService;
}

const binary = z.any().meta({ type: 'string', format: 'binary' });
const decisionErrors = errorResponses(400, 401, 403, 404, 409);

const streamQuery = z.object({
  since: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('resume after this event id (the `cursor` of the alert list, or the last event id seen)'),
});
const streamHeaders = z.looseObject({
  'last-event-id': z.string().max(20).optional().describe('resume after this event id (sent by EventSource)'),
});

export const alertsRoutes: FastifyPluginAsyncZod<AlertsRoutesOptions> = async (app, { alerts, deployments }) => {
  /** An alert as shown, with its decision history and the deciders' names (issue 12). */
  const withHistory = async (a: AlertRow) => presentAlert(a, await alerts.history([a.id]));

  app.get(
    '/v1/deployments/:id/alerts',
    {
      config: { permission: 'alerts:read' },
      schema: {
        operationId: 'listAlerts',
        tags: ['alerts'],
        summary: 'Alerts of a deployment, newest first',
        params: deploymentIdParams,
        querystring: alertsQuery,
        response: {
          200: z.object({
            alerts: z.array(alertSchema),
            cursor: z.number().int().describe('the stream position of this list: open the stream with `?since=` it'),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      await deployments.get(request.params.id);
      const { limit, offset, pending } = request.query;
      // The position first, then the list: the list is at least as new, so a stream opened with
      // `?since=cursor` misses nothing (what it sends again is merged by id and `seq`).
      const cursor = await alerts.cursor(request.params.id);
      const list = await alerts.list(request.params.id, { limit, offset, pending: pending === 'true' });
      const history = await alerts.history(list.map((a) => a.id));
      return { alerts: list.map((a) => presentAlert(a, history)), cursor };
    },
  );

  const open = new OpenStreams();
  // One hook for all the streams: they end when the app closes, and no listener is left behind.
  app.addHook('preClose', async () => open.endAll());

  app.get(
    '/v1/deployments/:id/alerts/stream',
    {
      config: { permission: 'alerts:read' },
      schema: {
        operationId: 'streamAlerts',
        tags: ['alerts'],
        summary:
          'New and updated alerts as server-sent events (`alert`, `alert-updated`, each with its id), pushed the moment they happen',
        description:
          'Each event id is the stream position of the change it carries. Reconnecting with `Last-Event-ID` (or `?since=`) first sends every alert changed after it, as it is now, then the live ones. The first block (a comment and an id, no data) gives the starting position.',
        params: deploymentIdParams,
        querystring: streamQuery,
        headers: streamHeaders,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deployments.get(request.params.id);
      const requested = requestedCursor(request.headers['last-event-id'], request.query.since);
      reply.hijack();
      try {
        await serveAlertStream({
          feed: alerts,
          deploymentId: request.params.id,
          requested,
          res: reply.raw,
          open,
          onError: (err) => request.log.warn({ err }, 'alert stream read failed; retrying at the next change'),
        });
      } catch (err) {
        request.log.error({ err }, 'alert stream failed');
        if (!reply.raw.headersSent) reply.raw.writeHead(503).end();
        else reply.raw.end();
      }
    },
  );

  app.get(
    '/v1/alerts/:alertId',
    {
      config: { permission: 'alerts:read' },
      schema: {
        operationId: 'getAlert',
        tags: ['alerts'],
        summary: 'An alert',
        params: alertIdParams,
        response: { 200: alertSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => withHistory(await alerts.get(request.params.alertId)),
  );

  for (const which of ['probe', 'reference'] as const) {
    app.get(
      `/v1/alerts/:alertId/${which}`,
      {
        config: { permission: 'alerts:read' },
        schema: {
          operationId: which === 'probe' ? 'getAlertProbe' : 'getAlertReference',
          tags: ['alerts'],
          summary:
            which === 'probe'
              ? 'The face that raised the alert (JPEG); viewing is audited'
              : 'The watchlist image (viewing is audited)',
          params: alertIdParams,
          produces: ['image/jpeg', 'image/png'],
          response: { 200: binary, ...errorResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const bytes = await alerts.image(request.params.alertId, which, actorOf(request));
        const png = bytes[0] === 0x89;
        return reply
          .header('content-type', png ? 'image/png' : 'image/jpeg')
          .header('cache-control', 'no-store')
          .send(bytes);
      },
    );
  }

  app.post(
    '/v1/alerts/:alertId/decision',
    {
      config: { permission: 'alerts:adjudicate' },
      schema: {
        operationId: 'adjudicateAlert',
        tags: ['alerts'],
        summary: "The operator's decision: confirm, reject or unable to determine (R21)",
        params: alertIdParams,
        body: decisionBody,
        response: { 200: alertSchema, ...decisionErrors },
      },
    },
    async (request) =>
      withHistory(
        await alerts.adjudicate(request.params.alertId, request.body.decision, actorOf(request), request.body.reason),
      ),
  );

  app.post(
    '/v1/alerts/:alertId/engagement',
    {
      config: { permission: 'alerts:engage' },
      schema: {
        operationId: 'recordEngagement',
        tags: ['alerts'],
        summary: "The engagement officer's record: engaged or not, and the outcome (R21)",
        params: alertIdParams,
        body: engagementBody,
        response: { 200: alertSchema, ...decisionErrors },
      },
    },
    async (request) => withHistory(await alerts.engage(request.params.alertId, request.body, actorOf(request))),
  );

  app.post(
    '/v1/alerts/:alertId/link',
    {
      config: { permission: 'alerts:adjudicate' },
      schema: {
        operationId: 'linkAlert',
        tags: ['alerts'],
        summary: 'Link an alert to an investigation, keeping its images past the alert window (R19)',
        params: alertIdParams,
        body: linkBody,
        response: { 200: alertSchema, ...decisionErrors },
      },
    },
    async (request) =>
      withHistory(await alerts.link(request.params.alertId, request.body.investigationRef, actorOf(request))),
  );
};
