/**
 * The face engine: one interface over a pool of workers, each running the nets of one model pack,
 * so inference never blocks the caller's event loop. A worker is a child process by default
 * (issue 14: it can be killed at any moment, a crash or `kill -9` touches only its request, and
 * its exit gives back all its memory, which a replaced thread's does not); `isolation: 'thread'`
 * runs worker threads in this process instead (see src/shared/worker-pool-hosts.ts).
 *
 * Batching (issue 17): while every worker is busy, requests wait here, and a worker that comes free
 * takes up to `maxBatch` of them in one message; it handles them together, so their faces share
 * recognizer runs (embed-coalescer.ts; README, Speed, for what it gains). An idle engine sends
 * each request at once, so batching adds no latency when there is no queue. A worker that crashes
 * fails the requests of its batch (one request alone when there was no queue).
 */
import { availableParallelism } from 'node:os';
import type { EngineBatch, EngineOutcome, EngineRequest, EngineWorkerData, ImageAnalysis } from './engine-protocol.ts';
import { defaultDecodeLimits, ImageError, type DecodeLimits, type ImageErrorCode } from './image-decode.ts';
import type { PackSpec } from './packs.ts';
import type { DetectOptions, EmbedPolicy } from './pipeline.ts';
import { defaultQualityGates, type QualityGates } from './quality.ts';
import type { Box, RgbImage } from './types.ts';
import {
  WorkerLostError,
  WorkerPool,
  WorkerTaskError,
  type WorkerIsolation,
  type WorkerRestartReason,
} from '../shared/worker-pool.ts';

export type { ImageAnalysis } from './engine-protocol.ts';

export interface FaceEngineOptions {
  readonly pack: PackSpec;
  /** Workers; defaults to the number of cores. */
  readonly workers?: number;
  /** Each worker a child process (default) or a thread of this process (config `engine.isolation`). */
  readonly isolation?: WorkerIsolation;
  readonly gates?: QualityGates;
  readonly limits?: DecodeLimits;
  readonly detect?: Partial<DetectOptions>;
  /**
   * A request taking longer fails and its worker is replaced (default 60 s: a frame or a photo
   * takes well under a second; a minute means the worker is stuck).
   */
  readonly taskTimeoutMs?: number;
  /** Called whenever a worker crashed or hung and was replaced. */
  readonly onWorkerRestart?: (reason: WorkerRestartReason, detail: string) => void;
  /**
   * Most requests sent to one worker at once (default 4; 1 sends each alone, as before issue 17).
   * Requests are only grouped while every worker is busy: an idle engine sends a request at once.
   * A worker that crashes or hangs fails every request of its batch.
   */
  readonly maxBatch?: number;
}

interface Queued {
  readonly req: EngineRequest;
  readonly transfer: ArrayBuffer[];
  resolve(value: ImageAnalysis): void;
  reject(err: unknown): void;
}

/**
 * Four one-face requests make a recognizer batch of 8 chips (each face and its mirror), which
 * gets most of what batching gains (README, Speed), while the first request of a batch waits for
 * at most three others.
 */
export const defaultMaxBatch = 4;

/**
 * A fresh ArrayBuffer holding exactly these bytes, safe to transfer to a worker. (A Node Buffer's
 * `slice()` shares memory and its `.buffer` may be a pool holding other data.)
 */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

export const defaultDetectOptions: DetectOptions = { minScore: 0.5, maxFaces: 50 };

export class FaceEngine {
  /** Requests waiting for a worker (only while every worker is busy), and batches at workers. */
  private readonly queue: Queued[] = [];
  private inFlight = 0;
  private closing = false;

  private constructor(
    private readonly pool: WorkerPool<readonly EngineOutcome[]>,
    readonly pack: PackSpec,
    private readonly detectDefaults: DetectOptions,
    readonly maxBatch: number,
  ) {}

  static async start(options: FaceEngineOptions): Promise<FaceEngine> {
    const workerData: EngineWorkerData = {
      pack: options.pack,
      gates: options.gates ?? defaultQualityGates,
      limits: options.limits ?? defaultDecodeLimits,
      threads: 1,
    };
    const pool = await WorkerPool.start<readonly EngineOutcome[]>({
      // The same entry for both (it loads the compiled worker, or the sources through tsx).
      entry: new URL('./engine-worker-entry.mjs', import.meta.url),
      isolation: options.isolation ?? 'process',
      size: options.workers ?? availableParallelism(),
      workerData,
      taskTimeoutMs: options.taskTimeoutMs ?? 60_000,
      ...(options.onWorkerRestart ? { onRestart: options.onWorkerRestart } : {}),
    });
    const maxBatch = Math.max(1, Math.floor(options.maxBatch ?? defaultMaxBatch));
    return new FaceEngine(pool, options.pack, { ...defaultDetectOptions, ...options.detect }, maxBatch);
  }

