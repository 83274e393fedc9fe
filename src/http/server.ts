/**
 * A Vigil process's composition root: configuration -> roles -> model registry -> pack -> face
 * engine -> queue and event bus -> services -> HTTP (the API, or for a worker or pipeline process
 * only health, readiness and metrics) -> listen -> the roles' loops (jobs, camera leases).
 * Shuts down cleanly on SIGINT/SIGTERM: stop taking requests, finish the jobs in hand, hand the
 * cameras back, then stop the engine. A second signal during shutdown ends the process at once.
 * Its options and listen address are in server-options.ts; metrics, readiness probes and the audit
 * chain's check in app/process-health.ts.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../app/config.ts';
import { registryLookup, startEngineFromConfig } from '../app/engine-from-config.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { openAuditSigningKey, signingKeyWarning } from '../governance/audit/signing-key.ts';
import type { AuditMonitor } from '../governance/audit/audit-monitor.ts';
import { openIdentity } from '../governance/identity/identity.ts';
import { ModelRegistry, modelsDir } from '../models/model-registry.ts';
import { buildApp } from './app.ts';
import { buildOpsApp } from './ops-app.ts';
import { openServices, type VigilServices } from '../app/services.ts';
import { stderrLog, type VigilLog } from '../shared/log.ts';
import { enhanceProbe, videoProbeAnalyser } from '../app/media-adapters.ts';
import { processHealth, startConfiguredAuditMonitor } from '../app/process-health.ts';
import { parseRoles, planRoles } from '../app/process-roles.ts';
import { startRoleLoops, type RoleLoops } from '../app/role-loops.ts';
import { openJobQueue, queueSettingsFromEnv } from '../jobs/open-queue.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { openEventBus, type EventBus } from '../events/event-bus.ts';
import { browsableUrl, setupNoticeText } from '../shared/terminal.ts';
import { chooseLogFormat, loggerFor } from './log-format.ts';
import { boundPortOf, defaultPort, listenAddress, type RunningServer, type ServerOptions } from './server-options.ts';

export {
  defaultHost,
  defaultPort,
  listenAddress,
  parsePort,
  type RunningServer,
  type ServerOptions,
} from './server-options.ts';

/** Starts a Vigil process with the given roles (default all: the whole system in one process). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const config = options.config ?? loadConfig(env);
  // Checked before anything starts: a mistyped VIGIL_LOG_FORMAT is refused at once.
  const logFormat =
    options.logFormat ?? chooseLogFormat({ requested: env['VIGIL_LOG_FORMAT'], tty: process.stdout.isTTY });
  const plan = planRoles(options.roles ?? parseRoles(env['VIGIL_ROLES'], 'VIGIL_ROLES'), {
    databaseUrl: config.databaseUrl,
    queueUrl: env['VIGIL_QUEUE_URL'],
    eventsUrl: env['VIGIL_EVENTS_URL'],
  });
  const { host, port } = listenAddress(options, env, plan.api ? defaultPort : 0);
  const registry = new ModelRegistry({ root: modelsDir(config.dataDir) });
  const models = registryLookup(registry);
  const engine = await startEngineFromConfig(config, models);
  // Live cameras use their own (faster) pack when one is configured; same recognizer as the gallery.
  let liveEngine: FaceEngine | undefined;

  let app: FastifyInstance | undefined;
  let services: VigilServices | undefined;
  let queue: JobQueue | undefined;
  let events: EventBus | undefined;
  let loops: RoleLoops | undefined;
  let auditMonitor: AuditMonitor | undefined;
  let firstStart: string | undefined;
  const announce =
    options.announce ?? (options.logger ? undefined : (text: string) => process.stderr.write(`\n${text}\n\n`));
  const calibrations = () => loadCalibrations(options.calibrationPath);
  try {
    if (plan.pipeline && config.live.pack !== config.pack)
      liveEngine = await startEngineFromConfig(config, models, { pack: config.live.pack });
    queue = openJobQueue({ ...queueSettingsFromEnv(env), url: plan.queueUrl });
    events = openEventBus(plan.eventsUrl, env['VIGIL_QUEUE_PREFIX'] || 'vigil');
    const log = (message: string, fields?: Record<string, unknown>) => app?.log.info(fields ?? {}, message);
    // The loops' logger (issue 14): the server's, once it exists; stderr before that.
    const loopLog: VigilLog = {
      info: (fields, message) => (app ? app.log.info(fields, message) : stderrLog.info(fields, message)),
      warn: (fields, message) => (app ? app.log.warn(fields, message) : stderrLog.warn(fields, message)),
      error: (fields, message) => (app ? app.log.error(fields, message) : stderrLog.error(fields, message)),
    };
    services = await openServices({
      config,
      env,
      engine,
      ...(liveEngine ? { liveEngine } : {}),
      calibrations,
      analyseVideo: videoProbeAnalyser(engine, config),
      enhance: enhanceProbe(config),
      queue,
      events,
      runsCameras: plan.pipeline,
      // Split roles: the workers build index snapshots, API processes load them read-only; the
      // other roles never search the gallery.
      galleryIndex: plan.embedded ? 'writer' : plan.api ? 'replica' : 'none',
      onIndexEvent: log,
      cameraLeases: {
        leaseMs: config.live.leaseSeconds * 1000,
        ...(config.live.maxCamerasPerProcess ? { maxCameras: config.live.maxCamerasPerProcess } : {}),
      },
      log: loopLog,
    });
    const opened = services;
    // The signing key first: a fresh installation creates it before anything is audited.
    const auditKey = await openAuditSigningKey(opened.database.db, {
      dataDir: config.dataDir,
      keyFile: config.audit.keyFile,
    });
    const identity = openIdentity({ db: opened.database.db, config: config.identity });
    // R29: not ready while the audit chain is broken (or before its start-up check).
    const auditStatus = () => auditMonitor?.status() ?? null;
    const { metrics, probes } = processHealth({ services: opened, engine, queue, plan, auditStatus });
    const logger = options.logger ?? (await loggerFor(logFormat, env['VIGIL_LOG_LEVEL'] ?? 'info'));
    app = plan.api
      ? await buildApp({
          identity,
          metrics,
          auditPublicKey: auditKey.publicKey,
          auditStatus,
          engine,
          config,
          calibrations,
          services: opened,
          registry,
          models,
          readinessProbes: probes,
          // Rate limits shared by every API process through the installation's Redis (issue 15).
          rateLimitRedisUrl: plan.queueUrl ?? plan.eventsUrl,
          logger,
        })
      : await buildOpsApp({ identity, metrics, probes, logger, roles: plan.roles });
    const keyWarning = signingKeyWarning(auditKey, config.dataDir);
    if (keyWarning) app.log.warn({ key: auditKey.location }, keyWarning);
    // Before listening: the triggers restored and the whole chain verified (R29).
    auditMonitor = await startConfiguredAuditMonitor({
      config,
      services: opened,
      publicKey: auditKey.publicKey,
      log: app.log,
    });
    const chain = auditMonitor.status();
    if (chain.state === 'ok') app.log.info({ audit: chain }, `audit chain verified: ${chain.entries} entries`);
    await app.listen({
      host,
      port,
      listenTextResolver: (address) =>
        `Vigil listening at ${address} (roles ${plan.roles.join(',')}; pack ${engine.pack.name}, ${engine.workers} engine worker${engine.workers === 1 ? '' : 's'})`,
    });
    const running = app;
    for (const note of plan.notes) running.log.warn(note);
    if (plan.api) {
      const setup = await identity.setup.ensureToken();
      if (setup) {
        // Printed, never logged to a file by default: the one way to create the first administrator.
        running.log.warn(
          `no administrator yet: create one with POST /v1/setup and the one-time token ${setup.token} (valid until ${setup.expiresAt})`,
        );
        firstStart = setupNoticeText({ ...setup, url: browsableUrl(host, boundPortOf(running, port)) });
      }
    }
    loops = await startRoleLoops({
      plan,
      config,
      services: opened,
      engine,
      auditKey,
      metrics,
      log: running.log,
      ...(options.jobConcurrency ? { jobConcurrency: options.jobConcurrency } : {}),
    });
    const index = opened.galleryIndex;
    running.log.info(
      { database: opened.database.location, key: opened.key.location, index: index.opened, reason: index.reason },
      `gallery index ${index.opened} (${index.index.size} templates of ${index.index.modelId})`,
    );
    if (opened.key.source === 'created') {
      running.log.warn(
        { key: opened.key.location },
        'created a new media key for this fresh installation: back it up and keep it off the data volume (set keyFile or VIGIL_MEDIA_KEY)',
      );
    }
    // Last of the start-up lines, as a box a newcomer cannot miss (issue 15).
    if (firstStart) announce?.(firstStart);
  } catch (err) {
    await loops?.stop();
    await auditMonitor?.stop();
    await app?.close();
    await services?.close();
    await queue?.close();
    await events?.close();
    await liveEngine?.close();
    await engine.close();
    throw err;
  }
  const openedServices = services;
  const openedQueue = queue;
  const openedEvents = events;
  const openedLoops = loops;
  const openedMonitor = auditMonitor;

  const running = app;
  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const onSignal = (signal: NodeJS.Signals): void => {
    running.log.info({ signal }, 'shutting down');
    void close().catch((err: unknown) => running.log.error({ err }, 'shutdown failed'));
  };
  const close = (): Promise<void> => {
    // Without our listeners, a second signal gets Node's default: the process ends at once.
    for (const s of signals) process.off(s, onSignal);
    closing ??= (async () => {
      try {
        // Stop serving (requests in flight finish), then finish the jobs in hand and hand the cameras back.
        try {
          await running.close();
        } finally {
          await openedLoops.stop();
          await openedMonitor.stop();
        }
      } finally {
        await openedServices.close().catch((err: unknown) => running.log.error({ err }, 'closing the services failed'));
        await openedQueue.close().catch((err: unknown) => running.log.error({ err }, 'closing the queue failed'));
        await openedEvents.close();
        await liveEngine?.close();
        await engine.close();
        markClosed();
      }
    })();
    return closing;
  };
  if (options.handleSignals ?? true) for (const s of signals) process.once(s, onSignal);

  const boundPort = boundPortOf(running, port);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { app: running, url: `http://${urlHost}:${boundPort}`, close, closed };
}
