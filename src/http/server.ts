/**
 * The API server's composition root: configuration -> model registry -> pack -> face engine ->
 * app -> listen. Shuts down cleanly on SIGINT/SIGTERM: stop taking requests and finish those in
 * flight, then stop the engine. A second signal during shutdown ends the process at once.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ConfigError, loadConfig, type VigilConfig } from '../config/config.ts';
import { registryLookup, startEngineFromConfig } from '../faces/engine-from-config.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { startAnchorSchedule } from '../governance/audit/anchor-schedule.ts';
import { startPurgeSchedule, type PurgeSchedule } from '../governance/retention/purge-schedule.ts';
import { openAuditSigningKey } from '../governance/audit/signing-key.ts';
import { openIdentity } from '../governance/identity/identity.ts';
import { VigilMetrics } from '../ops/vigil-metrics.ts';
import { ModelRegistry, modelsDir } from '../models/model-registry.ts';
import { buildApp } from './app.ts';
import { openServices, type VigilServices } from '../app/services.ts';
import { enhanceProbe, videoProbeAnalyser } from '../app/media-adapters.ts';

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
  /** Default: info-level JSON lines on stdout (VIGIL_LOG_LEVEL to change). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Default true: close on SIGINT and SIGTERM. */
  readonly handleSignals?: boolean;
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

export function listenAddress(
  options: Pick<ServerOptions, 'host' | 'port'>,
  env: NodeJS.ProcessEnv,
): { host: string; port: number } {
  const host = options.host ?? env['VIGIL_HOST'] ?? defaultHost;
  if (host.trim() === '') throw new ConfigError('the host to listen on must not be empty');
  const fromEnv = env['VIGIL_PORT'];
  const port = options.port ?? (fromEnv === undefined ? defaultPort : parsePort(fromEnv, 'VIGIL_PORT'));
  return { host, port: parsePort(port, 'the port') };
}

/** Registered models as a pack's building blocks. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const config = options.config ?? loadConfig(env);
  const { host, port } = listenAddress(options, env);
  const registry = new ModelRegistry({ root: modelsDir(config.dataDir) });
  const models = registryLookup(registry);
  const engine = await startEngineFromConfig(config, models);
  // Live cameras use their own (faster) pack when one is configured; same recognizer as the gallery.
  let liveEngine: FaceEngine | undefined;

  let app: FastifyInstance | undefined;
  let services: VigilServices | undefined;
  let anchors: { stop(): void } | undefined;
  let purges: PurgeSchedule | undefined;
  const calibrations = () => loadCalibrations(options.calibrationPath);
  try {
    if (config.live.pack !== config.pack)
      liveEngine = await startEngineFromConfig(config, models, { pack: config.live.pack });
    services = await openServices({
      config,
      env,
      engine,
      ...(liveEngine ? { liveEngine } : {}),
      calibrations,
      analyseVideo: videoProbeAnalyser(engine, config),
      enhance: enhanceProbe(config),
    });
    // The signing key first: a fresh installation creates it before anything is audited.
    const auditKey = await openAuditSigningKey(services.database.db, {
      dataDir: config.dataDir,
      keyFile: config.audit.keyFile,
    });
    const identity = openIdentity({ db: services.database.db, config: config.identity });
    const metrics = new VigilMetrics({
      live: { runner: services.runner, deployments: services.deployments },
      db: services.database.db,
      engine,
    });
    app = await buildApp({
      identity,
      metrics,
      auditPublicKey: auditKey.publicKey,
      engine,
      config,
      calibrations,
      services,
      registry,
      models,
      logger: options.logger ?? { level: env['VIGIL_LOG_LEVEL'] ?? 'info' },
    });
    await app.listen({
      host,
      port,
      listenTextResolver: (address) =>
        `Vigil listening at ${address} (pack ${engine.pack.name}, ${engine.workers} engine worker${engine.workers === 1 ? '' : 's'})`,
    });
    const setup = await identity.setup.ensureToken();
    if (setup) {
      // Printed, never logged to a file by default: the one way to create the first administrator.
      app.log.warn(
        `no administrator yet: create one with POST /v1/setup and the one-time token ${setup.token} (valid until ${setup.expiresAt})`,
      );
    }
    if (config.audit.anchorEveryMinutes > 0) {
      anchors = startAnchorSchedule({
        db: services.database.db,
        key: auditKey,
        everyMs: config.audit.anchorEveryMinutes * 60_000,
        onError: (err) => app?.log.error({ err }, 'audit anchor failed'),
      });
    }
    if (config.retention.purgeEveryMinutes > 0) {
      purges = startPurgeSchedule({
        retention: services.retention,
        everyMs: config.retention.purgeEveryMinutes * 60_000,
        immediately: true,
        onRun: (run) =>
          app?.log.info({ run: run.id, status: run.status, counts: run.counts, held: run.held }, 'retention purge'),
        onError: (err) => app?.log.error({ err }, 'retention purge failed'),
      });
    }
    const resumed = await services.deployments.resumeLive();
    if (resumed.resumed.length + resumed.closed.length > 0) app.log.info(resumed, 'live deployments after restart');
    const index = services.galleryIndex;
    app.log.info(
      { database: services.database.location, key: services.key.location, index: index.opened, reason: index.reason },
      `gallery index ${index.opened} (${index.index.size} templates of ${index.index.modelId})`,
    );
    if (services.key.source === 'created') {
      app.log.warn(
        { key: services.key.location },
        'created a new media key for this fresh installation: back it up and keep it off the data volume (set keyFile or VIGIL_MEDIA_KEY)',
      );
    }
  } catch (err) {
    anchors?.stop();
    await purges?.stop();
    await app?.close();
    await services?.close();
    await liveEngine?.close();
    await engine.close();
    throw err;
  }
  const openedServices = services;

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
        anchors?.stop();
        await purges?.stop();
        await running.close();
      } finally {
        await openedServices.close().catch((err: unknown) => running.log.error({ err }, 'closing the services failed'));
        await liveEngine?.close();
        await engine.close();
        markClosed();
      }
    })();
    return closing;
  };
  if (options.handleSignals ?? true) for (const s of signals) process.once(s, onSignal);

  const address = running.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { app: running, url: `http://${urlHost}:${boundPort}`, close, closed };
}
