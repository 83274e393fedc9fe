/**
 * How the server's log reads (issue 15): human-readable lines through pino-pretty when a person
 * is watching (stdout is a terminal), JSON lines everywhere else (pipes, CI, containers, log
 * shippers). `VIGIL_LOG_FORMAT=pretty|json` overrides the guess; `--json` always means JSON.
 */
import type { FastifyServerOptions } from 'fastify';
import { ConfigError } from '../app/config.ts';

export const logFormats = ['pretty', 'json'] as const;
export type LogFormat = (typeof logFormats)[number];

export interface LogFormatInputs {
  /** VIGIL_LOG_FORMAT, when set. */
  readonly requested?: string | undefined;
  /** The command line's --json: machine-readable output asked for. */
  readonly json?: boolean | undefined;
  /** Whether stdout is a terminal. */
  readonly tty: boolean;
}

/** The format to log in: --json, then VIGIL_LOG_FORMAT, then pretty on a terminal and JSON elsewhere. */
export function chooseLogFormat(o: LogFormatInputs): LogFormat {
  if (o.json) return 'json';
  const requested = o.requested?.trim().toLowerCase();
  if (requested) {
    if ((logFormats as readonly string[]).includes(requested)) return requested as LogFormat;
    throw new ConfigError(`VIGIL_LOG_FORMAT must be one of ${logFormats.join(', ')} (got ${o.requested ?? ''})`);
  }
  return o.tty ? 'pretty' : 'json';
}

/**
 * Fastify's logger options for a format. Pretty lines are written in-process (no worker thread:
 * it adds nothing to start-up but loading pino-pretty, about 20 ms, and only on a terminal).
 */
export async function loggerFor(
  format: LogFormat,
  level: string,
): Promise<NonNullable<FastifyServerOptions['logger']>> {
  if (format === 'json') return { level };
  const { default: pretty } = await import('pino-pretty');
  const stream = pretty({
    colorize: process.stdout.isTTY && process.stdout.hasColors(),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
    sync: true,
    destination: 1,
  });
  return { level, stream };
}
