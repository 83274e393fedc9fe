/**
 * `vigil worker`: the worker role (issue 7) as its own process: takes jobs from the shared queue
 * (VIGIL_QUEUE_URL or --queue, a redis:// URL) until SIGTERM/SIGINT, then finishes the jobs in hand
 * and exits. `vigil jobs counts|failed` shows the queue and its dead-letter list.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import { openJobQueue, queueSettingsFromEnv, type QueueSettings } from '../../jobs/open-queue.ts';
import { runWorker } from '../../jobs/worker-runner.ts';
import { openWorkerRuntime } from '../../archive/archive-runtime.ts';

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
    .action(async (opts: { queue?: string; concurrency?: number; lockMs?: number }) => {
      const queue = openJobQueue(sharedQueueSettings(opts));
      const engine = await ctx.engine();
      const runtime = await openWorkerRuntime({ config: ctx.config, env: process.env, engine, queue }).catch(
        async (err: unknown) => {
          await queue.close();
          throw err;
        },
      );
      try {
        const concurrency = opts.concurrency ?? engine.workers * 2;
        const log = (line: string) => {
          if (!ctx.out.json) process.stderr.write(`${line}\n`);
        };
        const worker = runWorker({ queue, handlers: runtime.handlers, concurrency, log });
        log(`worker ${process.pid}: ${engine.workers} engine thread(s), database ${runtime.database.location}`);
        await worker.stopped;
        ctx.out.result({ stopped: true, pid: process.pid }, () => `worker ${process.pid} stopped`);
      } finally {
        await runtime.close();
      }
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
