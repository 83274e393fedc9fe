// Unit tier (issue 16): alert decisions through AlertService over in-memory rows (R21-R23):
// append-only revisions, the operator of record, the two-person engagement, the clock's times.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../test/support/fakes.ts';
import { FakeLiveRows, memoryMedia } from '../../test/support/fakes-live.ts';
import { manualClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { AlertService, engagementOutcomes } from './alert.service.ts';
import type { AlertRow } from './live.repository.ts';

const OUTCOME = engagementOutcomes[0];
const code = (c: string) => (err: unknown) => err instanceof DomainError && err.code === c;

describe('alert decisions (unit)', () => {
  let rows: FakeLiveRows;
  let audit: ReturnType<typeof recordingAudit>;
  let clock: ReturnType<typeof manualClock>;
  let alerts: AlertService;

  beforeEach(async () => {
    rows = new FakeLiveRows();
    audit = recordingAudit();
    clock = manualClock('2026-05-01T10:00:00.000Z');
    alerts = new AlertService({
      db: {} as never,
      media: memoryMedia(),
      rows,
      uow: fakeUnitOfWork,
      audit,
      clock,
      names: async (u) => new Map(u.map((n) => [n, n.toUpperCase()])),
    });
    await rows.insertAlert(fakeQueryable, {
      id: 'a1',
      deployment_id: 'd1',
      created_at: '2026-05-01T09:59:50.000Z',
      captured_at: '2026-05-01T09:59:49.000Z',
      operator_decision: null,
      engagement: null,
    } as unknown as AlertRow);
  });

  it('R21, R23: the first decision is revision 1, at the clock time, audited, and cached on the alert', async () => {
    const a = await alerts.adjudicate('a1', 'confirm', 'op1');
    assert.equal(a.operator_decision, 'confirm');
    assert.equal(rows.decisions.length, 1);
    assert.equal(rows.decisions[0]!.revision, 1);
    assert.equal(rows.decisions[0]!.decided_at, '2026-05-01T10:00:00.000Z');
    assert.equal(rows.decisions[0]!.decision_ms, 10_000);
    assert.equal(audit.entries.length, 1);
    assert.equal(Number(a.event_seq), 1, 'the change takes the next alert sequence number (issue 14)');
  });

  it('R21: a correction is a new revision superseding the first, which stays as it was', async () => {
    await alerts.adjudicate('a1', 'confirm', 'op1');
    await assert.rejects(alerts.adjudicate('a1', 'reject', 'op1'), code('already-decided'));
    await assert.rejects(alerts.adjudicate('a1', 'reject', 'op2', 'looks different'), code('not-operator-of-record'));
    clock.advance(5_000);
    const a = await alerts.adjudicate('a1', 'reject', 'op1', 'second look: different person');
    assert.equal(a.operator_decision, 'reject');
    const [first, second] = rows.decisions;
    assert.equal(first!.decision, 'confirm', 'revision 1 is never overwritten');
    assert.equal(second!.revision, 2);
    assert.equal(second!.supersedes, first!.id);
    const { decisions, names } = await alerts.history(['a1']);
    assert.equal(decisions.length, 2);
    assert.equal(names.get('op1'), 'OP1');
  });

  it('R22: the engagement is recorded by someone other than the operator, after the decision; then the decision stands', async () => {
    await assert.rejects(alerts.engage('a1', { engaged: true, outcome: OUTCOME }, 'eo1'));
    await alerts.adjudicate('a1', 'confirm', 'op1');
    await assert.rejects(alerts.engage('a1', { engaged: true, outcome: OUTCOME }, 'op1'));
    const a = await alerts.engage('a1', { engaged: true, outcome: OUTCOME }, 'eo1');
    assert.equal(a.engagement, 'engaged');
    await assert.rejects(alerts.adjudicate('a1', 'reject', 'op1', 'changed my mind'), code('engagement-recorded'));
  });
});
