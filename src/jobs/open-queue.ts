/** Picks the queue adapter: BullMQ when a `redis://` URL is given, else the in-process queue. */
import { BullJobQueue } from './bullmq-queue.ts';
import { InProcessQueue } from './in-process-queue.ts';
import type { JobQueue, RetryPolicy } from './queue.ts';

export interface QueueSettings {
  /** `redis://` or `rediss://`; unset: the in-process queue (embedded mode). */
  readonly url?: string | undefined;
  readonly prefix?: string | undefined;
  readonly retry?: Partial<RetryPolicy>;
  readonly lockDurationMs?: number | undefined;
}

/** The queue settings from the environment: VIGIL_QUEUE_URL, VIGIL_QUEUE_PREFIX, VIGIL_QUEUE_LOCK_MS. */
export function queueSettingsFromEnv(env: NodeJS.ProcessEnv): QueueSettings {
  const lock = env['VIGIL_QUEUE_LOCK_MS'];
  return {
    url: env['VIGIL_QUEUE_URL'] || undefined,
    prefix: env['VIGIL_QUEUE_PREFIX'] || undefined,
    ...(lock ? { lockDurationMs: Number(lock) } : {}),
  };
}

export function openJobQueue(s: QueueSettings): JobQueue {
  const url = s.url?.trim();
  if (!url) return new InProcessQueue(s.retry ? { retry: s.retry } : {});
  if (!/^rediss?:\/\//.test(url))
    throw new Error('the queue URL must be a redis:// URL (leave it unset for in-process)');
  return new BullJobQueue({
    url,
    ...(s.prefix ? { prefix: s.prefix } : {}),
    ...(s.retry ? { retry: s.retry } : {}),
    ...(s.lockDurationMs ? { lockDurationMs: s.lockDurationMs } : {}),
  });
}
