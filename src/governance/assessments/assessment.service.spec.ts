/**
 * Unit spec of what makes a bias report current (R27) and what an authorisation lacks (R26), with
 * an in-memory repository and an injected verifier standing in for the signature check
 * (bias-attestation.test.ts covers the real one): the model, age and thresholds are read from the
 * verified report, never from the row's columns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssessmentsTable, BiasReportsTable } from '../../db/tables/assessments.ts';
import { manualClock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { fakeUnitOfWork, recordingAudit } from '../../../test/support/fakes.ts';
import type { AssessmentRepository } from './assessment.repository.ts';
import { AssessmentService } from './assessment.service.ts';
import type { BiasAttestation } from './bias-attestation.ts';

class MemoryAssessments implements Pick<AssessmentRepository, keyof AssessmentRepository> {
  readonly assessments: AssessmentsTable[] = [];
  readonly reports: BiasReportsTable[] = [];
  async insertAssessment(_q: unknown, row: AssessmentsTable): Promise<void> {
    this.assessments.push(row);
  }
  async findAssessment(_q: unknown, kind: string, version: string): Promise<AssessmentsTable | undefined> {
    return this.assessments.find((a) => a.kind === kind && a.version === version);
  }
  async listAssessments(): Promise<AssessmentsTable[]> {
    return [...this.assessments];
  }
  async insertBiasReport(_q: unknown, row: BiasReportsTable): Promise<void> {
    this.reports.push(row);
  }
  async listBiasReports(_q: unknown, modelId?: string): Promise<BiasReportsTable[]> {
    return this.reports
      .filter((r) => !modelId || r.model_id === modelId)
      .sort((a, b) => b.measured_at.localeCompare(a.measured_at));
  }
}

const report = (o: { modelId?: string; measuredAt: string; thresholds: number[]; signed?: boolean }) => ({
  modelId: o.modelId ?? 'm',
  measuredAt: o.measuredAt,
  dataset: 'stand-in',
  thresholds: o.thresholds.map((value, i) => ({ id: `t${i}`, value })),
  cells: [{}],
  signed: o.signed ?? true,
});

function setUp() {
  const repository = new MemoryAssessments();
  const audit = recordingAudit();
  const clock = manualClock('2030-06-01T00:00:00.000Z');
  const service = new AssessmentService({
    db: undefined as never,
    biasReportMaxAgeDays: 30,
    modelId: 'm',
    evaluationKeyFile: '/nowhere',
    clock,
    repository,
    unitOfWork: fakeUnitOfWork,
    audit,
    verify: (r) => {
      if (r['signed'] !== true) throw new DomainError('refused', 'unsigned-bias-report', 'not signed');
      return {
        keyId: 'k',
        resultsSha256: 'r',
        dataset: { sha256: 'd' },
        command: 'eval',
      } as unknown as BiasAttestation;
    },
  });
  /** A row as if written by hand: its columns may say anything. */
  const storeRow = (id: string, body: ReturnType<typeof report>) =>
    repository.reports.push({
      id,
      model_id: 'm',
      measured_at: '2030-05-31T00:00:00.000Z',
      dataset: 'x',
      thresholds_json: '[]',
      report_json: JSON.stringify(body),
      stored_by: 'x',
      stored_at: 'x',
    });
  return { service, repository, audit, clock, storeRow };
}

describe('AssessmentService (R26, R27)', () => {
  it('stores only a verified report, at the clock time, audited', async () => {
    const t = setUp();
    await assert.rejects(
      t.service.addBiasReport(report({ measuredAt: '2030-05-20T00:00:00Z', thresholds: [0.5], signed: false }), 'a'),
      (e: unknown) => e instanceof DomainError && e.code === 'unsigned-bias-report',
    );
    await assert.rejects(t.service.addBiasReport({ modelId: 'm' }, 'a'), (e: unknown) => {
      return e instanceof DomainError && e.code === 'not-a-bias-report';
    });
    const row = await t.service.addBiasReport(report({ measuredAt: '2030-05-20T00:00:00Z', thresholds: [0.5] }), 'a');
    assert.equal(row.stored_at, '2030-06-01T00:00:00.000Z');
    assert.deepEqual(
      t.audit.entries.map((e) => e.action),
      ['bias-report.stored'],
    );
  });

  it('a report is current when verified, young enough and measured at the threshold', async () => {
    const t = setUp();
    t.storeRow('old', report({ measuredAt: '2030-04-01T00:00:00.000Z', thresholds: [0.5] }));
    t.storeRow('unsigned', report({ measuredAt: '2030-05-30T00:00:00.000Z', thresholds: [0.5], signed: false }));
    t.storeRow('other-model', report({ modelId: 'n', measuredAt: '2030-05-30T00:00:00.000Z', thresholds: [0.5] }));
    assert.equal(await t.service.currentBiasReport('m', 0.5), undefined, 'too old, unsigned, or another model');
    t.storeRow('good', report({ measuredAt: '2030-05-25T00:00:00.000Z', thresholds: [0.5] }));
    assert.equal((await t.service.currentBiasReport('m', 0.5002))?.id, 'good', 'within the tolerance');
    assert.equal(await t.service.currentBiasReport('m', 0.51), undefined, 'another threshold');
    t.clock.advance(30 * 86_400_000);
    assert.equal(await t.service.currentBiasReport('m', 0.5), undefined, 'it ages out');
  });

  it('lists what an authorisation lacks among its linked records', async () => {
    const t = setUp();
    await t.service.addAssessment(
      { kind: 'dpia', version: '1', title: 'DPIA', summary: 's', approvedBy: 'dpo', approvedAt: '2030-01-01' },
      'admin',
    );
    await assert.rejects(
      t.service.addAssessment(
        { kind: 'dpia', version: '1', title: 'DPIA', summary: 's', approvedBy: 'dpo', approvedAt: '2030-01-01' },
        'admin',
      ),
      (e: unknown) => e instanceof DomainError && e.code === 'assessment-exists',
    );
    const problems = await t.service.authorisationLinkProblems({
      dpia_version: '1',
      eia_version: '2',
      policy_version: '',
      model_id: 'm',
      threshold: 0.5,
    });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^R26: no equality impact assessment "2"/);
    assert.match(problems[1]!, /^R27: no current bias report measured m/);
  });
});
