/**
 * The archive's jobs as the outbox records them (issue 14): the scan of a batch, written with the
 * batch; each file's job, written with the file's row; and the resumer that finds, at start-up,
 * the work a dead process left undone (batches not scanned, files still queued).
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import type { OutboxJob, OutboxResumer } from '../jobs/outbox.ts';
import type { ArchiveBatchRow, ArchiveFileKind } from '../db/tables/archive.ts';
import { ArchiveRepository, type FileKey } from './archive.repository.ts';

/** The id of a file's job: the case and the file's content hash. */
export const archiveFileJobId = (caseId: string, sha256: string): string => `archive.${caseId}.${sha256}`;
export const archiveScanJobId = (batchId: string): string => `archive-scan.${batchId}`;

export function archiveScanJob(batch: ArchiveBatchRow): OutboxJob {
  return {
    name: 'archive.scan',
    jobId: archiveScanJobId(batch.id),
    payload: {
      batchId: batch.id,
      caseId: batch.case_id,
      folder: batch.folder,
      provenance: batch.provenance,
      requestedBy: batch.requested_by,
    },
  };
}

export function archiveFileJob(f: {
  batchId: string;
  caseId: string;
  path: string;
  sha256: string;
  kind: ArchiveFileKind;
  provenance: string;
  requestedBy: string;
}): OutboxJob {
  return { name: 'archive.file', jobId: archiveFileJobId(f.caseId, f.sha256), payload: { ...f } };
}

/** Jobs of the work not done: every batch not scanned yet, then every file still queued (pages by key). */
export function unfinishedArchiveJobsOf(
  repository: Pick<ArchiveRepository, 'unscannedBatches' | 'queuedFilesPage'>,
): OutboxResumer {
  return async function* (db: Kysely<VigilSchema>) {
    const batches = await repository.unscannedBatches(db);
    if (batches.length > 0) yield batches.map(archiveScanJob);
    const pageSize = 1000;
    let after: FileKey | undefined;
    for (;;) {
      const page = await repository.queuedFilesPage(db, after, pageSize);
      if (page.length > 0) {
        yield page.map((r) =>
          archiveFileJob({
            batchId: r.batch_id,
            caseId: r.case_id,
            path: r.path,
            sha256: r.file_sha256,
            kind: r.kind,
            provenance: r.provenance,
            requestedBy: r.requested_by,
          }),
        );
      }
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      after = { caseId: last.case_id, sha256: last.file_sha256 };
    }
  };
}

export const unfinishedArchiveJobs: OutboxResumer = unfinishedArchiveJobsOf(new ArchiveRepository());
