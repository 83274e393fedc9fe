/**
 * A case's archive of seized footage (issue 7): ask for a server-side folder to be ingested,
 * follow its progress, and search it for where a person appears. Record-level access as for the
 * rest of the case (R30); the service writes the audit entries.
 *
 * The folder is a path on the server, so it is confined to the configured `archive.roots`
 * (resolveIngestFolder: realpath, `..` and symlinks followed); none configured, ingestion over
 * HTTP is refused.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { archiveLeadsNotice, resolveIngestFolder, type ArchiveService } from '../../archive/archive.service.ts';
import type { ArchiveBatchRow } from '../../db/tables/archive.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { CaseService } from '../../retro/case.service.ts';
import {
  archiveBatchParams,
  archiveCaseParams,
  archiveProgressResponse,
  archiveSearchBody,
  archiveSearchResponse,
  batchProgressResponse,
  batchSchema,
  ingestBody,
} from './archive.dto.ts';
import { requirePrincipal } from '../authenticate.ts';
import { errorResponses, HttpError } from '../errors.ts';

export interface ArchiveRoutesOptions {
  readonly archive: ArchiveService;
  readonly cases: CaseService;
  /** Where ingestion jobs go (in-process, or the shared queue the workers take from). */
  readonly jobs: Pick<JobQueue, 'enqueue' | 'job'>;
  /** `archive.roots`: the only folders ingestion over HTTP may read. */
  readonly roots: readonly string[];
}

const presentBatch = (b: ArchiveBatchRow) => ({
  id: b.id,
  caseId: b.case_id,
  folder: b.folder,
  provenance: b.provenance,
  requestedBy: b.requested_by,
  createdAt: b.created_at,
  filesTotal: b.files_total,
  scannedAt: b.scanned_at,
});

export const archiveRoutes: FastifyPluginAsyncZod<ArchiveRoutesOptions> = async (app, o) => {
  const { archive, cases, jobs } = o;

  app.post(
    '/v1/cases/:caseId/archive/ingest',
    {
      config: { permission: 'archive:ingest' },
      schema: {
        operationId: 'ingestArchive',
        tags: ['archive'],
        summary: "Index the faces of every image and video under a server-side folder into the case's archive",
        description:
          'The folder must resolve (symlinks followed) inside one of the configured archive.roots; with none ' +
          'configured this is refused (409). The scan and the per-file work run as jobs: follow them with ' +
          'GET /v1/cases/{caseId}/archive/batches/{batchId}. A file the case already holds is not indexed again.',
        params: archiveCaseParams,
        body: ingestBody,
        response: { 202: batchSchema, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { caseId } = request.params;
      await cases.accessibleCase(caseId, requirePrincipal(request));
      await cases.openCase(caseId);
      const folder = await resolveIngestFolder(request.body.folder, o.roots);
      const batch = await archive.requestIngest(
        { caseId, folder, provenance: request.body.provenance },
        requirePrincipal(request),
        jobs,
      );
      return reply.code(202).send(presentBatch(batch));
    },
  );

  app.get(
    '/v1/cases/:caseId/archive',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getArchive',
        tags: ['archive'],
        summary: "The case's archive: files by status, faces indexed, and its ingestion batches",
        params: archiveCaseParams,
        response: { 200: archiveProgressResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { caseId } = request.params;
      await cases.accessibleCase(caseId, requirePrincipal(request));
      const p = await archive.progress(caseId);
      const batches = await archive.batches(caseId);
      return {
        caseId,
        queued: p.queued,
        done: p.done,
        failed: p.failed,
        faces: p.faces,
        batches: batches.map(presentBatch),
      };
    },
  );

  app.get(
    '/v1/cases/:caseId/archive/batches/:batchId',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getArchiveBatch',
        tags: ['archive'],
        summary: 'One ingestion batch: its files by status, whether it is finished, and the files that failed',
        description:
          'Counts are of the files this batch added to the case: a file the case already held counts under the ' +
          'batch that first queued it, so done + failed may be less than filesTotal.',
        params: archiveBatchParams,
        response: { 200: batchProgressResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { caseId, batchId } = request.params;
      await cases.accessibleCase(caseId, requirePrincipal(request));
      const p = await archive.batchProgress(caseId, batchId, jobs);
      return {
        batch: presentBatch(p.batch),
        ...p.counts,
        finished: p.finished,
        scan: p.scan,
        failedFiles: [...p.failedFiles],
      };
    },
  );

  app.post(
    '/v1/cases/:caseId/archive/search',
    {
      config: { permission: 'archive:search', multipartOptions: { limits: { files: 1, fields: 3 } } },
      preValidation: async (request) => {
        if (!request.isMultipart()) {
          throw new HttpError(415, 'unsupported-media-type', 'send the image as a multipart/form-data file part');
        }
      },
      schema: {
        operationId: 'searchArchive',
        tags: ['archive'],
        summary: "Where the person in an image appears in the case's archive: files, times and scores (leads)",
        description:
          "Compares the image's face (faceIndex, default the largest) with every face indexed in this case's " +
          'archive; the matches at or above minScore (default: the threshold in force) are leads, not ' +
          'identifications. The image is not kept; the search is audited.',
        consumes: ['multipart/form-data'],
        params: archiveCaseParams,
        body: archiveSearchBody,
        response: { 200: archiveSearchResponse, ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503) },
      },
    },
    async (request) => {
      const { caseId } = request.params;
      // archive:search, the case's record-level access and its being open: checked by the use case (R30).
      const { image, faceIndex, limit, minScore } = request.body;
      const r = await archive.search(
        {
          caseId,
          image,
          ...(faceIndex !== undefined ? { faceIndex } : {}),
          ...(limit !== undefined ? { limit } : {}),
          ...(minScore !== undefined ? { minScore } : {}),
        },
        requirePrincipal(request),
      );
      return { ...r, matches: [...r.matches], notice: archiveLeadsNotice };
    },
  );
};
