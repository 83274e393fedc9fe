/** What archive ingestion takes from the configuration. */
import type { VigilConfig } from '../config/config.ts';
import type { ArchiveIngestDeps } from './archive-jobs.ts';

/** The configured limits that apply to ingested files. */
export function archiveLimits(config: Pick<VigilConfig, 'limits' | 'video'>): ArchiveIngestDeps['limits'] {
  return {
    maxImageBytes: config.limits.maxImageBytes,
    maxVideoBytes: config.video.maxBytes,
    maxVideoDurationMs: config.video.maxDurationSeconds * 1000,
    videoFps: config.video.analysisFps,
  };
}
