/**
 * The HTTP API as a Fastify instance, built from injected dependencies and nothing else (no
 * listening, no signals: see server.ts). Every route validates its request and serialises its
 * response through zod schemas, declares a permission, and reports errors in one shape.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { VigilConfig } from '../config/config.ts';
import type { ModelLookup } from '../faces/pack-resolver.ts';
import type { CalibrationFile } from '../faces/thresholds.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { errorHandler } from './errors.ts';
import { facesRoutes } from './faces.routes.ts';
import { FacesService, type FaceAnalyser } from './faces.service.ts';
import { modelsRoutes } from './models.routes.ts';
import { ModelInventory } from '../models/model-inventory.ts';
import { assertPermissionDeclared } from './permissions.ts';
import { systemRoutes } from './system.routes.ts';
import { SystemService } from './system.service.ts';

export interface AppDeps {
  /** A started face engine (a `FaceEngine`; tests may pass a stand-in). The app never closes it. */
  readonly engine: FaceAnalyser;
  readonly config: VigilConfig;
  /** Read on every decision, so a new calibration applies without a restart. */
  readonly calibrations: () => CalibrationFile;
  readonly registry: Pick<ModelRegistry, 'list'>;
  readonly models: ModelLookup;
  /** Fastify's logger: off unless given. Request bodies are never logged either way. */
  readonly logger?: FastifyServerOptions['logger'];
}

export const apiInfo = { title: 'Vigil API', version: '0.1.0' } as const;

/** zod schemas to OpenAPI, plus each route's permission as `x-permission`. */
const transform: SwaggerTransform = (document) => {
  const out = jsonSchemaTransform(document);
  const permission = document.route.config?.permission;
  return permission ? { ...out, schema: { ...out.schema, 'x-permission': permission } } : out;
};

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const maxImageBytes = deps.config.limits.maxImageBytes;
  // Fastify's own request lines are off (they log headers); the onResponse hook below logs one line instead.
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(maxImageBytes));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]?.slice(0, 200) ?? '';
    return reply.code(404).send({ error: { code: 'not-found', message: `no route ${request.method} ${path}` } });
  });
  app.addHook('onRoute', assertPermissionDeclared);
  // One line per request: method, route pattern (not the raw URL), status and time. No bodies, no headers.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    request.log.info(
      { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info: { ...apiInfo, description: 'Accountable police facial recognition' } },
    transform,
    transformObject: jsonSchemaTransformObject,
  });
  // Uploads are buffered in memory up to the image limit; a larger file part is refused with 413.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: maxImageBytes, fieldSize: 64, parts: 6, headerPairs: 64 },
  });

  const system = new SystemService({ engine: () => deps.engine.workers > 0 });
  app.addHook('preClose', async () => system.markClosing());

  await app.register(systemRoutes, { system });
  await app.register(modelsRoutes, { models: new ModelInventory(deps) });
  await app.register(facesRoutes, { faces: new FacesService(deps) });
  await app.ready();
  return app;
}
