/**
 * Unit spec of the threshold policy (R14, R27) with in-memory seams: a change needs a reason, may
 * not go below the calibrated floor, needs a current bias report that measured the new threshold,
 * is stored with the report it relied on at the clock's time, audited, and in force at once. The
 * bias-report currency itself (age, verified signature) is assessment.service.spec.ts's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BiasReportsTable, ThresholdPoliciesTable } from '../../db/tables/assessments.ts';
import { manualClock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/domain-error.ts';
import { fakeUnitOfWork, recordingAudit } from '../../../test/support/fakes.ts';
import type { ThresholdPolicyRepository } from './assessment.repository.ts';
import { ThresholdPolicyService } from './threshold-policy.service.ts';

const refused = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;
const REASON = 'fewer false alerts wanted after review';

class MemoryThresholdPolicies implements Pick<ThresholdPolicyRepository, keyof ThresholdPolicyRepository> {
  readonly rows: ThresholdPoliciesTable[] = [];
  async all(): Promise<ThresholdPoliciesTable[]> {
    return [...this.rows];
  }
  async history(_q: unknown, modelId?: string): Promise<ThresholdPoliciesTable[]> {
    return this.rows.filter((r) => !modelId || r.model_id === modelId).reverse();
  }
  async insert(_q: unknown, row: ThresholdPoliciesTable): Promise<void> {
    this.rows.push(row);
  }
}

function setUp(measured: readonly number[]) {
  const repository = new MemoryThresholdPolicies();
  const audit = recordingAudit();
  const clock = manualClock('2030-03-01T12:00:00.000Z');
  const asked: { modelId: string; threshold: number }[] = [];
  const report = { id: 'report-1' } as BiasReportsTable;
  const service = new ThresholdPolicyService({
    db: undefined as never,
    assessments: {
      currentBiasReport: async (modelId, threshold) => {
        asked.push({ modelId, threshold });
        return measured.includes(threshold) ? report : undefined;
      },
    },
    floor: () => 0.4,
    clock,
    repository,
    unitOfWork: fakeUnitOfWork,
    audit,
  });
  return { service, repository, audit, clock, asked };
}

describe('ThresholdPolicyService (R14, R27)', () => {
  it('refuses a change without a reason or below the calibrated floor, recording nothing', async () => {
    const t = setUp([0.45, 0.3]);
    await assert.rejects(t.service.change('m', 0.45, 'short', 'admin'), refused('reason-required'));
    await assert.rejects(t.service.change('m', 0.3, REASON, 'admin'), refused('below-floor'));
    assert.equal(t.repository.rows.length, 0);
    assert.equal(t.audit.entries.length, 0);
  });

  it('refuses a threshold no current bias report measured (R27)', async () => {
    const t = setUp([0.45]);
    await assert.rejects(t.service.change('m', 0.5, REASON, 'admin'), refused('no-bias-report'));
    assert.deepEqual(t.asked, [{ modelId: 'm', threshold: 0.5 }]);
    assert.equal(t.service.policyThreshold('m'), undefined);
  });

  it('stores, audits and applies a change with the report it relied on', async () => {
    const t = setUp([0.45, 0.5]);
    const row = await t.service.change('m', 0.45, `  ${REASON} `, 'admin');
    assert.equal(row.bias_report_id, 'report-1');
    assert.equal(row.reason, REASON);
    assert.equal(row.set_at, '2030-03-01T12:00:00.000Z');
    assert.equal(t.service.policyThreshold('m'), 0.45);
    t.clock.advance(1000);
    await t.service.change('m', 0.5, REASON, 'admin');
    assert.deepEqual(
      t.audit.entries.map((e) => e.details),
      [
        { from: null, to: 0.45, floor: 0.4, reason: REASON, biasReportId: 'report-1' },
        { from: 0.45, to: 0.5, floor: 0.4, reason: REASON, biasReportId: 'report-1' },
      ],
    );
    assert.deepEqual(
      (await t.service.history('m')).map((r) => r.threshold),
      [0.5, 0.45],
    );
  });

  it('reads the latest change per model again on load', async () => {
    const t = setUp([0.45]);
    await t.service.change('m', 0.45, REASON, 'admin');
    const other = new ThresholdPolicyService({
      db: undefined as never,
      assessments: { currentBiasReport: async () => undefined },
      floor: () => 0.4,
      repository: t.repository,
    });
    await other.load();
    assert.equal(other.policyThreshold('m'), 0.45);
    assert.equal(other.policyThreshold('n'), undefined);
  });
});
