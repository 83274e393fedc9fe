/** Assessment records, bias reports and the threshold policy (R14, R26-R28). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assessmentKinds, type AssessmentService } from '../../governance/assessments/assessment.service.ts';
import type { ThresholdPolicyService } from '../../governance/assessments/threshold-policy.service.ts';
import type { ResolvedThreshold } from '../../faces/thresholds.ts';
import { actorOf } from '../actor.ts';
import { errorResponses } from '../errors.ts';

export interface AssessmentsRoutesOptions {
  readonly assessments: AssessmentService;
  readonly thresholdPolicy: ThresholdPolicyService;
  readonly threshold: (modelId: string) => ResolvedThreshold;
  readonly modelId: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const assessmentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(assessmentKinds),
    version: z.string(),
    title: z.string(),
    documentSha256: z.string().nullable(),
    summary: z.string(),
    approvedBy: z.string(),
    approvedAt: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Assessment' });
const biasReportSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  measuredAt: z.string(),
  dataset: z.string(),
  thresholds: z.array(z.object({ id: z.string(), value: z.number() })),
  verified: z.boolean().meta({
    description: "signed by this installation's evaluation key and unchanged since (R27); only verified reports count",
  }),
  storedBy: z.string(),
  storedAt: z.string(),
});

export const assessmentsRoutes: FastifyPluginAsyncZod<AssessmentsRoutesOptions> = async (app, o) => {
  const present = (a: Awaited<ReturnType<AssessmentService['list']>>[number]) => ({
    id: a.id,
    kind: a.kind,
    version: a.version,
    title: a.title,
    documentSha256: a.document_sha256,
    summary: a.summary,
    approvedBy: a.approved_by,
    approvedAt: a.approved_at,
    createdBy: a.created_by,
    createdAt: a.created_at,
  });

  app.get(
    '/v1/assessments',
    {
      config: { permission: 'assessments:read' },
      schema: {
        operationId: 'listAssessments',
        tags: ['assessments'],
        summary: 'DPIA, equality impact assessment and policy document versions on record (R26)',
        response: { 200: z.object({ assessments: z.array(assessmentSchema) }) },
      },
    },
    async () => ({ assessments: (await o.assessments.list()).map(present) }),
  );

  app.post(
    '/v1/assessments',
    {
      config: { permission: 'assessments:write' },
      schema: {
        operationId: 'recordAssessment',
        tags: ['assessments'],
        summary: 'Record an approved assessment version that authorisations may link (R26)',
        body: z.strictObject({
          kind: z.enum(assessmentKinds),
          version: text(100),
          title: text(300),
          documentSha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .optional(),
          summary: text(4000),
          approvedBy: text(200),
          approvedAt: z.iso.datetime({ offset: true }),
        }),
        response: { 201: assessmentSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(present(await o.assessments.addAssessment(request.body, actorOf(request)))),
  );

  app.get(
    '/v1/bias-reports',
    {
      config: { permission: 'assessments:read' },
      schema: {
        operationId: 'listBiasReports',
        tags: ['assessments'],
        summary: 'Bias reports stored with the model and thresholds they measured (R27)',
        response: { 200: z.object({ reports: z.array(biasReportSchema) }) },
      },
    },
    async () => ({
      reports: (await o.assessments.listBiasReports()).map((r) => ({
        id: r.id,
        modelId: r.model_id,
        measuredAt: r.measured_at,
        dataset: r.dataset,
        thresholds: JSON.parse(r.thresholds_json) as { id: string; value: number }[],
        verified: o.assessments.verifiedContent(r) !== undefined,
        storedBy: r.stored_by,
        storedAt: r.stored_at,
      })),
    }),
  );

  app.post(
    '/v1/bias-reports',
    {
      config: { permission: 'assessments:write' },
      schema: {
        operationId: 'storeBiasReport',
        tags: ['assessments'],
        summary:
          'Store the signed report file written by `vigil eval demographics`, as it is (R27): a report without ' +
          "its attestation (422 unsigned-bias-report), changed since signing, not signed by this installation's " +
          'evaluation key, on another model, or missing a group is refused',
        body: z.record(z.string(), z.unknown()),
        response: { 201: z.object({ id: z.string(), modelId: z.string() }), ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const r = await o.assessments.addBiasReport(request.body, actorOf(request));
      return reply.code(201).send({ id: r.id, modelId: r.model_id });
    },
  );

  app.get(
    '/v1/thresholds',
    {
      config: { permission: 'assessments:read' },
      schema: {
        operationId: 'thresholdInForce',
        tags: ['assessments'],
        summary: 'The threshold in force for the current model, its calibrated floor, and the policy history (R14)',
        response: {
          200: z.object({
            modelId: z.string(),
            threshold: z.number(),
            floor: z.number(),
            operatingFmr: z.string(),
            history: z.array(
              z.object({
                threshold: z.number(),
                reason: z.string(),
                setBy: z.string(),
                setAt: z.string(),
                biasReportId: z.string(),
              }),
            ),
          }),
          ...errorResponses(503),
        },
      },
    },
    async () => {
      const t = o.threshold(o.modelId);
      const history = await o.thresholdPolicy.history(o.modelId);
      return {
        modelId: o.modelId,
        threshold: t.threshold,
        floor: t.floor,
        operatingFmr: t.operatingFmr,
        history: history.map((h) => ({
          threshold: h.threshold,
          reason: h.reason,
          setBy: h.set_by,
          setAt: h.set_at,
          biasReportId: h.bias_report_id,
        })),
      };
    },
  );

  app.post(
    '/v1/thresholds',
    {
      config: { permission: 'thresholds:change' },
      schema: {
        operationId: 'changeThreshold',
        tags: ['assessments'],
        summary:
          'Set a stricter threshold for the current model: privileged, with a reason and a current bias report (R14, R27)',
        body: z.strictObject({ threshold: z.number().min(-1).max(1), reason: text(2000) }),
        response: {
          200: z.object({ modelId: z.string(), threshold: z.number() }),
          ...errorResponses(400, 401, 403, 422, 503),
        },
      },
    },
    async (request) => {
      const r = await o.thresholdPolicy.change(
        o.modelId,
        request.body.threshold,
        request.body.reason,
        actorOf(request),
      );
      return { modelId: r.model_id, threshold: r.threshold };
    },
  );
};
