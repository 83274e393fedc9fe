/** Queries of the archive index (injected: app/services.ts). Every method takes a handle or a transaction. */
import type { Queryable } from '../db/database.ts';
import type {
  ArchiveBatchRow,
  ArchiveFacesTable,
  ArchiveFileKind,
  ArchiveFileRow,
  ArchiveFileStatus,
} from '../db/tables/archive.ts';
import type { Insertable } from 'kysely';

export interface FileKey {
  readonly caseId: string;
  readonly sha256: string;
}

export class ArchiveRepository {
  /** Queues a file unless the case already has it (same content): true when inserted. */
  async insertFileIfAbsent(
    q: Queryable,
    f: FileKey & { batchId: string; path: string; kind: ArchiveFileKind; size: number; provenance: string; at: string },
  ): Promise<boolean> {
    const r = await q
      .insertInto('archive_files')
      .values({
        case_id: f.caseId,
        file_sha256: f.sha256,
        batch_id: f.batchId,
        path: f.path,
        kind: f.kind,
        size_bytes: f.size,
        provenance: f.provenance,
        status: 'queued',
        reason: null,
        faces: 0,
        duration_ms: null,
        model_id: null,
        attempts: 0,
        queued_at: f.at,
        finished_at: null,
      })
      .onConflict((oc) => oc.columns(['case_id', 'file_sha256']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  file(q: Queryable, k: FileKey): Promise<ArchiveFileRow | undefined> {
    return q
      .selectFrom('archive_files')
      .selectAll()
      .where('case_id', '=', k.caseId)
      .where('file_sha256', '=', k.sha256)
      .executeTakeFirst();
  }

  /** Counts a start of work on a queued file (a file redone after a dead worker counts twice). */
  async noteAttempt(q: Queryable, k: FileKey): Promise<void> {
    await q
      .updateTable('archive_files')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('case_id', '=', k.caseId)
      .where('file_sha256', '=', k.sha256)
      .where('status', '=', 'queued')
      .execute();
  }

  /**
   * Marks a queued file finished; false if it was not queued any more (another worker finished it
   * first). On PostgreSQL the row lock makes a concurrent second finisher wait, then find it done.
   */
  async finish(
    q: Queryable,
    k: FileKey,
    f: {
      status: Exclude<ArchiveFileStatus, 'queued'>;
      reason?: string;
      faces: number;
      durationMs?: number | null;
      modelId?: string;
      at: string;
    },
  ): Promise<boolean> {
    const r = await q
      .updateTable('archive_files')
      .set({
        status: f.status,
        reason: f.reason ?? null,
        faces: f.faces,
        duration_ms: f.durationMs ?? null,
        model_id: f.modelId ?? null,
        finished_at: f.at,
      })
      .where('case_id', '=', k.caseId)
      .where('file_sha256', '=', k.sha256)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertFaces(q: Queryable, rows: readonly Insertable<ArchiveFacesTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500)
      await q
        .insertInto('archive_faces')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  /** Files of a batch (or of the case) by status. */
  async statusCounts(
    q: Queryable,
    where: { caseId: string; batchId?: string },
  ): Promise<Record<ArchiveFileStatus, number> & { faces: number }> {
    let query = q
      .selectFrom('archive_files')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('faces').as('faces')])
      .where('case_id', '=', where.caseId);
    if (where.batchId) query = query.where('batch_id', '=', where.batchId);
    const rows = await query.groupBy('status').execute();
    const out = { queued: 0, done: 0, failed: 0, faces: 0 };
    for (const r of rows) {
      out[r.status] = Number(r.n);
      out.faces += Number(r.faces ?? 0);
    }
    return out;
  }

  /** The case's ingestion batches, oldest first. */
  batches(q: Queryable, caseId: string): Promise<ArchiveBatchRow[]> {
    return q
      .selectFrom('archive_batches')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** One batch of the case (undefined when the batch is another case's or does not exist). */
  batch(q: Queryable, caseId: string, batchId: string): Promise<ArchiveBatchRow | undefined> {
    return q
      .selectFrom('archive_batches')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('id', '=', batchId)
      .executeTakeFirst();
  }

  /** Files of the case (or of one batch) that failed, with their reasons, by path. */
  failedFiles(
    q: Queryable,
    where: { caseId: string; batchId?: string | undefined },
  ): Promise<{ path: string; file_sha256: string; kind: ArchiveFileKind; reason: string | null }[]> {
    let query = q
      .selectFrom('archive_files')
      .select(['path', 'file_sha256', 'kind', 'reason'])
      .where('case_id', '=', where.caseId)
      .where('status', '=', 'failed');
    if (where.batchId !== undefined) query = query.where('batch_id', '=', where.batchId);
    return query.orderBy('path').execute();
  }

  /** One page of a case's faces of a model, with their file's path. */
  facesPage(q: Queryable, caseId: string, modelId: string, offset: number, limit: number) {
    return q
      .selectFrom('archive_faces as f')
      .innerJoin('archive_files as a', (j) =>
        j.onRef('a.case_id', '=', 'f.case_id').onRef('a.file_sha256', '=', 'f.file_sha256'),
      )
      .select([
        'f.file_sha256',
        'f.face_key',
        'f.kind',
        'f.timestamp_ms',
        'f.frame_index',
        'f.track_no',
        'f.first_ms',
        'f.last_ms',
        'f.box_json',
        'f.template_sealed',
        'a.path',
      ])
      .where('f.case_id', '=', caseId)
      .where('f.model_id', '=', modelId)
      .orderBy('f.file_sha256')
      .orderBy('f.face_key')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async insertBatch(q: Queryable, batch: ArchiveBatchRow): Promise<void> {
    await q.insertInto('archive_batches').values(batch).execute();
  }

  /** Records that a batch's scan ran: how many files it queued, when. */
  async markScanned(q: Queryable, batchId: string, filesTotal: number, at: string): Promise<void> {
    await q
      .updateTable('archive_batches')
      .set({ files_total: filesTotal, scanned_at: at })
      .where('id', '=', batchId)
      .execute();
  }

  /** Batches whose scan has not run (a dead process's), any case. */
  unscannedBatches(q: Queryable): Promise<ArchiveBatchRow[]> {
    return q.selectFrom('archive_batches').selectAll().where('scanned_at', 'is', null).execute();
  }

  /** Files still queued, any case, with who asked for their batch: a page by (case, hash) after `after`. */
  queuedFilesPage(q: Queryable, after: FileKey | undefined, limit: number) {
    let query = q
      .selectFrom('archive_files as f')
      .innerJoin('archive_batches as b', 'b.id', 'f.batch_id')
      .select(['f.case_id', 'f.file_sha256', 'f.batch_id', 'f.path', 'f.kind', 'f.provenance', 'b.requested_by'])
      .where('f.status', '=', 'queued');
    if (after) {
      const a = after;
      query = query.where((eb) =>
        eb.or([
          eb('f.case_id', '>', a.caseId),
          eb.and([eb('f.case_id', '=', a.caseId), eb('f.file_sha256', '>', a.sha256)]),
        ]),
      );
    }
    return query.orderBy('f.case_id').orderBy('f.file_sha256').limit(limit).execute();
  }
}

/** What the archive's use cases need of its tables (an in-memory one in the unit specs). */
export type ArchiveStore = Pick<
  ArchiveRepository,
  | 'insertFileIfAbsent'
  | 'file'
  | 'noteAttempt'
  | 'finish'
  | 'insertFaces'
  | 'statusCounts'
  | 'batches'
  | 'batch'
  | 'failedFiles'
  | 'facesPage'
  | 'insertBatch'
  | 'markScanned'
>;
