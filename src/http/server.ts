/**
 * The API server's composition root: configuration -> model registry -> pack -> face engine ->
 * app -> listen. Shuts down cleanly on SIGINT/SIGTERM: stop taking requests and finish those in
 * flight, then stop the engine. A second signal during shutdown ends the process at once.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ConfigError, loadConfig, type VigilConfig } from '../config/config.ts';
import { registryLookup, startEngineFromConfig } from '../faces/engine-from-config.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import { ModelRegistry, modelsDir } from '../models/model-registry.ts';
import { buildApp } from './app.ts';

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

  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({
      engine,
      config,
      calibrations: () => loadCalibrations(options.calibrationPath),
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
  } catch (err) {
    await app?.close();
    await engine.close();
    throw err;
  }

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
        await running.close();
      } finally {
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
