/**
 * GET /metrics: Prometheus text exposition (format 0.0.4). It needs `system:read`, which every
 * account has, so Prometheus scrapes with an API token of a dedicated service account
 * (`authorization: Bearer <token>` in the scrape config). The metrics carry no personal or
 * biometric data (see src/ops/vigil-metrics.ts). Node's default metrics (event-loop lag, heap,
 * garbage collection, resident memory) come with them, from prom-client (src/ops/metrics-registry.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { PROMETHEUS_CONTENT_TYPE } from '../../ops/metrics-registry.ts';

export interface MetricsRoutesOptions {
  readonly metrics: { render(): Promise<string> };
}

export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    {
      config: { permission: 'system:read' },
      schema: { hide: true },
    },
    async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(await metrics.render()),
  );
};
