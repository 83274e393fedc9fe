/**
 * Assessments as records (R26-R28). A DPIA, an equality impact assessment and a policy document
 * are versioned records an authorisation must name; a bias report (from `vigil eval
 * demographics`) is stored with the model and the thresholds it measured, and is "current" for a
 * model and threshold when it measured that threshold and is not older than the configured age.
 * Only an attested report counts (bias-attestation.ts): storing one verifies its signature by the
 * installation's evaluation key, its results, its model and its coverage of every group, and a
 * stored report is verified again whenever it is relied on, so a row written into the database by
 * hand unlocks nothing either. Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { VigilSchema } from '../../db/schema.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../../db/unit-of-work.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { chainedAudit, type AuditAppender } from '../audit/audit-port.ts';
import { AssessmentRepository } from './assessment.repository.ts';
import type { AssessmentKind, AssessmentsTable, BiasReportsTable } from '../../db/tables/assessments.ts';
import { verifyBiasReport, type BiasAttestation } from './bias-attestation.ts';
import { evalPublicKeys } from './eval-signing-key.ts';

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
  /** By threshold id: on the scores in force (raw cosine: the cluster calibration is not applied yet). */
  worstToBestRatio: z.record(z.string(), z.looseObject({ ratio: z.number().nullable() })).optional(),
  /** The same with the attribute-free cluster calibration (issue 17); null or absent without one. */
  worstToBestRatioClusterCalibrated: z
    .record(z.string(), z.looseObject({ ratio: z.number().nullable() }))
    .nullable()
    .optional(),
});

/** The worst/best ratio at the report's configured (operating) threshold, in force and cluster-calibrated. */
function operatingRatios(r: BiasReportFile): { inForce: number | null; clusterCalibrated: number | null } {
  const id = r.thresholds.find((t) => t['kind'] === 'configured')?.id ?? 'configured';
  return {
    inForce: r.worstToBestRatio?.[id]?.ratio ?? null,
    clusterCalibrated: r.worstToBestRatioClusterCalibrated?.[id]?.ratio ?? null,
  };
}

export type BiasReportFile = z.infer<typeof biasReportFileSchema>;

/** How close a measured threshold must be to the one in question to count as measuring it. */
export const THRESHOLD_TOLERANCE = 5e-4;

export interface AssessmentServiceDeps {
  readonly db: Kysely<VigilSchema>;
  /** A bias report older than this is not current (R27: a model or threshold change needs a new one). */
  readonly biasReportMaxAgeDays: number;
  /** The recognizer in service: only a report on this model is stored. */
  readonly modelId: string;
  /** The evaluation key file whose public half signs trusted reports (eval-signing-key.ts). */
  readonly evaluationKeyFile: string;
  /** Stored times and the age of a bias report are read on it; default the system clock. */
  readonly clock?: Clock;
  /** Defaults: the SQL repository, transactions of `db`, the hash-chained audit log. */
  readonly repository?: Pick<AssessmentRepository, keyof AssessmentRepository>;
  readonly unitOfWork?: UnitOfWork;
  readonly audit?: AuditAppender;
  /** Verifies a report against the trusted keys (default: bias-attestation.ts with the key file's public half). */
  readonly verify?: (report: Readonly<Record<string, unknown>>) => BiasAttestation;
}

export class AssessmentService {
  private readonly clock: Clock;
  private readonly repo: Pick<AssessmentRepository, keyof AssessmentRepository>;
  private readonly uow: UnitOfWork;
  private readonly audit: AuditAppender;

  constructor(private readonly deps: AssessmentServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.repo = deps.repository ?? new AssessmentRepository();
    this.uow = deps.unitOfWork ?? kyselyUnitOfWork(deps.db);
    this.audit = deps.audit ?? chainedAudit;
  }

  /** Where the evaluation key lives (`vigil eval demographics` signs with it); not the key itself. */
  get evaluationKeyFile(): string {
    return this.deps.evaluationKeyFile;
  }

  /** The attestation of a report if it verifies here; throws the reason otherwise. */
  verifyReport(report: Readonly<Record<string, unknown>>): BiasAttestation {
    if (this.deps.verify) return this.deps.verify(report);
    return verifyBiasReport(report, {
      trustedKeys: evalPublicKeys(this.deps.evaluationKeyFile),
      modelId: this.deps.modelId,
    });
  }

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
      created_at: this.clock.nowIso(),
    };
    const existing = await this.find(input.kind, input.version);
    if (existing)
      throw new DomainError(
        'conflict',
        'assessment-exists',
        `${kindNames[input.kind]} version ${input.version} is already recorded`,
      );
    await this.uow.run(async (trx) => {
      await this.repo.insertAssessment(trx, row);
      await this.audit.append(trx, {
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
    return this.repo.findAssessment(this.deps.db, kind, version);
  }

  list(): Promise<AssessmentsTable[]> {
    return this.repo.listAssessments(this.deps.db);
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
    // R27: only the evaluation's own signed output; a hand-typed body is refused ('unsigned-bias-report').
    const attestation = this.verifyReport(r);
    const row: BiasReportsTable = {
      id: randomUUID(),
      model_id: r.modelId,
      measured_at: r.measuredAt,
      dataset: r.dataset,
      thresholds_json: JSON.stringify(r.thresholds.map((t) => ({ id: t.id, value: t.value }))),
      report_json: JSON.stringify(report),
      stored_by: actor,
      stored_at: this.clock.nowIso(),
    };
    await this.uow.run(async (trx) => {
      await this.repo.insertBiasReport(trx, row);
      await this.audit.append(trx, {
        actor,
        action: 'bias-report.stored',
        target: { type: 'bias-report', id: row.id },
        details: {
          modelId: row.model_id,
          measuredAt: row.measured_at,
          thresholds: r.thresholds.map((t) => t.value),
          keyId: attestation.keyId,
          resultsSha256: attestation.resultsSha256,
          datasetSha256: attestation.dataset.sha256,
          command: attestation.command,
          worstToBestRatio: operatingRatios(r).inForce,
          worstToBestRatioClusterCalibrated: operatingRatios(r).clusterCalibrated,
        },
      });
    });
    return row;
  }

  listBiasReports(modelId?: string): Promise<BiasReportsTable[]> {
    return this.repo.listBiasReports(this.deps.db, modelId);
  }

  /** The stored report's own content if it still verifies (signature, results, model, coverage); else undefined. */
  verifiedContent(row: BiasReportsTable): BiasReportFile | undefined {
    try {
      const report = biasReportFileSchema.parse(JSON.parse(row.report_json));
      this.verifyReport(report);
      return report;
    } catch {
      return undefined;
    }
  }

  /**
   * The newest verified report that measured this model at this threshold and is young enough;
   * undefined if none. The date, model and thresholds are read from the signed report, not from
   * the row's columns; unverified rows (legacy, hand-inserted, tampered, another key) never count.
   */
  async currentBiasReport(modelId: string, threshold: number): Promise<BiasReportsTable | undefined> {
    const now = this.clock.now().getTime();
    const oldest = now - this.deps.biasReportMaxAgeDays * 86_400_000;
    for (const r of await this.listBiasReports(modelId)) {
      const report = this.verifiedContent(r);
      if (!report || report.modelId !== modelId || Date.parse(report.measuredAt) < oldest) continue;
      if (report.thresholds.some((t) => Math.abs(t.value - threshold) <= THRESHOLD_TOLERANCE)) return r;
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
          `(run \`vigil eval demographics\` and store the signed report it writes)`,
      );
    }
    return out;
  }
}
