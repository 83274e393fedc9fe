/**
 * Evidence routes (issue 13): a probe's pixels and faces, the face a search searched, and the
 * faces of candidates and reference images, for every reviewer permitted to see them. The route
 * declares the permission; the use case checks it again with the case's record-level access and
 * audits the view (src/retro/evidence.service.ts). Nothing is cached by the browser.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EvidenceService } from '../../retro/evidence.service.ts';
import { requirePrincipal } from '../authenticate.ts';
import {
  candidateParams,
  probeFaceParams,
  probeFacesQuery,
  probeFacesResponse,
  probeParams,
  searchIdParams,
} from './cases.dto.ts';
import { errorResponses } from '../errors.ts';
import { presentFace } from '../../faces/faces.service.ts';

export interface EvidenceRoutesOptions {
  readonly evidence: EvidenceService;
}

const binary = z.any().meta({ type: 'string', format: 'binary' });
const jpeg = { produces: ['image/jpeg'], response: { 200: binary, ...errorResponses(400, 401, 403, 404) } };

export const evidenceRoutes: FastifyPluginAsyncZod<EvidenceRoutesOptions> = async (app, { evidence }) => {
  app.get(
    '/v1/cases/:caseId/probes/:probeId/content',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getProbeContent',
        tags: ['cases'],
        summary: "A probe's image; for a video probe, a track's best frame (the first track's by default)",
        description: 'For anyone who may work on or oversee the case; every view is audited as probe.viewed.',
        params: probeParams,
        querystring: probeFacesQuery,
        produces: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff'],
        response: jpeg.response,
      },
    },
    async (request, reply) => {
      const { caseId, probeId } = request.params;
      const p = await evidence.probeContent(caseId, probeId, request.query.trackId, requirePrincipal(request));
      return reply.header('content-type', p.mime).header('cache-control', 'no-store').send(p.bytes);
    },
  );

  app.get(
    '/v1/cases/:caseId/probes/:probeId/faces',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'listProbeFaces',
        tags: ['cases'],
        summary: "The faces on a probe image or a track's best frame, largest first (boxes, no pixels)",
        params: probeParams,
        querystring: probeFacesQuery,
        response: { 200: probeFacesResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { caseId, probeId } = request.params;
      const f = await evidence.probeFaces(caseId, probeId, request.query.trackId, requirePrincipal(request));
      return { width: f.width, height: f.height, faces: f.faces.map(presentFace), trackFaceIndex: f.trackFace ?? null };
    },
  );

  app.get(
    '/v1/cases/:caseId/probes/:probeId/faces/:n',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getProbeFace',
        tags: ['cases'],
        summary: "A JPEG crop of face n (0 = largest) of a probe image or a track's best frame; audited",
        params: probeFaceParams,
        querystring: probeFacesQuery,
        ...jpeg,
      },
    },
    async (request, reply) => {
      const { caseId, probeId, n } = request.params;
      const crop = await evidence.probeFaceCrop(caseId, probeId, n, request.query.trackId, requirePrincipal(request));
      return reply.header('content-type', 'image/jpeg').header('cache-control', 'no-store').send(crop);
    },
  );

  app.get(
    '/v1/searches/:searchId/probe-face',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getSearchedFace',
        tags: ['searches'],
        summary: 'A JPEG crop of the face the search searched, from the enhanced probe it searched; audited',
        params: searchIdParams,
        ...jpeg,
      },
    },
    async (request, reply) => {
      const crop = await evidence.searchedFace(request.params.searchId, requirePrincipal(request));
      return reply.header('content-type', 'image/jpeg').header('cache-control', 'no-store').send(crop);
    },
  );

  app.get(
    '/v1/searches/:searchId/candidates/:rank/face',
    {
      config: { permission: 'gallery:view-images' },
      schema: {
        operationId: 'getCandidateFace',
        tags: ['searches'],
        summary: "A JPEG crop of a candidate's reference face (case access and gallery:view-images); audited",
        params: candidateParams,
        ...jpeg,
      },
    },
    async (request, reply) => {
      const { searchId, rank } = request.params;
      const crop = await evidence.candidateFace(searchId, rank, requirePrincipal(request));
      return reply.header('content-type', 'image/jpeg').header('cache-control', 'no-store').send(crop);
    },
  );

  app.get(
    '/v1/gallery/images/:id/face',
    {
      config: { permission: 'gallery:view-images' },
      schema: {
        operationId: 'getReferenceImageFace',
        tags: ['gallery'],
        summary: "A JPEG crop of a reference image's enrolled face (the largest); audited as a view",
        params: z.object({ id: z.uuid() }),
        ...jpeg,
      },
    },
    async (request, reply) => {
      const crop = await evidence.galleryFace(request.params.id, requirePrincipal(request));
      return reply.header('content-type', 'image/jpeg').header('cache-control', 'no-store').send(crop);
    },
  );
};
