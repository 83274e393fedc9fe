/**
 * Events between processes (issue 7): alerts raised by a pipeline process reach the operators
 * subscribed through any API process. Two adapters with one contract: in-process (the embedded
 * mode: an EventEmitter) and Redis pub/sub (scale-out, `VIGIL_EVENTS_URL`, default the queue's
 * Redis). Delivery is at most once and only to subscribers connected at the time: an event is a
 * nudge, the database is the record (the console reloads the alert list when it reconnects).
 * Messages carry ids, scores and states, never images or templates.
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type EventListener = (message: unknown) => void;

export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, listener: EventListener): () => void;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(10_000);
  }

  publish(channel: string, message: unknown): Promise<void> {
    // Through JSON, as on Redis: a subscriber never shares an object with the publisher.
    const copy: unknown = JSON.parse(JSON.stringify(message));
    this.emitter.emit(channel, copy);
    return Promise.resolve();
  }

  subscribe(channel: string, listener: EventListener): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }

  close(): Promise<void> {
    this.emitter.removeAllListeners();
    return Promise.resolve();
  }
}

/** Redis pub/sub: one connection publishes, one subscribes to the channels that have listeners. */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** Delivers what arrives to this process's listeners (already parsed from JSON: a fresh object). */
  private readonly local = new EventEmitter();
  private readonly counts = new Map<string, number>();

  constructor(
    url: string,
    private readonly prefix = 'vigil',
  ) {
    this.local.setMaxListeners(10_000);
    const options = { lazyConnect: false, maxRetriesPerRequest: 3 } as const;
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, options);
    // Errors reconnect by themselves; without a listener ioredis would print each one.
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.sub.on('message', (channel: string, text: string) => {
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      this.local.emit(channel.slice(this.prefix.length + 1), message);
    });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.pub.publish(`${this.prefix}:${channel}`, JSON.stringify(message));
  }

  subscribe(channel: string, listener: EventListener): () => void {
    const n = this.counts.get(channel) ?? 0;
    this.counts.set(channel, n + 1);
    if (n === 0) void this.sub.subscribe(`${this.prefix}:${channel}`).catch(() => undefined);
    this.local.on(channel, listener);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.local.off(channel, listener);
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left > 0) this.counts.set(channel, left);
      else {
        this.counts.delete(channel);
        void this.sub.unsubscribe(`${this.prefix}:${channel}`).catch(() => undefined);
      }
    };
  }

  /** Resolves once both connections are ready (for readiness checks and tests). */
  async ready(): Promise<void> {
    await Promise.all([this.pub.ping(), this.sub.ping()]);
  }

  async close(): Promise<void> {
    this.local.removeAllListeners();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

/** The bus from a URL: `redis://` for Redis pub/sub, unset for in-process. */
export function openEventBus(url: string | undefined, prefix?: string): EventBus {
  const u = url?.trim();
  if (!u) return new InProcessEventBus();
  if (!/^rediss?:\/\//.test(u))
    throw new Error('the events URL must be a redis:// URL (leave it unset for in-process)');
  return new RedisEventBus(u, prefix);
}
