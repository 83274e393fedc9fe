/**
 * Merges the recognizer calls of requests that an engine worker handles together (a batch from
 * the engine, engine.ts) into one batched run of the net (issue 17): on one thread a 150x150 chip
 * took 8.2 ms alone, 7.0 ms with its mirror (a batch of 2, as each request sent alone gives), 6.4
 * ms in a batch of 8 and 6.2 ms in a batch of 16 (measured on the idle development machine).
 *
 * `all(tasks)` runs the tasks concurrently; each `embed` they make waits until every task still
 * running is either waiting in `embed` too or finished, and then all the waiting chips go through
 * the inner recognizer at once (which splits them into runs of its own largest batch). No timer is
 * involved: the run happens as soon as no task could add to it, so a batch of one waits for
 * nothing. An `embed` made outside `all` runs at once. Each vector is what the inner recognizer
 * gives for that chip alone, to float rounding (engine-batching.test.ts compares them).
 */
import type { Recognizer, RgbImage } from './types.ts';

interface Waiting {
  readonly chips: readonly RgbImage[];
  resolve(vectors: Float32Array[]): void;
  reject(err: unknown): void;
}

export class EmbedCoalescer implements Recognizer {
  private active = 0;
  private waiting: Waiting[] = [];
  /** Runs of the inner recognizer so far, and chips they held (tests, diagnostics). */
  runs = 0;
  chips = 0;

  constructor(private readonly inner: Recognizer) {}

  get modelId(): string {
    return this.inner.modelId;
  }
  get alignment(): Recognizer['alignment'] {
    return this.inner.alignment;
  }
  get chipSize(): number {
    return this.inner.chipSize;
  }
  get dimensions(): number {
    return this.inner.dimensions;
  }

  embed(chips: readonly RgbImage[]): Promise<Float32Array[]> {
    if (chips.length === 0) return Promise.resolve([]);
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.waiting.push({ chips, resolve, reject });
      this.maybeRun();
    });
  }

  /** Runs every task concurrently, merging their `embed` calls; settles like `Promise.allSettled`. */
  all<T>(tasks: readonly (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
    this.active += tasks.length;
    return Promise.allSettled(
      tasks.map(async (task) => {
        try {
          return await task();
        } finally {
          this.active--;
          this.maybeRun();
        }
      }),
    );
  }

  private maybeRun(): void {
    if (this.waiting.length === 0 || this.waiting.length < this.active) return;
    const group = this.waiting;
    this.waiting = [];
    const all = group.flatMap((w) => w.chips);
    this.runs++;
    this.chips += all.length;
    this.inner.embed(all).then(
      (vectors) => {
        let offset = 0;
        for (const w of group) {
          w.resolve(vectors.slice(offset, offset + w.chips.length));
          offset += w.chips.length;
        }
      },
      (err: unknown) => {
        for (const w of group) w.reject(err);
      },
    );
  }
}
