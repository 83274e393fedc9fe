/** Case workspace routes: cases, and the probes investigators search with (R33, R36, R37). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sniffFormat } from '../../faces/image-decode.ts';
import type { CaseService } from '../../retro/case.service.ts';
import type { ProbeService } from '../../retro/probe.service.ts';
import type { SearchService } from '../../retro/search.service.ts';
import { actorOf } from '../actor.ts';
import { requirePrincipal } from '../authenticate.ts';
import {
  addProbeBody,
  addProbeResponse,
  caseIdParams,
  caseSchema,
  createCaseBody,
  listCasesQuery,
  previewBody,
  previewResponse,
  probeParams,
  trackParams,
  trackSchema,
  workspaceResponse,
} from './cases.dto.ts';
import { presentCase, presentProbe, presentSearch, presentTrack } from './cases.present.ts';
import { errorResponses } from '../errors.ts';
import { presentFace } from '../../faces/faces.service.ts';

export interface CasesRoutesOptions {
  readonly cases: CaseService;
  readonly probes: ProbeService;
  readonly searches: SearchService;
  readonly maxVideoBytes: number;
}

const binary = z.any().meta({ type: 'string', format: 'binary' });

export const casesRoutes: FastifyPluginAsyncZod<CasesRoutesOptions> = async (app, o) => {
  const { cases, probes, searches } = o;

  app.post(
    '/v1/cases',
    {
      config: { permission: 'cases:write' },
      schema: {
        operationId: 'createCase',
        tags: ['cases'],
        summary: 'Open a case: the workspace that probes and searches belong to',
        body: createCaseBody,
        response: { 201: caseSchema, ...errorResponses(400, 401, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentCase(await cases.createCase(request.body, requirePrincipal(request)))),
  );

  app.get(
    '/v1/cases',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'listCases',
        tags: ['cases'],
        summary: 'Cases, newest first',
        querystring: listCasesQuery,
        response: { 200: z.object({ cases: z.array(caseSchema) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { limit, offset, mine } = request.query;
      const who = requirePrincipal(request);
      const rows = await cases.listCases({ limit, offset, createdBy: mine === 'true' ? who.username : undefined }, who);
      return { cases: rows.map(presentCase) };
    },
  );

  app.get(
    '/v1/cases/:caseId',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getCase',
        tags: ['cases'],
        summary: 'A case with its probes and searches',
        params: caseIdParams,
        response: { 200: workspaceResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await cases.accessibleCase(request.params.caseId, requirePrincipal(request));
      const w = await cases.workspace(request.params.caseId);
      return { case: presentCase(w.case), probes: w.probes.map(presentProbe), searches: w.searches.map(presentSearch) };
    },
  );

  app.post(
    '/v1/cases/:caseId/authorisation',
    {
      config: { permission: 'cases:write' },
      schema: {
        operationId: 'recordCaseAuthorisation',
        tags: ['cases'],
        summary: 'Record the authorisation reference of a case (R32: due within 48 hours of its first search)',
        params: caseIdParams,
        body: z.strictObject({ authorisationRef: z.string().trim().min(1).max(100) }),
        response: { 200: caseSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await cases.accessibleCase(request.params.caseId, requirePrincipal(request));
      return presentCase(
        await cases.setAuthorisationRef(request.params.caseId, request.body.authorisationRef, actorOf(request)),
      );
    },
  );

  app.post(
    '/v1/cases/:caseId/members',
    {
      config: { permission: 'cases:write' },
      schema: {
        operationId: 'addCaseMember',
        tags: ['cases'],
        summary: "Let another user work on this case (record-level access: a case is its investigators' only)",
        params: caseIdParams,
        body: z.strictObject({ username: z.string().trim().min(1).max(64) }),
        response: { 200: z.object({ members: z.array(z.string()) }), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => ({
      members: await cases.addMember(
        request.params.caseId,
        request.body.username.toLowerCase(),
        requirePrincipal(request),
      ),
    }),
  );

  app.post(
    '/v1/cases/:caseId/probes',
    {
      config: {
        permission: 'cases:write',
        multipartOptions: { limits: { files: 1, fields: 3, fileSize: o.maxVideoBytes } },
      },
      schema: {
        operationId: 'addProbe',
        tags: ['cases'],
        summary: 'Upload a probe image or video into the case workspace (never into the gallery, R33)',
        description:
          'An image comes back with the faces found in it. A video is sampled, its faces grouped by track, and ' +
          "each track's best frame kept so the investigator can pick whom to search (R37).",
        consumes: ['multipart/form-data'],
        params: caseIdParams,
        body: addProbeBody,
        response: { 201: addProbeResponse, ...errorResponses(400, 401, 404, 413, 415, 422, 500) },
      },
    },
    async (request, reply) => {
      // cases:write and the case's record-level access are checked by the use case (R30).
      const actor = requirePrincipal(request);
      const { file, provenance, description } = request.body;
      const input = { bytes: file, provenance, description };
      if (sniffFormat(file) !== undefined) {
        const { probe, analysis } = await probes.addImageProbe(request.params.caseId, input, actor);
        return reply
          .code(201)
          .send({ probe: presentProbe(probe), faces: analysis.faces.map(presentFace), tracks: [], warnings: [] });
      }
      const { probe, tracks, warnings } = await probes.addVideoProbe(request.params.caseId, input, actor);
      return reply
        .code(201)
        .send({ probe: presentProbe(probe), faces: [], tracks: tracks.map(presentTrack), warnings: [...warnings] });
    },
  );

  app.get(
    '/v1/cases/:caseId/probes/:probeId/tracks',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'listProbeTracks',
        tags: ['cases'],
        summary: 'The face tracks of a video probe (R37)',
        params: probeParams,
        response: { 200: z.object({ tracks: z.array(trackSchema) }), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await cases.accessibleCase(request.params.caseId, requirePrincipal(request));
      const probe = await probes.probe(request.params.caseId, request.params.probeId);
      return { tracks: (await probes.tracks(probe.id)).map(presentTrack) };
    },
  );

  app.get(
    '/v1/cases/:caseId/probes/:probeId/tracks/:trackId/crop',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getTrackCrop',
        tags: ['cases'],
        summary: "A JPEG of a track's best face, for choosing whom to search",
        params: trackParams,
        produces: ['image/jpeg'],
        response: { 200: binary, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await cases.accessibleCase(request.params.caseId, requirePrincipal(request));
      const probe = await probes.probe(request.params.caseId, request.params.probeId);
      const crop = await probes.trackCrop(await probes.track(probe, request.params.trackId));
      return reply.header('content-type', 'image/jpeg').header('cache-control', 'no-store').send(crop);
    },
  );

  app.post(
    '/v1/cases/:caseId/probes/:probeId/preview',
    {
      config: { permission: 'search:run' },
      schema: {
        operationId: 'previewProbe',
        tags: ['cases'],
        summary: 'Apply an enhancement chain to a probe and show the faces found (nothing is stored, R36)',
        params: probeParams,
        body: previewBody,
        response: { 200: previewResponse, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request) => {
      await cases.accessibleCase(request.params.caseId, requirePrincipal(request));
      const { caseId, probeId } = request.params;
      const { analysis, trackFace } = await searches.preview(
        caseId,
        probeId,
        request.body.trackId,
        request.body.enhancements,
      );
      return {
        width: analysis.width,
        height: analysis.height,
        faces: analysis.faces.map(presentFace),
        trackFaceIndex: trackFace ?? null,
      };
    },
  );
};
