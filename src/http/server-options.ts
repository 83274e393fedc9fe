/**
 * What starting a Vigil process takes and gives (http/server.ts): its options, the running
 * server, and where it listens (VIGIL_HOST, VIGIL_PORT).
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ConfigError, type VigilConfig } from '../app/config.ts';
import type { ProcessRole } from '../app/process-roles.ts';
import type { LogFormat } from './log-format.ts';

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
export function boundPortOf(app: FastifyInstance, port: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : port;
}
