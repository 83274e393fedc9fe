/**
 * A token bucket per key, in memory: `capacity` requests at once, refilled at `refillPerMinute`.
 * Used to slow password guessing (per address and username) and costly routes such as searches.
 * Memory is bounded: past `maxKeys` the buckets that have refilled (or, failing that, the least
 * recently used) are dropped. One process only: behind several instances each limits on its own.
 */
import { systemClock, type Clock } from './policy.ts';

export interface BucketSettings {
  readonly capacity: number;
  readonly refillPerMinute: number;
}

export type TakeResult = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly settings: BucketSettings,
    private readonly clock: Clock = systemClock,
    private readonly maxKeys = 100_000,
  ) {
    if (!(settings.capacity >= 1) || !(settings.refillPerMinute > 0)) {
      throw new RangeError('a token bucket needs capacity >= 1 and a positive refill rate');
    }
  }

  private level(bucket: Bucket, now: number): number {
    const refill = ((now - bucket.at) / 60_000) * this.settings.refillPerMinute;
    return Math.min(this.settings.capacity, bucket.tokens + Math.max(0, refill));
  }

  /** Takes one token for `key`, or says how long until one is available. */
  take(key: string): TakeResult {
    const now = this.clock().getTime();
    const existing = this.buckets.get(key);
    const tokens = existing ? this.level(existing, now) : this.settings.capacity;
    // Re-insert so the map's order is least recently used first.
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      this.prune(now);
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, at: now });
    const retryAfterSeconds = Math.max(1, Math.ceil(((1 - tokens) / this.settings.refillPerMinute) * 60));
    return { allowed: false, retryAfterSeconds };
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number): void {
    if (this.buckets.size <= this.maxKeys) return;
    // Prune to 90% so the scan does not run again on the next request.
    const target = Math.floor(this.maxKeys * 0.9);
    for (const [key, bucket] of this.buckets) {
      if (this.level(bucket, now) >= this.settings.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}
