/**
 * `vigil serve`: a Vigil process until SIGINT or SIGTERM. Without --role it runs every role in
 * one process (the embedded mode); `--role api`, `--role worker`, `--role pipeline` (or a comma
 * list) run one part each, for installations spread over processes and machines (issue 7).
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { parsePort, startServer } from '../../http/server.ts';
import { parseRoles, processRoles } from '../../app/process-roles.ts';

const int = (v: string) => Number.parseInt(v, 10);

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description(
      'run Vigil: the API and console, job workers and live cameras (GET /openapi.json describes the API); stops cleanly on SIGINT or SIGTERM',
    )
    .option(
      '--role <roles>',
      `what this process runs: ${processRoles.join(', ')}, a comma list, or all (default: VIGIL_ROLES, else all)`,
    )
    .option('--host <host>', 'address to listen on (default: VIGIL_HOST, else 127.0.0.1)')
    .option(
      '--port <port>',
      'port to listen on, 0 for any free port (default: VIGIL_PORT, else 8080 with the api role and any free port without)',
    )
    .option('--concurrency <n>', 'worker role: jobs at once (default twice the engine threads)', int)
    .action(async (opts: { role?: string; host?: string; port?: string; concurrency?: number }) => {
      const server = await startServer({
        config: ctx.config,
        host: opts.host,
        port: opts.port === undefined ? undefined : parsePort(opts.port, '--port'),
        ...(opts.role !== undefined ? { roles: parseRoles(opts.role) } : {}),
        ...(opts.concurrency ? { jobConcurrency: opts.concurrency } : {}),
        // --json: JSON log lines even on a terminal (issue 15).
        ...(ctx.out.json ? { logFormat: 'json' as const } : {}),
      });
      await server.closed;
    });
}
