/**
 * The HTTP API as a Fastify instance, built from injected dependencies and nothing else (no
 * listening, no signals: see server.ts). Every route validates its request and serialises its
 * response through zod schemas, declares a permission, and reports errors in one shape.
 */
import { pipelineIdOf } from '../faces/pipeline-id.ts';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { VigilConfig } from '../app/config.ts';
import type { ModelLookup } from '../faces/pack-resolver.ts';
import type { CalibrationFile } from '../faces/thresholds.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import type { VigilServices } from '../app/services.ts';
import { casesRoutes } from './retro/cases.routes.ts';
import { evidenceRoutes } from './retro/evidence.routes.ts';
import { errorHandler } from './errors.ts';
import type { Identity } from '../governance/identity/identity.ts';
import { authenticate } from './authenticate.ts';
import { authRoutes } from './governance/auth.routes.ts';
import { fastifyTrustProxy } from '../app/http-config.ts';
import { rateLimits } from './rate-limits.ts';
import { securityHeaders } from './security-headers.ts';
import { usersRoutes } from './governance/users.routes.ts';
import { myTokensRoutes } from './governance/my-tokens.routes.ts';
import { galleryRoutes } from './gallery/gallery.routes.ts';
import { searchesRoutes } from './retro/searches.routes.ts';
import { deploymentsRoutes } from './live/deployments.routes.ts';
import { alertsRoutes } from './live/alerts.routes.ts';
import { cameraFrameRoutes } from './live/camera-frame.routes.ts';
import { auditRoutes } from './governance/audit.routes.ts';
import type { AuditChainStatus } from '../governance/audit/audit-monitor.ts';
import { assessmentsRoutes } from './governance/assessments.routes.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { retentionRoutes } from './governance/retention.routes.ts';
import { webRoutes } from './web.routes.ts';
import { listsRoutes } from './lists.routes.ts';
import { jobsRoutes } from './ops/jobs.routes.ts';
import { probeProvenances } from '../retro/case.service.ts';
import type { VigilMetrics } from '../ops/vigil-metrics.ts';
import { metricsRoutes } from './ops/metrics.routes.ts';
import type { KeyObject } from 'node:crypto';
import { facesRoutes } from './faces/faces.routes.ts';
import type { FaceAnalyser } from '../faces/faces.service.ts';
import { facesWithoutPolicy, modelInventory } from '../app/face-use-cases.ts';
import { modelsRoutes } from './faces/models.routes.ts';
import { assertPermissionDeclared } from './route-permission.ts';
import { systemRoutes } from './ops/system.routes.ts';
import { archiveRoutes } from './archive/archive.routes.ts';
import { SystemService, type Probe } from '../ops/system.service.ts';

