/** Gallery routes: enrol subjects and images, list, read, delete. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GalleryService } from '../../gallery/gallery.service.ts';
import { actorOf } from '../actor.ts';
import { requirePrincipal } from '../authenticate.ts';
import { errorResponses } from '../errors.ts';
import {
  addImageBody,
  createSubjectBody,
  deleteSubjectResponse,
  enrolmentResponse,
  galleryStatsResponse,
  listSubjectsQuery,
  subjectDetailResponse,
  subjectIdParams,
  subjectListResponse,
} from './gallery.dto.ts';
import { presentImage, presentSubject } from './gallery.present.ts';

export interface GalleryRoutesOptions {
  readonly gallery: GalleryService;
}

const enrolErrors = errorResponses(400, 401, 409, 413, 415, 422, 500, 503);
const mimeOf: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
};

export const galleryRoutes: FastifyPluginAsyncZod<GalleryRoutesOptions> = async (app, { gallery }) => {
  const enrolled = (r: Awaited<ReturnType<GalleryService['createSubject']>>) => ({
    subject: presentSubject(r.subject),
    images: r.images.map(presentImage),
    possibleDuplicates: [...r.possibleDuplicates],
    threshold: r.threshold,
  });

  app.post(
    '/v1/gallery/subjects',
    {
      config: { permission: 'gallery:enrol', multipartOptions: { limits: { files: 1, fields: 12 } } },
      schema: {
        operationId: 'createSubject',
        tags: ['gallery'],
        summary: 'Enrol a subject with a first reference image (refused if it fails the quality gates)',
        consumes: ['multipart/form-data'],
        body: createSubjectBody,
        response: { 201: enrolmentResponse, ...enrolErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await gallery.createSubject(
        {
          reference: b.reference,
          displayName: b.displayName,
          category: b.category,
          dateOfBirth: b.dateOfBirth,
          images: [
            {
              bytes: b.image,
              source: b.source,
              legalBasis: b.legalBasis,
              captureDate: b.captureDate,
              reason: b.reason,
              faceIndex: b.faceIndex,
            },
          ],
        },
        requirePrincipal(request),
      );
      return reply.code(201).send(enrolled(result));
    },
  );

  app.post(
    '/v1/gallery/subjects/:id/images',
    {
      config: { permission: 'gallery:enrol', multipartOptions: { limits: { files: 1, fields: 8 } } },
      schema: {
        operationId: 'addReferenceImage',
        tags: ['gallery'],
        summary: 'Add a reference image to a subject',
        consumes: ['multipart/form-data'],
        params: subjectIdParams,
        body: addImageBody,
        response: { 201: enrolmentResponse, ...enrolErrors, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await gallery.addImages(
        request.params.id,
        [
          {
            bytes: b.image,
            source: b.source,
            legalBasis: b.legalBasis,
            captureDate: b.captureDate,
            reason: b.reason,
            faceIndex: b.faceIndex,
          },
        ],
        requirePrincipal(request),
      );
      return reply.code(201).send(enrolled(result));
    },
  );

  app.get(
    '/v1/gallery/subjects',
    {
      config: { permission: 'gallery:read' },
      schema: {
        operationId: 'listSubjects',
        tags: ['gallery'],
        summary: 'Subjects, newest first',
        querystring: listSubjectsQuery,
        response: { 200: subjectListResponse, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { limit, offset, q } = request.query;
      const { total, rows } = await gallery.listSubjects({ limit, offset, search: q });
      return { total, subjects: rows.map((r) => ({ ...presentSubject(r), imageCount: r.image_count })) };
    },
  );

  app.get(
    '/v1/gallery/subjects/:id',
    {
      config: { permission: 'gallery:read' },
      schema: {
        operationId: 'getSubject',
        tags: ['gallery'],
        summary: 'A subject with its reference images (provenance and quality; not the pixels)',
        params: subjectIdParams,
        response: { 200: subjectDetailResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { subject, images } = await gallery.subjectWithImages(request.params.id);
      return { subject: presentSubject(subject), images: images.map(presentImage) };
    },
  );

  app.delete(
    '/v1/gallery/subjects/:id',
    {
      config: { permission: 'gallery:delete' },
      schema: {
        operationId: 'deleteSubject',
        tags: ['gallery'],
        summary: 'Delete a subject, its images and templates; it leaves search at once',
        params: subjectIdParams,
        response: { 200: deleteSubjectResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      return { deleted: await gallery.deleteSubject(request.params.id, actorOf(request)) };
    },
  );

  app.get(
    '/v1/gallery/images/:id/content',
    {
      config: { permission: 'gallery:view-images' },
      schema: {
        operationId: 'getReferenceImageContent',
        tags: ['gallery'],
        summary: 'The pixels of a reference image (decrypted for this response)',
        params: subjectIdParams,
        produces: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff'],
        response: { 200: z.any().meta({ type: 'string', format: 'binary' }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { image, bytes } = await gallery.imageBytes(request.params.id, actorOf(request));
      return reply
        .header('content-type', mimeOf[image.format] ?? 'application/octet-stream')
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.post(
    '/v1/gallery/images/:id/break-glass',
    {
      config: { permission: 'gallery:break-glass' },
      schema: {
        operationId: 'breakGlassReferenceImage',
        tags: ['gallery'],
        summary: "An administrator's exceptional access to a reference image, with an audited reason",
        params: subjectIdParams,
        body: z.strictObject({ reason: z.string().trim().min(20).max(2000) }),
        produces: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff'],
        response: { 200: z.any().meta({ type: 'string', format: 'binary' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { image, bytes } = await gallery.breakGlassImage(request.params.id, request.body.reason, actorOf(request));
      return reply
        .header('content-type', mimeOf[image.format] ?? 'application/octet-stream')
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    '/v1/gallery/stats',
    {
      config: { permission: 'gallery:read' },
      schema: {
        operationId: 'galleryStats',
        tags: ['gallery'],
        summary: 'How many subjects, images and templates the gallery holds',
        response: { 200: galleryStatsResponse },
      },
    },
    async () => ({ ...(await gallery.counts()), modelId: gallery.modelId }),
  );
};