  get workers(): number {
    return this.pool.size;
  }

  get isolation(): WorkerIsolation {
    return this.pool.isolation;
  }

  /** The workers' process ids (process isolation; empty for threads): the soak sums their memory. */
  get workerPids(): number[] {
    return this.pool.pids;
  }

  /** Workers that crashed or hung and were replaced since the start (metric `vigil_engine_worker_restarts_total`). */
  get workerRestarts(): number {
    return this.pool.restarts;
  }

  /**
   * Fault injection for tests and the soak (issue 14): one worker (a busy one first) crashes: a
   * child process is killed with SIGKILL (a real kill); a thread throws an uncaught exception, as a
   * bug in its code would. Its request fails, it is replaced and counted. Returns false when no
   * worker was loaded to crash.
   */
  crashWorkerForTest(): boolean {
    return this.pool.crashWorker();
  }

  /** Decodes an encoded image, finds every face (largest first), and embeds by `embed`. */
  analyse(
    bytes: Uint8Array,
    options: { embed?: EmbedPolicy; detect?: Partial<DetectOptions> } = {},
  ): Promise<ImageAnalysis> {
    const copy = ownBuffer(bytes);
    return this.call(
      {
        op: 'analyse',
        source: { kind: 'encoded', bytes: copy },
        detect: { ...this.detectDefaults, ...options.detect },
        embed: options.embed ?? 'all',
      },
      [copy],
    );
  }

  /** The same for a raw RGB frame (from video decoding). */
  analyseFrame(
    frame: RgbImage,
    options: { embed?: EmbedPolicy; detect?: Partial<DetectOptions> } = {},
  ): Promise<ImageAnalysis> {
    const pixels = ownBuffer(frame.data);
    return this.call(
      {
        op: 'analyse',
        source: { kind: 'rgb', width: frame.width, height: frame.height, pixels },
        detect: { ...this.detectDefaults, ...options.detect },
        embed: options.embed ?? 'all',
      },
      [pixels],
    );
  }

  /** Landmarks, quality and templates for faces whose boxes are already known (no detection). */
  describe(
    frame: RgbImage,
    faces: readonly { box: Box; score: number }[],
    embed: EmbedPolicy = 'all',
  ): Promise<ImageAnalysis> {
    const pixels = ownBuffer(frame.data);
    return this.call(
      { op: 'describe', source: { kind: 'rgb', width: frame.width, height: frame.height, pixels }, faces, embed },
      [pixels],
    );
  }

  /** Requests waiting for a worker to come free (a gauge for operators and tests). */
  get queued(): number {
    return this.queue.length;
  }

  /** Lets batches in flight finish; requests still waiting for a worker fail (`pool-closed`). */
  close(): Promise<void> {
    this.closing = true;
    for (const q of this.queue.splice(0))
      q.reject(new WorkerLostError('pool-closed', 'the face engine closed before the request ran'));
    return this.pool.close();
  }

  private call(req: EngineRequest, transfer: ArrayBuffer[]): Promise<ImageAnalysis> {
    if (this.closing) return Promise.reject(new WorkerLostError('pool-closed', 'the face engine is closed'));
    return new Promise<ImageAnalysis>((resolve, reject) => {
      this.queue.push({ req, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Sends queued requests while a worker is free, up to `maxBatch` of them to each. */
  private pump(): void {
    while (this.inFlight < this.pool.size && this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxBatch);
      const batch: EngineBatch = { op: 'batch', requests: group.map((q) => q.req) };
      this.inFlight++;
      // The worker counts as free before its callers hear back, so a request made in reply goes
      // out at once (or with those already waiting).
      const done = () => {
        this.inFlight--;
        this.pump();
      };
      this.pool
        .run(
          batch,
          group.flatMap((q) => q.transfer),
        )
        .then(
          (outcomes) => {
            done();
            group.forEach((q, i) => settle(q, outcomes[i]));
          },
          (err: unknown) => {
            done();
            group.forEach((q) => q.reject(err));
          },
        );
    }
  }
}

function settle(q: Queued, outcome: EngineOutcome | undefined): void {
  if (!outcome) q.reject(new Error('the engine worker gave no answer for this request'));
  else if (outcome.ok) q.resolve(outcome.result);
  else if (outcome.error.name === 'ImageError')
    q.reject(new ImageError(outcome.error.code as ImageErrorCode, outcome.error.message));
  else q.reject(new WorkerTaskError(outcome.error.name, outcome.error.code, outcome.error.message));
}
