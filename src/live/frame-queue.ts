/**
 * A bounded queue between a camera and its pipeline, Frigate-style: the camera never waits. When
 * the queue is full, `push` drops the OLDEST item and counts it, so a slow pipeline analyses the
 * freshest frames and memory stays bounded by the capacity. Pure: no I/O, no timers.
 */

export interface FrameQueueCounters {
  readonly capacity: number;
  /** Items waiting now. */
  readonly size: number;
  /** Items accepted by `push` since the start. */
  readonly pushed: number;
  /** Items dropped because the queue was full (the oldest went). */
  readonly dropped: number;
  /** Items handed to a consumer. */
  readonly pulled: number;
  /** Items thrown away by `close({ discard: true })`. */
  readonly discarded: number;
  readonly closed: boolean;
}

export interface FrameQueueOptions<T> {
  /** Called with each item dropped for lack of room or discarded at close, so it can be released. */
  readonly onDrop?: (item: T, why: 'full' | 'discarded') => void;
}

/** Items are any value but undefined, which `pull` uses for "closed". */
export class BoundedFrameQueue<T extends NonNullable<unknown>> implements AsyncIterable<T> {
  // A ring buffer: items[head], items[head + 1], ... (mod capacity), `count` of them.
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private readonly waiters: ((item: T | undefined) => void)[] = [];
  private counts = { pushed: 0, dropped: 0, pulled: 0, discarded: 0 };
  private isClosed = false;

  constructor(
    readonly capacity: number,
    private readonly options: FrameQueueOptions<T> = {},
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1))
      throw new RangeError(`capacity must be a positive integer: ${capacity}`);
    this.items = new Array<T | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.count;
  }
  get dropped(): number {
    return this.counts.dropped;
  }
  get pushed(): number {
    return this.counts.pushed;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  counters(): FrameQueueCounters {
    return { capacity: this.capacity, size: this.count, closed: this.isClosed, ...this.counts };
  }

  /**
   * Adds an item without ever waiting: straight to a waiting consumer, else into the queue,
   * dropping the oldest item when full. Returns false (and keeps nothing) once closed.
   */
  push(item: T): boolean {
    if (this.isClosed) return false;
    this.counts.pushed++;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.counts.pulled++;
      waiter(item);
      return true;
    }
    if (this.count === this.capacity) {
      const oldest = this.take();
      this.counts.dropped++;
      if (oldest !== undefined) this.options.onDrop?.(oldest, 'full');
    }
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    return true;
  }

  /** The oldest item, or undefined at once when the queue is empty. */
  tryPull(): T | undefined {
    if (this.count === 0) return undefined;
    this.counts.pulled++;
    return this.take();
  }

  /** The oldest item, waiting for one if needed; undefined once the queue is closed and empty. */
  pull(): Promise<T | undefined> {
    if (this.count > 0) return Promise.resolve(this.tryPull());
    if (this.isClosed) return Promise.resolve(undefined);
    return new Promise((done) => this.waiters.push(done));
  }

  /**
   * Ends the queue: later pushes are refused and waiting consumers get undefined. Items already
   * queued are still handed out, unless `discard` throws them away (counted as `discarded`).
   */
  close(options: { readonly discard?: boolean } = {}): void {
    this.isClosed = true;
    if (options.discard) {
      while (this.count > 0) {
        const item = this.take();
        this.counts.discarded++;
        if (item !== undefined) this.options.onDrop?.(item, 'discarded');
      }
    }
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = await this.pull();
      if (item === undefined) return;
      yield item;
    }
  }

  private take(): T | undefined {
    const item = this.items[this.head];
    this.items[this.head] = undefined; // release the reference
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return item;
  }
}
