/** Schemas of the system routes: liveness, readiness and the API description. */
import { z } from 'zod';

export const healthResponse = z.object({ status: z.literal('ok') });

export const readinessResponse = z.object({
  ready: z.boolean(),
  checks: z.record(z.string(), z.enum(['up', 'down'])).describe('each dependency the API needs, e.g. the face engine'),
  reasons: z
    .array(z.string())
    .optional()
    .describe('when not ready: why, e.g. "audit-chain-broken", "database-down", "shutting-down"'),
});
export type Readiness = z.infer<typeof readinessResponse>;

/** The OpenAPI document is passed through whole. */
export const openApiResponse = z.looseObject({ openapi: z.string() });