export interface AppDeps {
  /** A started face engine (a `FaceEngine`; tests may pass a stand-in). The app never closes it. */
  readonly engine: FaceAnalyser;
  readonly config: VigilConfig;
  /** Read on every decision, so a new calibration applies without a restart. */
  readonly calibrations: () => CalibrationFile;
  readonly registry: Pick<ModelRegistry, 'list'>;
  readonly models: ModelLookup;
  /** The gallery and case-workspace use cases; their routes exist only when given (tests of the face routes omit them). */
  readonly services?: Pick<
    VigilServices,
    | 'gallery'
    | 'cases'
    | 'probes'
    | 'searches'
    | 'evidence'
    | 'deployments'
    | 'watchlists'
    | 'alerts'
    | 'liveStatus'
    | 'runner'
    | 'thresholdInForce'
    | 'faces'
    | 'database'
    | 'assessments'
    | 'thresholdPolicy'
    | 'retention'
    | 'auditLog'
    | 'reviews'
    | 'archive'
    | 'jobs'
  >;
  /** Accounts, sessions and tokens: every route's permission is enforced through them. */
  readonly identity?: Identity;
  /**
   * Without `identity`, building the app is refused unless this is set: only tests of single
   * route groups build an app that checks no one.
   */
  readonly allowUnauthenticated?: boolean;
  /** The audit log's anchor-signing public key, for GET /v1/audit/verify. */
  readonly auditPublicKey?: KeyObject;
  /** The server's continuous audit check, for GET /v1/audit/status (null: not checked yet). */
  readonly auditStatus?: () => AuditChainStatus | null;
  /** Prometheus metrics: GET /metrics and the HTTP counters; absent, neither. */
  readonly metrics?: VigilMetrics;
  /** Rate limits on top of login's: searches per user (R31 searches are deliberate acts, not bulk). */
  readonly searchRateLimit?: { capacity: number; refillPerMinute: number };
  /**
   * redis:// URL of the installation's Redis: rate-limit counts shared by every API process (a
   * client cannot multiply its budget by the number of processes). Absent: counted in memory.
   */
  readonly rateLimitRedisUrl?: string | undefined;
  /** Readiness checks beyond the face engine (the database, the queue of a scaled-out installation). */
  readonly readinessProbes?: Readonly<Record<string, Probe>>;
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
    // request.ip (rate limits, audit) from X-Forwarded-For only when the proxy is trusted (http.trustProxy).
    trustProxy: fastifyTrustProxy(deps.config.http.trustProxy),
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
  if (!deps.identity && !deps.allowUnauthenticated) {
    throw new Error('buildApp needs `identity` (authentication); only tests may set allowUnauthenticated');
  }
  await app.register(securityHeaders, { hsts: deps.config.identity.secureCookies });
  if (deps.identity) {
    await app.register(authenticate, { auth: deps.identity.auth });
    const search = deps.searchRateLimit ?? { capacity: 30, refillPerMinute: 10 };
    // Archive searches share the budget: both are deliberate acts on a case, not bulk lookups.
    await app.register(rateLimits, {
      rules: [
        {
          name: 'search',
          routes: ['POST /v1/cases/:caseId/searches', 'POST /v1/cases/:caseId/archive/search'],
          ...search,
        },
      ],
      redisUrl: deps.rateLimitRedisUrl,
    });
  }
  // One line per request: method, route pattern (not the raw URL), status and time. No bodies, no headers.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    request.log.info(
      { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  if (deps.metrics) app.addHook('onResponse', deps.metrics.onResponse);

  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info: { ...apiInfo, description: 'Accountable police facial recognition' } },
    transform,
    transformObject: jsonSchemaTransformObject,
  });
  // Uploads are buffered in memory up to the image limit; a larger file part is refused with 413.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: maxImageBytes, fieldSize: 2048, parts: 16, headerPairs: 64 },
  });

  const system = new SystemService({ engine: () => deps.engine.workers > 0, ...deps.readinessProbes });
  app.addHook('preClose', async () => system.markClosing());

  await app.register(systemRoutes, { system });
  if (deps.metrics) await app.register(metricsRoutes, { metrics: deps.metrics });
  if (deps.identity) {
    await app.register(authRoutes, { identity: deps.identity });
    await app.register(usersRoutes, { users: deps.identity.users });
    await app.register(myTokensRoutes, { users: deps.identity.users });
  }
  await app.register(modelsRoutes, { models: modelInventory(deps) });
  await app.register(facesRoutes, { faces: deps.services?.faces ?? facesWithoutPolicy(deps) });
  if (deps.services) {
    const { gallery, cases, searches, deployments, watchlists, alerts, liveStatus, thresholdInForce } = deps.services;
    await app.register(galleryRoutes, { gallery });
    await app.register(casesRoutes, {
      cases,
      probes: deps.services.probes,
      searches,
      maxVideoBytes: deps.config.video.maxBytes,
    });
    await app.register(searchesRoutes, { searches, reviews: deps.services.reviews, cases });
    await app.register(evidenceRoutes, { evidence: deps.services.evidence });
    await app.register(archiveRoutes, {
      archive: deps.services.archive,
      cases,
      jobs: deps.services.jobs,
      roots: deps.config.archive.roots,
    });
    const modelId = pipelineIdOf(deps.engine.pack);
    await app.register(deploymentsRoutes, {
      deployments,
      watchlists,
      alerts,
      liveStatus,
      defaultThreshold: () => thresholdInForce(modelId).threshold,
    });
    await app.register(alertsRoutes, { alerts, deployments });
    await app.register(cameraFrameRoutes, { deployments, runner: deps.services.runner, db: deps.services.database.db });
    await app.register(auditRoutes, {
      audit: deps.services.auditLog,
      publicKey: deps.auditPublicKey,
      ...(deps.auditStatus ? { status: deps.auditStatus } : {}),
    });
    await app.register(retentionRoutes, { retention: deps.services.retention });
    await app.register(jobsRoutes, { jobs: deps.services.jobs });
    await app.register(listsRoutes, {
      categories: deps.config.live.categories,
      offenceTypes: deps.config.retro.offenceTypes,
      probeProvenances,
    });
    const { assessments, thresholdPolicy } = deps.services;
    await app.register(assessmentsRoutes, { assessments, thresholdPolicy, threshold: thresholdInForce, modelId });
    await app.register(reportsRoutes, {
      db: deps.services.database.db,
      offenceTypes: deps.config.retro.offenceTypes,
      modelIds: [modelId],
    });
  }
  // The console (the built SPA) at `/`; API paths keep their JSON 404.
  await app.register(webRoutes);
  await app.ready();
  return app;
}
