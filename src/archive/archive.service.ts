/**
 * The archive index as investigators use it (issue 7): ask for a folder to be ingested into a
 * case, follow its progress, and ask "where does this person appear in this footage". Search is
 * an exact cosine scan over the case's archive faces (templates are L2-normalised, so the dot
 * product): the top `limit` matches scoring at least `minScore` (default: the threshold in force
 * for the model, R14), each with its file, time in the video and face box. Every request and
 * search is in the audit log; results and templates never are.
 */
import { pipelineIdOf } from '../faces/pipeline-id.ts';
import { randomUUID } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { isWithin } from '../shared/paths.ts';
import type { Kysely } from 'kysely';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { VigilSchema } from '../db/schema.ts';
import type { FaceEngine } from '../faces/engine.ts';
import type { Box } from '../faces/types.ts';
import { templateContext } from '../gallery/gallery-index.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import { authorise, channelDetails, type Accessor } from '../governance/authorise.ts';
import type { Clock } from '../shared/clock.ts';
import type { JobOutcome, JobQueue, JobState } from '../jobs/queue.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { CaseService } from '../retro/case.service.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { Outbox } from '../jobs/outbox.ts';
import { archiveScanJob, archiveScanJobId } from './archive-outbox.ts';
import type { ArchiveStore } from './archive.repository.ts';
import type { ArchiveBatchRow, ArchiveFileKind, ArchiveFileStatus } from '../db/tables/archive.ts';

export interface ArchiveServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly cipher: ByteCipher;
  readonly engine: Pick<FaceEngine, 'analyse' | 'pack'>;
  /** The threshold in force for a model: the default minimum score of a match. */
  readonly threshold: (modelId: string) => number;
  /** Record-level access to the case (R30): who may work on it, and whether it is open. */
  readonly cases: Pick<CaseService, 'accessibleCase' | 'openCase'>;
  readonly repository: ArchiveStore;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly audit: AuditAppender;
  /** Where the scan job is recorded with its batch (issue 14). */
  readonly outbox: Pick<Outbox, 'add' | 'relay'>;
  /** The permission check (refusals audited); default governance's `authorise` over `db`. */
  readonly authorise?: typeof authorise;
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

export interface ArchiveFailedFile {
  readonly path: string;
  readonly sha256: string;
  readonly kind: ArchiveFileKind;
  readonly reason: string | null;
}

/** One batch: the files it added to the case by status, whether it is finished, its failures. */
export interface ArchiveBatchProgress {
  readonly batch: ArchiveBatchRow;
  /** Files this batch added to the case (a file the case already held counts under the batch that first queued it). */
  readonly counts: Record<ArchiveFileStatus, number> & { readonly faces: number };
  /** The scan has run and none of the files this batch added is still queued. */
  readonly finished: boolean;
  /** The scan job as the queue knows it; `unknown` when the queue no longer (or never) held it here. */
  readonly scan: {
    readonly state: JobState | 'unknown';
    readonly outcome: JobOutcome | null;
    readonly detail: string | null;
  };
  readonly failedFiles: readonly ArchiveFailedFile[];
}

/** What an archive search answers with, whoever asks (R34's rule applied to the archive). */
export const archiveLeadsNotice =
  'These matches are investigative leads, not identifications. A score says how alike two faces are, not who ' +
  'the person is: every match must be reviewed by a person and corroborated by other evidence before any ' +
  'action is taken.';

/**
 * Where an ingestion requested over HTTP may read (a security decision): the folder is a path on
 * the server, so a caller could otherwise have Vigil read and index anything its process can read
 * (other cases' evidence, keys, the database). It must be absolute and resolve, with `..` and every
 * symlink followed (fs.realpath), inside one of the configured `archive.roots`, themselves resolved
 * the same way; no roots configured means HTTP ingestion is off. A path outside every root is
 * refused before the file system is asked about it, so the answer does not say what exists
 * outside the roots. Files inside the folder are read as the scan finds them (symlinks there are
 * followed): whoever can write into a root decides what is evidence. Returns the resolved folder,
 * the one recorded and scanned.
 */
export async function resolveIngestFolder(folder: string, roots: readonly string[]): Promise<string> {
  if (roots.length === 0) {
    throw new DomainError(
      'conflict',
      'archive-roots-unset',
      'ingestion over HTTP is off: no archive.roots are configured (set archive.roots to the folders it may read)',
    );
  }
  if (!isAbsolute(folder) || folder.includes('\0')) {
    throw new DomainError('invalid', 'folder-not-absolute', 'the folder must be an absolute path on the server');
  }
  const realRoots: string[] = [];
  for (const root of roots) {
    const real = await realpath(root).catch(() => undefined);
    if (real) realRoots.push(real);
  }
  const notInside = `${folder} is not inside any of the configured archive.roots`;
  const outside = () => new DomainError('forbidden', 'outside-archive-roots', notInside, { roots: [...roots] });
  const lexical = resolve(folder);
  if (!realRoots.some((r) => isWithin(r, lexical)) && !roots.some((r) => isWithin(resolve(r), lexical)))
    throw outside();
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    throw new DomainError('invalid', 'no-such-folder', `${folder} does not exist on the server`);
  }
  if (!realRoots.some((r) => isWithin(r, real))) throw outside();
  if (!(await stat(real)).isDirectory()) throw new DomainError('invalid', 'not-a-folder', `${folder} is not a folder`);
  return real;
}

