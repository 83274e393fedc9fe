/**
 * The archive index as investigators use it (issue 7): ask for a folder to be ingested into a
 * case, follow its progress, and ask "where does this person appear in this footage". Search is
 * an exact cosine scan over the case's archive faces (templates are L2-normalised, so the dot
 * product): the top `limit` matches scoring at least `minScore` (default: the threshold in force
 * for the model, R14), each with its file, time in the video and face box. Every request and
 * search is in the audit log; results and templates never are.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/database.ts';
import type { VigilSchema } from '../db/schema.ts';
import type { FaceEngine } from '../faces/engine.ts';
import type { Box } from '../faces/types.ts';
import { templateContext } from '../gallery/gallery-index.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { archiveScanJobId } from './archive-jobs.ts';
import { archiveRepository } from './archive.repository.ts';
import type { ArchiveBatchRow, ArchiveFileKind, ArchiveFileStatus } from './archive.schema.ts';

export interface ArchiveServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly cipher: ByteCipher;
  readonly engine: Pick<FaceEngine, 'analyse' | 'pack'>;
  /** The threshold in force for a model: the default minimum score of a match. */
  readonly threshold: (modelId: string) => number;
}

export interface ArchiveMatch {
  readonly score: number;
  readonly path: string;
  readonly sha256: string;
  readonly kind: ArchiveFileKind;
  readonly faceKey: string;
  /** Video: the best frame's time and index, and when the track was first and last seen. */
  readonly timestampMs: number | null;
  readonly frameIndex: number | null;
  readonly trackNo: number | null;
  readonly firstMs: number | null;
  readonly lastMs: number | null;
  readonly box: Box;
}

export interface ArchiveSearchResult {
  readonly caseId: string;
  readonly modelId: string;
  readonly minScore: number;
  readonly facesCompared: number;
  readonly matches: readonly ArchiveMatch[];
}

export type ArchiveProgress = Record<ArchiveFileStatus, number> & {
  readonly faces: number;
  readonly filesTotal: number | null;
};

export class ArchiveService {
  constructor(private readonly deps: ArchiveServiceDeps) {}

  /** Records a batch and queues its fan-out scan (job id from the batch: idempotent). */
  async requestIngest(
    input: { caseId: string; folder: string; provenance: string },
    actor: string,
    queue: Pick<JobQueue, 'enqueue'>,
  ): Promise<ArchiveBatchRow> {
    const batch: ArchiveBatchRow = {
      id: randomUUID(),
      case_id: input.caseId,
      folder: input.folder,
      provenance: input.provenance,
      requested_by: actor,
      created_at: nowIso(),
      files_total: null,
      scanned_at: null,
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('archive_batches').values(batch).execute();
      await appendAudit(trx, {
        actor,
        action: 'archive.ingest-requested',
        target: { type: 'case', id: input.caseId },
        details: { batchId: batch.id, folder: input.folder, provenance: input.provenance },
      });
    });
    await queue.enqueue(
      'archive.scan',
      {
        batchId: batch.id,
        caseId: input.caseId,
        folder: input.folder,
        provenance: input.provenance,
        requestedBy: actor,
      },
      { jobId: archiveScanJobId(batch.id) },
    );
    return batch;
  }

  /** The case's archive files by status and faces indexed, with the files a batch's scan found. */
  async progress(caseId: string, batchId?: string): Promise<ArchiveProgress> {
    // Case-wide: a file already in the case from an earlier batch is not ingested again, so a batch's
    // own rows would undercount it; a batch is finished when its scan has run and nothing is queued.
    const counts = await archiveRepository.statusCounts(this.deps.db, { caseId });
    const batch = batchId
      ? await this.deps.db
          .selectFrom('archive_batches')
          .select('files_total')
          .where('id', '=', batchId)
          .executeTakeFirst()
      : undefined;
    return { ...counts, filesTotal: batch?.files_total ?? null };
  }

  /** Where the person in `image` (face `faceIndex`, default the largest) appears in the case's archive. */
  async search(
    input: { caseId: string; image: Uint8Array; faceIndex?: number; limit?: number; minScore?: number },
    actor: string,
  ): Promise<ArchiveSearchResult> {
    const modelId = this.deps.engine.pack.recognizer.modelId;
    const analysis = await this.deps.engine.analyse(input.image, { embed: 'all' });
    const face = analysis.faces[input.faceIndex ?? 0];
    if (!face?.template) {
      throw new DomainError('invalid', 'no-face', `no face ${input.faceIndex ?? 0} to search with in the image`);
    }
    const probe = face.template.vector;
    const limit = Math.max(1, Math.min(input.limit ?? 20, 500));
    const minScore = input.minScore ?? this.deps.threshold(modelId);
    const context = templateContext(modelId);
    const best: ArchiveMatch[] = [];
    let compared = 0;
    const pageSize = 2000;
    for (let offset = 0; ; offset += pageSize) {
      const page = await archiveRepository.facesPage(this.deps.db, input.caseId, modelId, offset, pageSize);
      for (const row of page) {
        compared++;
        const v = this.deps.cipher.openVector(row.template_sealed, context);
        let score = 0;
        for (let i = 0; i < v.length; i++) score += v[i]! * probe[i]!;
        if (score < minScore) continue;
        best.push({
          score,
          path: row.path,
          sha256: row.file_sha256,
          kind: row.kind,
          faceKey: row.face_key,
          timestampMs: row.timestamp_ms,
          frameIndex: row.frame_index,
          trackNo: row.track_no,
          firstMs: row.first_ms,
          lastMs: row.last_ms,
          box: JSON.parse(row.box_json) as Box,
        });
      }
      best.sort((a, b) => b.score - a.score);
      best.length = Math.min(best.length, limit);
      if (page.length < pageSize) break;
    }
    await this.deps.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actor,
        action: 'archive.searched',
        target: { type: 'case', id: input.caseId },
        details: { modelId, minScore, limit, facesCompared: compared, matches: best.length },
      }),
    );
    return { caseId: input.caseId, modelId, minScore, facesCompared: compared, matches: best };
  }
}
