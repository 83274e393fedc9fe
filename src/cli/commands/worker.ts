/**
 * `vigil worker`: short for `vigil serve --role worker` (issue 7): takes jobs from the shared queue
 * (VIGIL_QUEUE_URL or --queue, a redis:// URL) until SIGTERM/SIGINT, then finishes the jobs in hand
 * and exits; serves /health, /ready and /metrics meanwhile. `vigil jobs counts|failed` shows the
 * queue and its dead-letter list.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { openJobQueue, queueSettingsFromEnv, type QueueSettings } from '../../jobs/open-queue.ts';
import { parsePort, startServer } from '../../http/server.ts';

const int = (v: string) => Number.parseInt(v, 10);

/** Queue settings from the environment, overridden by --queue / --lock-ms; refused without a URL. */
export function sharedQueueSettings(opts: { queue?: string; lockMs?: number }): QueueSettings & { url: string } {
  const env = queueSettingsFromEnv(process.env);
  const url = opts.queue ?? env.url;
  if (!url) {
    throw new UsageError(
      'a worker needs a shared queue: set VIGIL_QUEUE_URL (or --queue) to a redis:// URL; ' +
        'in the embedded mode `vigil serve` and `vigil archive ingest` run the jobs in-process',
    );
  }
  return { ...env, url, ...(opts.lockMs ? { lockDurationMs: opts.lockMs } : {}) };
}

export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('run jobs (archive ingestion) from the shared queue until SIGTERM; needs VIGIL_QUEUE_URL')
    .option('--queue <url>', 'redis:// URL of the queue (default VIGIL_QUEUE_URL)')
    .option('--concurrency <n>', 'jobs at once (default: twice the engine threads)', int)
    .option('--lock-ms <ms>', "how long a dead worker's job waits before another takes it (default 30000)", int)
    .option('--port <port>', 'port of /health, /ready and /metrics (default: VIGIL_PORT, else any free port)')
    .action(async (opts: { queue?: string; concurrency?: number; lockMs?: number; port?: string }) => {
      const settings = sharedQueueSettings(opts);
      const server = await startServer({
        config: ctx.config,
        env: {
          ...process.env,
          VIGIL_QUEUE_URL: settings.url,
          ...(settings.lockDurationMs ? { VIGIL_QUEUE_LOCK_MS: String(settings.lockDurationMs) } : {}),
        },
        roles: ['worker'],
        port: opts.port === undefined ? undefined : parsePort(opts.port, '--port'),
        ...(opts.concurrency ? { jobConcurrency: opts.concurrency } : {}),
        // --json: JSON log lines even on a terminal (issue 15).
        ...(ctx.out.json ? { logFormat: 'json' as const } : {}),
      });
      await server.closed;
    });

  const jobs = program.command('jobs').description('the shared job queue (VIGIL_QUEUE_URL)');
  jobs
    .command('counts')
    .description('jobs waiting, delayed, running, completed and failed')
    .option('--queue <url>', 'redis:// URL of the queue')
    .action(async (opts: { queue?: string }) => {
      const queue = openJobQueue(sharedQueueSettings(opts));
      try {
        const c = await queue.counts();
        ctx.out.result(c, () =>
          Object.entries(c)
            .map(([k, v]) => `${k.padEnd(10)} ${v}`)
            .join('\n'),
        );
      } finally {
        await queue.close();
      }
    });
  jobs
    .command('failed')
    .description('the dead-letter list: jobs that failed on every attempt')
    .option('--queue <url>', 'redis:// URL of the queue')
    .option('--limit <n>', 'how many (newest first)', int)
    .action(async (opts: { queue?: string; limit?: number }) => {
      const queue = openJobQueue(sharedQueueSettings(opts));
      try {
        const failed = await queue.failed(opts.limit ?? 50);
        ctx.out.result(failed, () =>
          failed.length === 0
            ? 'no failed jobs'
            : failed
                .map((f) => `${f.failedAt}  ${f.name}  ${f.id}  after ${f.attempts} attempt(s): ${f.error}`)
                .join('\n'),
        );
      } finally {
        await queue.close();
      }
    });
}