export class ArchiveService {
  constructor(private readonly deps: ArchiveServiceDeps) {}

  /** The open case, if `who` holds `permission` and may work on it (R30; refusals are audited). */
  private async usableCase(caseId: string, who: Accessor, permission: 'archive:ingest' | 'archive:search') {
    await (this.deps.authorise ?? authorise)(this.deps.db, who, permission, { type: 'case', id: caseId });
    await this.deps.cases.accessibleCase(caseId, who);
    return this.deps.cases.openCase(caseId);
  }

  /**
   * Records a batch and its fan-out scan job in one transaction (the job outbox), then relays the
   * job to `queue` (job id from the batch: idempotent), as `who`. A queue that fails now does not
   * fail the request: the batch is recorded and the relay sends its scan later (issue 14).
   */
  async requestIngest(
    input: { caseId: string; folder: string; provenance: string },
    who: Accessor,
    queue: Pick<JobQueue, 'enqueue'>,
  ): Promise<ArchiveBatchRow> {
    await this.usableCase(input.caseId, who, 'archive:ingest');
    const actor = who.username;
    const batch: ArchiveBatchRow = {
      id: randomUUID(),
      case_id: input.caseId,
      folder: input.folder,
      provenance: input.provenance,
      requested_by: actor,
      created_at: this.deps.clock.nowIso(),
      files_total: null,
      scanned_at: null,
    };
    await this.deps.uow.run(async (trx) => {
      await this.deps.repository.insertBatch(trx, batch);
      // Issue 14: the scan job is recorded with the batch; the relay queues it (now, or after a failure).
      await this.deps.outbox.add(trx, [archiveScanJob(batch)]);
      await this.deps.audit.append(trx, {
        actor,
        action: 'archive.ingest-requested',
        target: { type: 'case', id: input.caseId },
        details: { batchId: batch.id, folder: input.folder, provenance: input.provenance, ...channelDetails(who) },
      });
    });
    // A failed enqueue leaves the job in the outbox: the worker's relay sends it later.
    await this.deps.outbox.relay(this.deps.db, queue, { ids: [archiveScanJobId(batch.id)] });
    return batch;
  }

  /** The case's archive files by status and faces indexed, with the files a batch's scan found. */
  async progress(caseId: string, batchId?: string): Promise<ArchiveProgress> {
    // Case-wide: a file already in the case from an earlier batch is not ingested again, so a batch's
    // own rows would undercount it; a batch is finished when its scan has run and nothing is queued.
    const counts = await this.deps.repository.statusCounts(this.deps.db, { caseId });
    const batch = batchId ? await this.deps.repository.batch(this.deps.db, caseId, batchId) : undefined;
    return { ...counts, filesTotal: batch?.files_total ?? null };
  }

  /** The case's ingestion batches, oldest first. */
  batches(caseId: string): Promise<ArchiveBatchRow[]> {
    return this.deps.repository.batches(this.deps.db, caseId);
  }

  /** Files of the case (or of one of its batches) that failed, with their reasons. */
  async failedFiles(caseId: string, batchId?: string): Promise<ArchiveFailedFile[]> {
    const rows = await this.deps.repository.failedFiles(this.deps.db, { caseId, batchId });
    return rows.map((r) => ({ path: r.path, sha256: r.file_sha256, kind: r.kind, reason: r.reason }));
  }

  /** One batch of the case with its own files' progress and failures; not found when it is another case's. */
  async batchProgress(caseId: string, batchId: string, queue: Pick<JobQueue, 'job'>): Promise<ArchiveBatchProgress> {
    const batch = await this.deps.repository.batch(this.deps.db, caseId, batchId);
    if (!batch) throw new DomainError('not-found', 'no-such-batch', `batch ${batchId} is not one of this case's`);
    const counts = await this.deps.repository.statusCounts(this.deps.db, { caseId, batchId });
    const job = await queue.job(archiveScanJobId(batchId));
    return {
      batch,
      counts,
      finished: batch.scanned_at !== null && counts.queued === 0,
      scan: {
        state: job?.state ?? 'unknown',
        outcome: job?.result?.status ?? null,
        detail: job?.result?.detail ?? job?.error ?? null,
      },
      failedFiles: await this.failedFiles(caseId, batchId),
    };
  }

  /** Where the person in `image` (face `faceIndex`, default the largest) appears in the case's archive. */
  async search(
    input: { caseId: string; image: Uint8Array; faceIndex?: number; limit?: number; minScore?: number },
    who: Accessor,
  ): Promise<ArchiveSearchResult> {
    await this.usableCase(input.caseId, who, 'archive:search');
    const actor = who.username;
    const modelId = pipelineIdOf(this.deps.engine.pack);
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
      const page = await this.deps.repository.facesPage(this.deps.db, input.caseId, modelId, offset, pageSize);
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
    await this.deps.uow.run((trx) =>
      this.deps.audit.append(trx, {
        actor,
        action: 'archive.searched',
        target: { type: 'case', id: input.caseId },
        details: { modelId, minScore, limit, facesCompared: compared, matches: best.length, ...channelDetails(who) },
      }),
    );
    return { caseId: input.caseId, modelId, minScore, facesCompared: compared, matches: best };
  }
}
