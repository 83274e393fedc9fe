/**
 * The archive ingestion handlers (issue 7): `archive.scan` enumerates a folder and queues one
 * `archive.file` job per file (job id: case + SHA-256, so re-runs and retries never duplicate);
 * `archive.file` detects and embeds every face of an image, or tracks faces through a video (one
 * face per track, its best frame), and writes them with the file's row in ONE transaction. A file
 * already finished is skipped, so a worker killed mid-file only costs that file being redone.
 * A corrupt or unreadable file is recorded as failed with its reason and not retried.
 */
import { pipelineIdOf } from '../faces/pipeline-id.ts';
import { readFile } from 'node:fs/promises';
import type { Insertable, Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { ImageError } from '../faces/image-decode.ts';
import { templateContext } from '../gallery/gallery-index.ts';
import { chainedAudit, type AuditAppender } from '../governance/audit/audit-port.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../db/unit-of-work.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { JobPayload } from '../jobs/catalogue.ts';
import type { JobContext, JobHandlers, JobQueue, JobResult } from '../jobs/queue.ts';
import { probeVideoFaces } from '../faces/video-probe.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { VideoError } from '../video/ffmpeg-frames.ts';
import { hashFile, listArchiveFiles, sha256Of } from './archive-files.ts';
import { Outbox } from '../jobs/outbox.ts';
import { archiveFileJob } from './archive-outbox.ts';
import { ArchiveRepository, type ArchiveStore } from './archive.repository.ts';
import type { ArchiveFacesTable } from '../db/tables/archive.ts';

export interface ArchiveIngestDeps {
  readonly db: Kysely<VigilSchema>;
  readonly cipher: ByteCipher;
  readonly engine: Pick<FaceEngine, 'analyse' | 'analyseFrame' | 'workers' | 'pack'>;
  /** Where `archive.scan` queues the per-file jobs. */
  readonly queue: Pick<JobQueue, 'enqueue'>;
  readonly limits: {
    readonly maxImageBytes: number;
    readonly maxVideoBytes: number;
    readonly maxVideoDurationMs: number;
    /** Frames analysed per second of video. */
    readonly videoFps: number;
  };
  /** The seams (issue 16); each defaults to the real one over `db` and the system clock. */
  readonly repository?: ArchiveStore;
  readonly uow?: UnitOfWork;
  readonly clock?: Clock;
  readonly audit?: AuditAppender;
  readonly outbox?: Outbox;
}

/** The configured limits that apply to ingested files. */
/** The configuration's image and video limits, as `limits` and `video` in the config file. */
export interface ArchiveLimitSettings {
  readonly limits: { readonly maxImageBytes: number };
  readonly video: { readonly maxBytes: number; readonly maxDurationSeconds: number; readonly analysisFps: number };
}

export function archiveLimits(config: ArchiveLimitSettings): ArchiveIngestDeps['limits'] {
  return {
    maxImageBytes: config.limits.maxImageBytes,
    maxVideoBytes: config.video.maxBytes,
    maxVideoDurationMs: config.video.maxDurationSeconds * 1000,
    videoFps: config.video.analysisFps,
  };
}

/** A failure that retrying will not fix: the file is recorded as failed with this reason. */
class PermanentFileError extends Error {}

function permanentReason(err: unknown): string | undefined {
  if (err instanceof PermanentFileError) return err.message;
  if (err instanceof ImageError || err instanceof VideoError) return `${err.code}: ${err.message}`;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return `unreadable: ${(err as Error).message}`;
  return undefined;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

type FaceRow = Insertable<ArchiveFacesTable>;

export function archiveHandlers(deps: ArchiveIngestDeps): Pick<Required<JobHandlers>, 'archive.scan' | 'archive.file'> {
  const modelId = pipelineIdOf(deps.engine.pack);
  const context = templateContext(modelId);
  const repository = deps.repository ?? new ArchiveRepository();
  const uow = deps.uow ?? kyselyUnitOfWork(deps.db);
  const clock = deps.clock ?? systemClock;
  const audit = deps.audit ?? chainedAudit;
  const outbox = deps.outbox ?? new Outbox({ clock });

  async function scan(p: JobPayload<'archive.scan'>, ctx: JobContext): Promise<JobResult> {
    let listed: Awaited<ReturnType<typeof listArchiveFiles>>;
    try {
      listed = await listArchiveFiles(p.folder);
    } catch (err) {
      return { status: 'failed', detail: `cannot read ${p.folder}: ${reasonOf(err)}` };
    }
    const { files } = listed;
    let queued = 0;
    for (const [i, f] of files.entries()) {
      let hashed: { sha256: string; size: number };
      try {
        hashed = await hashFile(f.path);
      } catch {
        continue; // vanished or unreadable since listing: nothing to index
      }
      const at = clock.nowIso();
      const job = archiveFileJob({
        batchId: p.batchId,
        caseId: p.caseId,
        path: f.path,
        sha256: hashed.sha256,
        kind: f.kind,
        provenance: p.provenance,
        requestedBy: p.requestedBy,
      });
      // Issue 14: the file's row and its job in one transaction; the relay queues the job after it.
      await uow.run(async (trx) => {
        await repository.insertFileIfAbsent(trx, {
          caseId: p.caseId,
          batchId: p.batchId,
          ...f,
          ...hashed,
          provenance: p.provenance,
          at,
        });
        await outbox.add(trx, [job], { again: true });
      });
      await outbox.relay(deps.db, deps.queue, { ids: [job.jobId] });
      queued++;
      await ctx.progress(Math.round(((i + 1) / Math.max(1, files.length)) * 100));
    }
    await uow.run(async (trx) => {
      await repository.markScanned(trx, p.batchId, queued, clock.nowIso());
      await audit.append(trx, {
        actor: p.requestedBy,
        action: 'archive.scanned',
        target: { type: 'case', id: p.caseId },
        details: { batchId: p.batchId, files: queued, ignored: listed.ignored },
      });
    });
    return { status: 'done', detail: `${queued} file(s) queued, ${listed.ignored} ignored` };
  }

  async function imageFaces(p: JobPayload<'archive.file'>, at: string): Promise<{ rows: FaceRow[] }> {
    const bytes = await readFile(p.path);
    if (bytes.length > deps.limits.maxImageBytes) throw new PermanentFileError(`too-large: ${bytes.length} bytes`);
    if (sha256Of(bytes) !== p.sha256) throw new PermanentFileError('changed: the file changed since it was scanned');
    const analysis = await deps.engine.analyse(bytes, { embed: 'all' });
    const rows = analysis.faces.flatMap((f, i): FaceRow[] =>
      f.template
        ? [
            {
              case_id: p.caseId,
              file_sha256: p.sha256,
              face_key: `i${i}`,
              kind: 'image',
              timestamp_ms: null,
              frame_index: null,
              track_no: null,
              first_ms: null,
              last_ms: null,
              box_json: JSON.stringify(f.box),
              quality_json: JSON.stringify(f.quality),
              model_id: modelId,
              template_sealed: deps.cipher.sealVector(f.template.vector, context),
              created_at: at,
            },
          ]
        : [],
    );
    return { rows };
  }

  async function videoFaces(
    p: JobPayload<'archive.file'>,
    at: string,
  ): Promise<{ rows: FaceRow[]; durationMs: number | null }> {
    if ((await hashFile(p.path)).sha256 !== p.sha256)
      throw new PermanentFileError('changed: the file changed since it was scanned');
    const r = await probeVideoFaces(
      deps.engine,
      { kind: 'file', path: p.path },
      {
        fps: deps.limits.videoFps,
        maxFrames: Math.ceil((deps.limits.maxVideoDurationMs / 1000) * deps.limits.videoFps) + 1,
        decode: { limits: { maxBytes: deps.limits.maxVideoBytes, maxDurationMs: deps.limits.maxVideoDurationMs } },
      },
    );
    const rows = r.tracks.flatMap((t): FaceRow[] =>
      t.best.template
        ? [
            {
              case_id: p.caseId,
              file_sha256: p.sha256,
              face_key: `t${t.trackId}`,
              kind: 'video',
              timestamp_ms: Math.round(t.best.timestampMs),
              frame_index: t.best.frameIndex,
              track_no: t.trackId,
              first_ms: Math.round(t.firstMs),
              last_ms: Math.round(t.lastMs),
              box_json: JSON.stringify(t.best.box),
              quality_json: JSON.stringify(t.best.quality ?? null),
              model_id: modelId,
              template_sealed: deps.cipher.sealVector(t.best.template.vector, context),
              created_at: at,
            },
          ]
        : [],
    );
    return { rows, durationMs: r.video.durationMs ?? null };
  }

  async function file(p: JobPayload<'archive.file'>, ctx: JobContext): Promise<JobResult> {
    const key = { caseId: p.caseId, sha256: p.sha256 };
    const existing = await repository.file(deps.db, key);
    if (existing && existing.status !== 'queued') return { status: 'skipped', detail: `already ${existing.status}` };
    if (!existing) {
      const size = (await hashFile(p.path).catch(() => ({ size: 0 }))).size;
      await repository.insertFileIfAbsent(deps.db, {
        ...key,
        batchId: p.batchId,
        path: p.path,
        kind: p.kind,
        size,
        provenance: p.provenance,
        at: clock.nowIso(),
      });
    }
    await repository.noteAttempt(deps.db, key);
    const at = clock.nowIso();
    let found: { rows: FaceRow[]; durationMs?: number | null };
    try {
      found = p.kind === 'image' ? await imageFaces(p, at) : await videoFaces(p, at);
    } catch (err) {
      const permanent = permanentReason(err);
      if (permanent === undefined && !ctx.finalAttempt) throw err; // transient: retried with backoff
      const reason = permanent ?? `gave up: ${reasonOf(err)}`;
      const recorded = await repository.finish(deps.db, key, {
        status: 'failed',
        reason,
        faces: 0,
        at: clock.nowIso(),
      });
      // A transient error on the last attempt: recorded on the file, and the job goes to the dead-letter list.
      if (permanent === undefined) throw err;
      return recorded ? { status: 'failed', detail: reason } : { status: 'skipped', detail: 'finished elsewhere' };
    }
    // One transaction: the file's row and all its faces, or nothing.
    const finished = await uow.run(async (trx) => {
      const ok = await repository.finish(trx, key, {
        status: 'done',
        faces: found.rows.length,
        durationMs: found.durationMs ?? null,
        modelId,
        at: clock.nowIso(),
      });
      if (ok) await repository.insertFaces(trx, found.rows);
      return ok;
    });
    await ctx.progress(100);
    return finished
      ? { status: 'done', detail: `${found.rows.length} face(s)` }
      : { status: 'skipped', detail: 'finished elsewhere' };
  }

  return { 'archive.scan': scan, 'archive.file': file };
}
