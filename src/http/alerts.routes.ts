/**
 * Alert routes: the live queue (and its server-sent event stream), images, decisions (R21, R23).
 * Every alert is shown with its decision history: decisions are revisions, never overwritten.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AlertEvent, AlertService } from '../live/alert.service.ts';
import type { AlertRow } from '../live/live.repository.ts';
import type { DeploymentService } from '../live/deployment.service.ts';
import { actorOf } from './actor.ts';
import {
  alertIdParams,
  alertSchema,
  alertsQuery,
  decisionBody,
  deploymentIdParams,
  engagementBody,
  linkBody,
} from './deployments.dto.ts';
import { presentAlert, type AlertHistory } from './deployments.present.ts';
import { errorResponses } from './errors.ts';

export interface AlertsRoutesOptions {
  readonly alerts: AlertService;
  readonly deployments: DeploymentService;
}

const binary = z.any().meta({ type: 'string', format: 'binary' });
const decisionErrors = errorResponses(400, 401, 403, 404, 409);

/** An event's alert history (an update carries it; a new alert has none). */
const eventHistory = (e: AlertEvent): AlertHistory => ({
  decisions: e.history ?? [],
  names: new Map(Object.entries(e.names ?? {})),
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
        response: { 200: z.object({ alerts: z.array(alertSchema) }), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await deployments.get(request.params.id);
      const { limit, offset, pending } = request.query;
      const list = await alerts.list(request.params.id, { limit, offset, pending: pending === 'true' });
      const history = await alerts.history(list.map((a) => a.id));
      return { alerts: list.map((a) => presentAlert(a, history)) };
    },
  );

  app.get(
    '/v1/deployments/:id/alerts/stream',
    {
      config: { permission: 'alerts:read' },
      schema: {
        operationId: 'streamAlerts',
        tags: ['alerts'],
        summary:
          'New and updated alerts as server-sent events (`alert`, `alert-updated`), pushed the moment they happen',
        params: deploymentIdParams,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      await deployments.get(request.params.id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      res.write(': connected\n\n');
      const unsubscribe = alerts.subscribe(request.params.id, (e) => {
        res.write(
          `event: ${e.type}\ndata: ${JSON.stringify({ alert: presentAlert(e.alert, eventHistory(e)), latencyMs: e.latencyMs ?? null })}\n\n`,
        );
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.raw.on('close', end);
      app.server.once('close', () => res.end());
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
