/**
 * The face engine: one interface over a pool of workers, each running the nets of one model pack,
 * so inference never blocks the caller's event loop. A worker is a child process by default
 * (issue 14: it can be killed at any moment, a crash or `kill -9` touches only its request, and
 * its exit gives back all its memory, which a replaced thread's does not); `isolation: 'thread'`
 * runs worker threads in this process instead (see src/shared/worker-pool-hosts.ts).
 */
import { availableParallelism } from 'node:os';
import type { EngineRequest, EngineWorkerData, ImageAnalysis } from './engine-protocol.ts';
import { defaultDecodeLimits, ImageError, type DecodeLimits, type ImageErrorCode } from './image-decode.ts';
import type { PackSpec } from './packs.ts';
import type { DetectOptions, EmbedPolicy } from './pipeline.ts';
import { defaultQualityGates, type QualityGates } from './quality.ts';
import type { Box, RgbImage } from './types.ts';
import { WorkerPool, WorkerTaskError, type WorkerIsolation, type WorkerRestartReason } from '../shared/worker-pool.ts';

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
}

/**
 * A fresh ArrayBuffer holding exactly these bytes, safe to transfer to a worker. (A Node Buffer's
 * `slice()` shares memory and its `.buffer` may be a pool holding other data.)
 */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

export const defaultDetectOptions: DetectOptions = { minScore: 0.5, maxFaces: 50 };

export class FaceEngine {
  private constructor(
    private readonly pool: WorkerPool<ImageAnalysis>,
    readonly pack: PackSpec,
    private readonly detectDefaults: DetectOptions,
  ) {}

  static async start(options: FaceEngineOptions): Promise<FaceEngine> {
    const workerData: EngineWorkerData = {
      pack: options.pack,
      gates: options.gates ?? defaultQualityGates,
      limits: options.limits ?? defaultDecodeLimits,
      threads: 1,
    };
    const pool = await WorkerPool.start<ImageAnalysis>({
      // The same entry for both (it loads the compiled worker, or the sources through tsx).
      entry: new URL('./engine-worker-entry.mjs', import.meta.url),
      isolation: options.isolation ?? 'process',
      size: options.workers ?? availableParallelism(),
      workerData,
      taskTimeoutMs: options.taskTimeoutMs ?? 60_000,
      ...(options.onWorkerRestart ? { onRestart: options.onWorkerRestart } : {}),
    });
    return new FaceEngine(pool, options.pack, { ...defaultDetectOptions, ...options.detect });
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

  close(): Promise<void> {
    return this.pool.close();
  }

  private async call(req: EngineRequest, transfer: ArrayBuffer[]): Promise<ImageAnalysis> {
    try {
      return await this.pool.run(req, transfer);
    } catch (err) {
      if (err instanceof WorkerTaskError && err.name === 'ImageError')
        throw new ImageError(err.code as ImageErrorCode, err.message);
      throw err;
    }
  }
}
