/**
 * Alert decisions are append-only (issue 12; R21, R22, R23): the operator of record and the
 * engagement officer of record cannot be replaced, a correction is a new revision with a reason,
 * and every revision stays readable. Over alerts written straight into the database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { alertRow, deploymentRow } from '../../test/support/reports.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { AlertService, type AlertEvent } from './alert.service.ts';
import { liveRepository } from './live.repository.ts';

const refused = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;
const noMedia = {} as unknown as MediaStore;

for (const t of testDatabases()) {
  describe(`alert decisions are append-only (${t.name})`, () => {
    let database: Database;
    let alerts: AlertService;
    let n = 0;
    const newAlert = async () => {
      const row = alertRow('d1', null, [null, null], 'wanted', `alert-${t.name}-${++n}`);
      await liveRepository.insertAlert(database.db, { ...row, created_at: new Date().toISOString() });
      return row.id;
    };
    before(async () => {
      database = await t.open();
      alerts = new AlertService({ db: database.db, media: noMedia });
      await liveRepository.insertDeployment(database.db, deploymentRow('d1', { status: 'live' }));
    });
    after(() => database.close());

    it('R21: a second operator cannot overwrite the first; the operator of record corrects only with a reason', async () => {
      const id = await newAlert();
      await alerts.adjudicate(id, 'confirm', 'op.one');
      await assert.rejects(alerts.adjudicate(id, 'reject', 'op.two'), refused('not-operator-of-record'));
      await assert.rejects(
        alerts.adjudicate(id, 'reject', 'op.two', 'I saw it too'),
        refused('not-operator-of-record'),
      );
      await assert.rejects(alerts.adjudicate(id, 'reject', 'op.one'), refused('already-decided'));
      const corrected = await alerts.adjudicate(id, 'reject', 'op.one', 'pressed the wrong key');
      assert.equal(corrected.operator_decision, 'reject');
      assert.equal(corrected.operator_by, 'op.one');
      const { decisions } = await alerts.history([id]);
      assert.deepEqual(
        decisions.map((d) => [d.stage, d.revision, d.decision, d.decided_by, d.reason]),
        [
          ['operator', 1, 'confirm', 'op.one', null],
          ['operator', 2, 'reject', 'op.one', 'pressed the wrong key'],
        ],
      );
      assert.equal(decisions[1]?.supersedes, decisions[0]?.id);
      assert.equal(corrected.decision_ms, decisions[0]?.decision_ms, "R23: the time to decide is the first decision's");
    });

    it('R22: once an engagement is recorded the operator decision stands; the engagement is not overwritten', async () => {
      const id = await newAlert();
      await alerts.adjudicate(id, 'confirm', 'op.one');
      await assert.rejects(alerts.engage(id, { engaged: true, outcome: 'arrest' }, 'op.one'), refused('two-person'));
      await alerts.engage(id, { engaged: true, outcome: 'arrest', note: 'detained at the gate' }, 'eo.one');
      await assert.rejects(
        alerts.adjudicate(id, 'reject', 'op.one', 'second thoughts'),
        refused('engagement-recorded'),
      );
      await assert.rejects(
        alerts.engage(id, { engaged: false, reason: 'another view' }, 'eo.two'),
        refused('not-engagement-officer-of-record'),
      );
      await assert.rejects(
        alerts.engage(id, { engaged: true, outcome: 'no-further-action' }, 'eo.one'),
        refused('already-recorded'),
      );
      const events: AlertEvent[] = [];
      const unsubscribe = alerts.subscribe('d1', (e) => events.push(e));
      const corrected = await alerts.engage(
        id,
        { engaged: true, outcome: 'no-further-action', reason: 'released without charge, not arrested' },
        'eo.one',
      );
      unsubscribe();
      assert.equal(corrected.outcome, 'no-further-action');
      const { decisions } = await alerts.history([id]);
      assert.deepEqual(
        decisions.map((d) => [d.stage, d.revision, d.decision, d.outcome, d.note, d.decided_by]),
        [
          ['operator', 1, 'confirm', null, null, 'op.one'],
          ['engagement', 1, 'engaged', 'arrest', 'detained at the gate', 'eo.one'],
          ['engagement', 2, 'engaged', 'no-further-action', null, 'eo.one'],
        ],
      );
      assert.equal(events.at(-1)?.history?.length, 3, 'the update event carries the history');
      const audit = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', id)
        .where('action', 'in', ['alert.decided', 'alert.engagement'])
        .execute();
      assert.equal(audit.length, 3, 'every revision is audited');
    });

    it('R21: two operators deciding at the same moment: one decision is recorded, the other refused', async () => {
      const id = await newAlert();
      const results = await Promise.allSettled([
        alerts.adjudicate(id, 'confirm', 'op.one'),
        alerts.adjudicate(id, 'reject', 'op.two'),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const { decisions } = await alerts.history([id]);
      assert.equal(decisions.length, 1);
      const a = await alerts.get(id);
      assert.equal(a.operator_by, decisions[0]?.decided_by, 'the cache follows the record');
      assert.equal(a.operator_decision, decisions[0]?.decision);
    });
  });
}
