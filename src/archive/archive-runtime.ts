/**
 * The worker role's composition: what the archive handlers need (database, media key, engine,
 * the queue to fan out on) and nothing else: no gallery index, no live runner, no HTTP.
 */
import type { VigilConfig } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { FaceEngine } from '../faces/engine.ts';
import type { JobHandlers, JobQueue } from '../jobs/queue.ts';
import { ByteCipher } from '../storage/cipher.ts';
import { loadMediaKey } from '../storage/media-key.ts';
import { archiveHandlers, type ArchiveIngestDeps } from './archive-jobs.ts';

/** The configured limits that apply to ingested files. */
export function archiveLimits(config: Pick<VigilConfig, 'limits' | 'video'>): ArchiveIngestDeps['limits'] {
  return {
    maxImageBytes: config.limits.maxImageBytes,
    maxVideoBytes: config.video.maxBytes,
    maxVideoDurationMs: config.video.maxDurationSeconds * 1000,
    videoFps: config.video.analysisFps,
  };
}

export interface WorkerRuntime {
  readonly database: Database;
  readonly handlers: JobHandlers;
  close(): Promise<void>;
}

export async function openWorkerRuntime(o: {
  readonly config: VigilConfig;
  readonly env: NodeJS.ProcessEnv;
  readonly engine: ArchiveIngestDeps['engine'] & Pick<FaceEngine, 'pack'>;
  readonly queue: Pick<JobQueue, 'enqueue'>;
}): Promise<WorkerRuntime> {
  const key = loadMediaKey({
    env: o.env,
    dataDir: o.config.dataDir,
    keyFile: o.config.keyFile,
    freshInstallation: false,
  });
  const database = await openDatabase({ url: o.config.databaseUrl, dataDir: o.config.dataDir });
  const handlers = archiveHandlers({
    db: database.db,
    cipher: new ByteCipher(key.key),
    engine: o.engine,
    queue: o.queue,
    limits: archiveLimits(o.config),
  });
  return { database, handlers, close: () => database.close() };
}
