/** Types and small helpers shared by the archive panel's parts. */
import type { paths, Schemas } from '../../../api/client';

export type Batch = Schemas['ArchiveBatch'];
export type Match = Schemas['ArchiveMatch'];
export type BatchProgress =
  paths['/v1/cases/{caseId}/archive/batches/{batchId}']['get']['responses'][200]['content']['application/json'];
export type SearchAnswer =
  paths['/v1/cases/{caseId}/archive/search']['post']['responses'][200]['content']['application/json'];
export type Provenance =
  paths['/v1/cases/{caseId}/archive/ingest']['post']['requestBody']['content']['application/json']['provenance'];

/** How often a running batch is asked about. */
export const pollMs = 2000;

/** A time in a video as m:ss. */
export const minSec = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The batch will not move on by itself: its scan failed or the job queue no longer knows it. */
export const stalled = (p: BatchProgress): boolean =>
  p.scan.state === 'failed' || p.scan.outcome === 'failed' || (p.scan.state === 'unknown' && !p.batch.scannedAt);
