/**
 * A Vigil process's composition root: configuration -> roles -> model registry -> pack -> face
 * engine -> queue and event bus -> services -> HTTP (the API, or for a worker or pipeline process
 * only health, readiness and metrics) -> listen -> the roles' loops (jobs, camera leases).
 * Shuts down cleanly on SIGINT/SIGTERM: stop taking requests, finish the jobs in hand, hand the
 * cameras back, then stop the engine. A second signal during shutdown ends the process at once.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ConfigError, loadConfig, type VigilConfig } from '../app/config.ts';
import { registryLookup, startEngineFromConfig } from '../app/engine-from-config.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { openAuditSigningKey, signingKeyWarning } from '../governance/audit/signing-key.ts';
import { startAuditMonitor, type AuditMonitor } from '../governance/audit/audit-monitor.ts';
import { witnessFileOf } from '../governance/audit/witness-format.ts';
import { openIdentity } from '../governance/identity/identity.ts';
import { VigilMetrics } from '../ops/vigil-metrics.ts';
import { ModelRegistry, modelsDir } from '../models/model-registry.ts';
import { buildApp } from './app.ts';
import { buildOpsApp } from './ops-app.ts';
import { openServices, type VigilServices } from '../app/services.ts';
import { stderrLog, type VigilLog } from '../shared/log.ts';
import { enhanceProbe, videoProbeAnalyser } from '../app/media-adapters.ts';
import { parseRoles, planRoles, type ProcessRole } from '../app/process-roles.ts';
import { startRoleLoops, type RoleLoops } from '../app/role-loops.ts';
import { openJobQueue, queueSettingsFromEnv } from '../jobs/open-queue.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { openEventBus, type EventBus } from '../events/event-bus.ts';
import { browsableUrl, setupNoticeText } from '../shared/terminal.ts';
import { chooseLogFormat, loggerFor, type LogFormat } from './log-format.ts';
import { sql } from 'kysely';

export const defaultHost = '127.0.0.1';
export const defaultPort = 8080;

export interface ServerOptions {
  /** Default: VIGIL_HOST, else 127.0.0.1. */
  readonly host?: string | undefined;
  /** Default: VIGIL_PORT, else 8080; 0 picks a free port. */
  readonly port?: number | undefined;
  /** Default: loaded from the environment and `vigil.config.json`. */
  readonly config?: VigilConfig;
  readonly env?: NodeJS.ProcessEnv;
  /** Default: `config/calibration.json` in the repository. */
  readonly calibrationPath?: string;
  /**
   * Default: info level (VIGIL_LOG_LEVEL to change) on stdout, as `logFormat` says. A logger given
   * here is used as is, and the first-start box is then not printed unless `announce` says where.
   */
  readonly logger?: FastifyServerOptions['logger'];
  /** For the default logger: VIGIL_LOG_FORMAT, else human-readable on a terminal and JSON lines elsewhere. */
  readonly logFormat?: LogFormat;
  /** Where the boxed first-start notice goes (default: stderr with the default logger, nowhere with a given one). */
  readonly announce?: (text: string) => void;
  /** Default true: close on SIGINT and SIGTERM. */
  readonly handleSignals?: boolean;
  /** The roles this process runs (default: VIGIL_ROLES, else all three: the embedded mode). */
  readonly roles?: readonly ProcessRole[];
  /** Worker role: jobs run at once (default twice the engine threads). */
  readonly jobConcurrency?: number;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Stops taking requests, finishes those in flight, then stops the engine. Safe to call twice. */
  close(): Promise<void>;
  /** Settles once the server has closed, however that came about. */
  readonly closed: Promise<void>;
}

export function parsePort(value: string | number, source: string): number {
  const port = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (typeof value === 'string' && value.trim() === '')) {
    throw new ConfigError(`${source} must be a port number from 0 to 65535 (got ${String(value)})`);
  }
  return port;
}

/** Where to listen; `fallbackPort` when neither the option nor VIGIL_PORT says (a worker or pipeline process: any free port). */
export function listenAddress(
  options: Pick<ServerOptions, 'host' | 'port'>,
  env: NodeJS.ProcessEnv,
  fallbackPort = defaultPort,
): { host: string; port: number } {
  const host = options.host ?? env['VIGIL_HOST'] ?? defaultHost;
  if (host.trim() === '') throw new ConfigError('the host to listen on must not be empty');
  const fromEnv = env['VIGIL_PORT'];
  const port = options.port ?? (fromEnv === undefined ? fallbackPort : parsePort(fromEnv, 'VIGIL_PORT'));
  return { host, port: parsePort(port, 'the port') };
}

/** The port the server listens on (the one asked for until it listens). */
function boundPortOf(app: FastifyInstance, port: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : port;
}

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
    const metrics = new VigilMetrics({
      live: { status: opened.liveStatus, deployments: opened.deployments },
      db: opened.database.db,
      engine,
    });
    const jobQueue = queue;
    // Queue depths at each scrape: jobs waiting (and delayed for a retry) in the shared or in-process queue.
    metrics.queueDepth('jobs', async () => {
      const c = await jobQueue.counts();
      return c.waiting + c.delayed;
    });
    const scheduler = opened.cameraScheduler;
    // R29: not ready while the audit chain is broken (or before its start-up check).
    const auditStatus = () => auditMonitor?.status() ?? null;
    metrics.auditChain(
      () =>
        auditStatus() ?? {
          state: 'broken',
          breaks: 0,
          entries: 0,
          witness: { file: null, peers: [], lines: 0, pending: 0, unwitnessed: null },
          triggersRestored: 0,
        },
    );
    const probes = {
      auditChain: () => ({
        // Entries left unwitnessed by a crash (attention) are shown, not a reason to leave the pool.
        up: (auditStatus()?.state ?? 'broken') !== 'broken',
        reason: auditStatus() ? 'audit-chain-broken' : 'audit-chain-unchecked',
      }),
      database: async () => (await sql`select 1 as up`.execute(opened.database.db)).rows.length === 1,
      ...(plan.embedded ? {} : { queue: async () => (await jobQueue.counts()) !== undefined }),
      ...(scheduler ? { cameras: () => scheduler.healthy() } : {}),
    };
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
    auditMonitor = await startAuditMonitor({
      db: opened.database.db,
      publicKey: auditKey.publicKey,
      witnessFile: witnessFileOf(config),
      peerWitnessFiles: config.audit.peerWitnessFiles,
      graceMs: config.audit.unwitnessedGraceSeconds * 1000,
      everyMs: config.audit.verifyEverySeconds * 1000,
      fullEveryMs: config.audit.fullVerifyEveryMinutes * 60_000,
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
