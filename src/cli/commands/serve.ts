/** `vigil serve`: the HTTP API, until SIGINT or SIGTERM. */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { parsePort, startServer } from '../../http/server.ts';

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP API (GET /openapi.json describes it); stops cleanly on SIGINT or SIGTERM')
    .option('--host <host>', 'address to listen on (default: VIGIL_HOST, else 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free port (default: VIGIL_PORT, else 8080)')
    .action(async (opts: { host?: string; port?: string }) => {
      const server = await startServer({
        config: ctx.config,
        host: opts.host,
        port: opts.port === undefined ? undefined : parsePort(opts.port, '--port'),
      });
      await server.closed;
    });
}
