/** Retrospective search routes: run a search, review candidates in two stages, oversight statistics. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SearchService } from '../../retro/search.service.ts';
import type { SearchReviewService } from '../../retro/search-review.service.ts';
import type { CaseService } from '../../retro/case.service.ts';
import { requirePrincipal } from '../authenticate.ts';
import type { StatisticsDimension } from '../../retro/search.repository.ts';
import { actorOf } from '../actor.ts';
import {
  candidateParams,
  caseIdParams,
  examinerBody,
  officerBody,
  searchBody,
  searchIdParams,
  reviewedSearchSchema,
  searchResultResponse,
  statisticsQuery,
  statisticsResponse,
  supervisorBody,
} from './cases.dto.ts';
import { presentResult, presentReviewedSearch } from './cases.present.ts';
import { errorResponses } from '../errors.ts';

export interface SearchesRoutesOptions {
  readonly searches: SearchService;
  readonly reviews: SearchReviewService;
  readonly cases: CaseService;
}

const dimension: Record<'user' | 'case' | 'offence', StatisticsDimension> = {
  user: 'requested_by',
  case: 'case_id',
  offence: 'offence_type',
};

const decisionErrors = errorResponses(400, 401, 403, 404, 409);

export const searchesRoutes: FastifyPluginAsyncZod<SearchesRoutesOptions> = async (
  app,
  { searches, reviews, cases },
) => {
  /** Record-level check: the search's case must be one the caller works on or oversees. */
  const checkSearch = async (request: Parameters<typeof requirePrincipal>[0], searchId: string) =>
    cases.accessibleCase(await searches.caseIdOf(searchId), requirePrincipal(request));
  /** A search as shown, with every decision and review in its history (issue 12). */
  const withHistory = async (searchId: string) =>
    presentResult(await searches.result(searchId), await reviews.history(searchId));

  app.post(
    '/v1/cases/:caseId/searches',
    {
      config: { permission: 'search:run' },
      schema: {
        operationId: 'runSearch',
        tags: ['searches'],
        summary: 'Search the reference gallery with a probe face: a ranked list of leads (R31, R34)',
        description:
          'Needs the justification and legal basis (R31); the offence type defaults to the case, the provenance ' +
          "is the probe's. The enhancement chain is applied server-side and recorded (R36). The probe's template " +
          'is made for this search only and never stored or enrolled (R33).',
        params: caseIdParams,
        body: searchBody,
        response: { 201: searchResultResponse, ...errorResponses(400, 401, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      // search:run and the case's record-level access are checked by the use case (R30).
      const result = await searches.search({ ...b, caseId: request.params.caseId }, requirePrincipal(request));
      return reply.code(201).send(presentResult(result));
    },
  );

  app.get(
    '/v1/searches/statistics',
    {
      config: { permission: 'search:statistics' },
      schema: {
        operationId: 'searchStatistics',
        tags: ['searches'],
        summary: 'Searches per user, case or offence type, with hit rates and supervisor reviews (R38)',
        querystring: statisticsQuery,
        response: { 200: statisticsResponse, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { by, from, to } = request.query;
      const rows = await reviews.statistics(dimension[by], { from, to });
      return {
        by,
        rows: rows.map((r) => ({ ...r, hitRate: r.searches === 0 ? 0 : r.withAcceptedLead / r.searches })),
      };
    },
  );

  app.get(
    '/v1/searches/:searchId',
    {
      config: { permission: 'cases:read' },
      schema: {
        operationId: 'getSearch',
        tags: ['searches'],
        summary: 'A search with its candidates and their review',
        params: searchIdParams,
        response: { 200: searchResultResponse, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      await checkSearch(request, request.params.searchId);
      return withHistory(request.params.searchId);
    },
  );

  app.post(
    '/v1/searches/:searchId/candidates/:rank/examiner',
    {
      config: { permission: 'search:examine' },
      schema: {
        operationId: 'recordExaminerDecision',
        tags: ['searches'],
        summary: "First review stage: the examiner's judgement of a candidate (R35)",
        params: candidateParams,
        body: examinerBody,
        response: { 200: searchResultResponse, ...decisionErrors },
      },
    },
    async (request) => {
      const { searchId, rank } = request.params;
      await checkSearch(request, searchId);
      const { decision, note, reason } = request.body;
      await reviews.recordExaminerDecision(searchId, rank, decision, note, actorOf(request), reason);
      return withHistory(searchId);
    },
  );

  app.post(
    '/v1/searches/:searchId/candidates/:rank/officer',
    {
      config: { permission: 'search:decide' },
      schema: {
        operationId: 'recordOfficerDecision',
        tags: ['searches'],
        summary: "Second review stage: the investigating officer's decision on a possible match (R35)",
        params: candidateParams,
        body: officerBody,
        response: { 200: searchResultResponse, ...decisionErrors },
      },
    },
    async (request) => {
      const { searchId, rank } = request.params;
      await checkSearch(request, searchId);
      const { decision, note, reason } = request.body;
      await reviews.recordOfficerDecision(searchId, rank, decision, note, actorOf(request), reason);
      return withHistory(searchId);
    },
  );

  app.post(
    '/v1/searches/:searchId/supervisor-review',
    {
      config: { permission: 'search:supervise' },
      schema: {
        operationId: 'recordSupervisorReview',
        tags: ['searches'],
        summary: "A supervisor's review of a search (R38): a new review each time, the earlier ones kept",
        params: searchIdParams,
        body: supervisorBody,
        response: { 200: reviewedSearchSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { searchId } = request.params;
      const search = await reviews.recordSupervisorReview(searchId, request.body.note, actorOf(request));
      return presentReviewedSearch(search, await reviews.history(searchId));
    },
  );
};
