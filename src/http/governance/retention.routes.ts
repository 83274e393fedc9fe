/** Retention routes (R19): the policy, legal holds, purge runs and running a purge (or a dry run). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RetentionService } from '../../governance/retention/retention.service.ts';
import { actorOf } from '../actor.ts';
import { errorResponses } from '../errors.ts';
import {
  holdIdParams,
  holdSchema,
  listHoldsQuery,
  listRunsQuery,
  placeHoldBody,
  policySchema,
  purgeBody,
  purgeResponse,
  purgeRunSchema,
  releaseHoldBody,
  runIdParams,
} from './retention.dto.ts';

export interface RetentionRoutesOptions {
  readonly retention: RetentionService;
}

export const retentionRoutes: FastifyPluginAsyncZod<RetentionRoutesOptions> = async (app, { retention }) => {
  app.get(
    '/v1/retention/policy',
    {
      config: { permission: 'authenticated' },
      schema: {
        operationId: 'getRetentionPolicy',
        tags: ['retention'],
        summary: 'What is kept, for how long, and what is never purged (R19)',
        response: { 200: policySchema, ...errorResponses(401) },
      },
    },
    async () => retention.policy(),
  );

  app.get(
    '/v1/holds',
    {
      config: { permission: 'audit:read' },
      schema: {
        operationId: 'listHolds',
        tags: ['retention'],
        summary: 'Legal holds, newest first',
        querystring: listHoldsQuery,
        response: { 200: z.object({ holds: z.array(holdSchema) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { active, targetType, targetId } = request.query;
      return {
        holds: await retention.holds({
          active: active === undefined ? undefined : active === 'true',
          targetType,
          targetId,
        }),
      };
    },
  );

  app.post(
    '/v1/holds',
    {
      config: { permission: 'retention:admin' },
      schema: {
        operationId: 'placeHold',
        tags: ['retention'],
        summary: 'Place a legal hold: nothing linked to the target is purged until it is released (audited)',
        body: placeHoldBody,
        response: { 201: holdSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await retention.placeHold(request.body, actorOf(request))),
  );

  app.post(
    '/v1/holds/:holdId/release',
    {
      config: { permission: 'retention:admin' },
      schema: {
        operationId: 'releaseHold',
        tags: ['retention'],
        summary: 'Release a legal hold; the next purge deletes what it kept and is due (audited)',
        params: holdIdParams,
        body: releaseHoldBody,
        response: { 200: holdSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => retention.releaseHold(request.params.holdId, actorOf(request), request.body.note),
  );

  app.get(
    '/v1/retention/runs',
    {
      config: { permission: 'audit:read' },
      schema: {
        operationId: 'listPurgeRuns',
        tags: ['retention'],
        summary: 'Purge runs, newest first: counts per class, holds that kept data, files deleted, errors',
        querystring: listRunsQuery,
        response: {
          200: z.object({ total: z.number().int(), runs: z.array(purgeRunSchema) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => retention.runs(request.query),
  );

  app.get(
    '/v1/retention/runs/:runId',
    {
      config: { permission: 'audit:read' },
      schema: {
        operationId: 'getPurgeRun',
        tags: ['retention'],
        summary: 'One purge run',
        params: runIdParams,
        response: { 200: purgeRunSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => retention.run(request.params.runId),
  );

  app.post(
    '/v1/retention/purge',
    {
      config: { permission: 'retention:admin' },
      schema: {
        operationId: 'runPurge',
        tags: ['retention'],
        summary:
          'Delete what is past its window and not on hold, now (recorded as a run and audited); dryRun: only report what would go',
        body: purgeBody,
        response: { 200: purgeResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const body = request.body;
      if (body?.dryRun) return retention.preview({ itemsLimit: body.itemsLimit });
      return { ...(await retention.purge({ actor: actorOf(request), trigger: 'manual' })), dryRun: false as const };
    },
  );
};
