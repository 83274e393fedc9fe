/**
 * Assessments as records (R26-R28). A DPIA, an equality impact assessment and a policy document
 * are versioned records an authorisation must name; a bias report (from `vigil eval
 * demographics`) is stored with the model and the thresholds it measured, and is "current" for a
 * model and threshold when it measured that threshold and is not older than the configured age.
 * Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { nowIso } from '../../db/database.ts';
import type { VigilSchema } from '../../db/schema.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AssessmentKind, AssessmentsTable, BiasReportsTable } from './assessments.schema.ts';

export const assessmentKinds = ['dpia', 'eia', 'policy'] as const satisfies readonly AssessmentKind[];
const kindNames: Record<AssessmentKind, string> = {
  dpia: 'data protection impact assessment',
  eia: 'equality impact assessment',
  policy: 'policy document',
};

/** The part of a `vigil eval demographics` report that the policy depends on; the rest is kept as is. */
export const biasReportFileSchema = z.looseObject({
  modelId: z.string().min(1),
  measuredAt: z.string().min(1),
  dataset: z.string().min(1),
  thresholds: z.array(z.looseObject({ id: z.string(), value: z.number() })).min(1),
  cells: z.array(z.looseObject({})).min(1),
});

/** How close a measured threshold must be to the one in question to count as measuring it. */
export const THRESHOLD_TOLERANCE = 5e-4;

export interface AssessmentServiceDeps {
  readonly db: Kysely<VigilSchema>;
  /** A bias report older than this is not current (R27: a model or threshold change needs a new one). */
  readonly biasReportMaxAgeDays: number;
  readonly now?: () => Date;
}

export class AssessmentService {
  constructor(private readonly deps: AssessmentServiceDeps) {}

  async addAssessment(
    input: {
      kind: AssessmentKind;
      version: string;
      title: string;
      documentSha256?: string | undefined;
      summary: string;
      approvedBy: string;
      approvedAt: string;
    },
    actor: string,
  ): Promise<AssessmentsTable> {
    const row: AssessmentsTable = {
      id: randomUUID(),
      kind: input.kind,
      version: input.version,
      title: input.title,
      document_sha256: input.documentSha256 ?? null,
      summary: input.summary,
      approved_by: input.approvedBy,
      approved_at: input.approvedAt,
      created_by: actor,
      created_at: nowIso(),
    };
    const existing = await this.find(input.kind, input.version);
    if (existing)
      throw new DomainError(
        'conflict',
        'assessment-exists',
        `${kindNames[input.kind]} version ${input.version} is already recorded`,
      );
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('assessments').values(row).execute();
      await appendAudit(trx, {
        actor,
        action: 'assessment.recorded',
        target: { type: 'assessment', id: row.id },
        details: {
          kind: row.kind,
          version: row.version,
          documentSha256: row.document_sha256,
          approvedBy: row.approved_by,
        },
      });
    });
    return row;
  }

  find(kind: AssessmentKind, version: string): Promise<AssessmentsTable | undefined> {
    return this.deps.db
      .selectFrom('assessments')
      .selectAll()
      .where('kind', '=', kind)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  list(): Promise<AssessmentsTable[]> {
    return this.deps.db.selectFrom('assessments').selectAll().orderBy('kind').orderBy('created_at', 'desc').execute();
  }

  async addBiasReport(report: unknown, actor: string): Promise<BiasReportsTable> {
    const parsed = biasReportFileSchema.safeParse(report);
    if (!parsed.success) {
      throw new DomainError(
        'invalid',
        'not-a-bias-report',
        `not a report from \`vigil eval demographics\`: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    const r = parsed.data;
    const row: BiasReportsTable = {
      id: randomUUID(),
      model_id: r.modelId,
      measured_at: r.measuredAt,
      dataset: r.dataset,
      thresholds_json: JSON.stringify(r.thresholds.map((t) => ({ id: t.id, value: t.value }))),
      report_json: JSON.stringify(report),
      stored_by: actor,
      stored_at: nowIso(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('bias_reports').values(row).execute();
      await appendAudit(trx, {
        actor,
        action: 'bias-report.stored',
        target: { type: 'bias-report', id: row.id },
        details: { modelId: row.model_id, measuredAt: row.measured_at, thresholds: r.thresholds.map((t) => t.value) },
      });
    });
    return row;
  }

  listBiasReports(modelId?: string): Promise<BiasReportsTable[]> {
    let q = this.deps.db.selectFrom('bias_reports').selectAll();
    if (modelId) q = q.where('model_id', '=', modelId);
    return q.orderBy('measured_at', 'desc').execute();
  }

  /** The newest report that measured this model at this threshold and is young enough; undefined if none. */
  async currentBiasReport(modelId: string, threshold: number): Promise<BiasReportsTable | undefined> {
    const now = (this.deps.now?.() ?? new Date()).getTime();
    const oldest = now - this.deps.biasReportMaxAgeDays * 86_400_000;
    for (const r of await this.listBiasReports(modelId)) {
      if (Date.parse(r.measured_at) < oldest) continue;
      const measured = JSON.parse(r.thresholds_json) as { value: number }[];
      if (measured.some((t) => Math.abs(t.value - threshold) <= THRESHOLD_TOLERANCE)) return r;
    }
    return undefined;
  }

  /** What an authorisation lacks among its linked records (R26, R27); empty when all are there. */
  async authorisationLinkProblems(d: {
    dpia_version: string;
    eia_version: string;
    policy_version: string;
    model_id: string;
    threshold: number;
  }): Promise<string[]> {
    const out: string[] = [];
    const links: [AssessmentKind, string][] = [
      ['dpia', d.dpia_version],
      ['eia', d.eia_version],
      ['policy', d.policy_version],
    ];
    for (const [kind, version] of links) {
      if (version.trim() !== '' && !(await this.find(kind, version))) {
        out.push(`R26: no ${kindNames[kind]} "${version}" is on record`);
      }
    }
    if (!(await this.currentBiasReport(d.model_id, d.threshold))) {
      out.push(
        `R27: no current bias report measured ${d.model_id} at threshold ${d.threshold.toFixed(4)} ` +
          `(run \`vigil eval demographics\` and store it)`,
      );
    }
    return out;
  }
}
