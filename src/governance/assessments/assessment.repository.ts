/**
 * Rows of assessments (R26), stored bias reports (R27) and threshold policy changes (R14). Plain
 * queries, no policy: each method takes the database or the use case's transaction. Injected into
 * AssessmentService and ThresholdPolicyService by the composition root.
 */
import type { Queryable } from '../../db/database.ts';
import type {
  AssessmentKind,
  AssessmentsTable,
  BiasReportsTable,
  ThresholdPoliciesTable,
} from '../../db/tables/assessments.ts';

export class AssessmentRepository {
  async insertAssessment(q: Queryable, row: AssessmentsTable): Promise<void> {
    await q.insertInto('assessments').values(row).execute();
  }

  findAssessment(q: Queryable, kind: AssessmentKind, version: string): Promise<AssessmentsTable | undefined> {
    return q
      .selectFrom('assessments')
      .selectAll()
      .where('kind', '=', kind)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  listAssessments(q: Queryable): Promise<AssessmentsTable[]> {
    return q.selectFrom('assessments').selectAll().orderBy('kind').orderBy('created_at', 'desc').execute();
  }

  async insertBiasReport(q: Queryable, row: BiasReportsTable): Promise<void> {
    await q.insertInto('bias_reports').values(row).execute();
  }

  /** Newest measurement first. */
  listBiasReports(q: Queryable, modelId?: string): Promise<BiasReportsTable[]> {
    let query = q.selectFrom('bias_reports').selectAll();
    if (modelId) query = query.where('model_id', '=', modelId);
    return query.orderBy('measured_at', 'desc').execute();
  }
}

export class ThresholdPolicyRepository {
  /** Every change, oldest first (so the last one per model is the one in force). */
  all(q: Queryable): Promise<ThresholdPoliciesTable[]> {
    return q.selectFrom('threshold_policies').selectAll().orderBy('set_at').execute();
  }

  /** Newest first. */
  history(q: Queryable, modelId?: string): Promise<ThresholdPoliciesTable[]> {
    let query = q.selectFrom('threshold_policies').selectAll();
    if (modelId) query = query.where('model_id', '=', modelId);
    return query.orderBy('set_at', 'desc').execute();
  }

  async insert(q: Queryable, row: ThresholdPoliciesTable): Promise<void> {
    await q.insertInto('threshold_policies').values(row).execute();
  }
}
