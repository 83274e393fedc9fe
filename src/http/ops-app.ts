/**
 * The HTTP face of a process without the `api` role (a worker or pipeline process): liveness
 * (`/health`), readiness of what that role needs (`/ready`) and Prometheus metrics (`/metrics`,
 * with an API token as on the API). Nothing else: no console, no biometric routes.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Identity } from '../governance/identity/identity.ts';
import type { VigilMetrics } from '../ops/vigil-metrics.ts';
import { authenticate } from './authenticate.ts';
import { errorHandler } from './errors.ts';
import { metricsRoutes } from './ops/metrics.routes.ts';
import { assertPermissionDeclared } from './route-permission.ts';
import { systemRoutes } from './ops/system.routes.ts';
import { SystemService, type Probe } from '../ops/system.service.ts';

export interface OpsAppDeps {
  readonly identity: Identity;
  readonly probes: Readonly<Record<string, Probe>>;
  readonly metrics?: VigilMetrics;
  readonly logger?: FastifyServerOptions['logger'];
  /** The roles this process runs, for the OpenAPI title. */
  readonly roles: readonly string[];
}

export async function buildOpsApp(deps: OpsAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(1024));
  app.addHook('onRoute', assertPermissionDeclared);
  await app.register(authenticate, { auth: deps.identity.auth });
  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info: { title: `Vigil ${deps.roles.join('+')} process`, version: '0.1.0' } },
  });
  const system = new SystemService(deps.probes);
  app.addHook('preClose', async () => system.markClosing());
  await app.register(systemRoutes, { system });
  if (deps.metrics) await app.register(metricsRoutes, { metrics: deps.metrics });
  return app;
}
