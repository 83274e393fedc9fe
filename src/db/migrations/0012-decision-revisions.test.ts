/**
 * Migration 0012 (issue 12): the decisions recorded before revisions were kept become the first
 * revision of their stage, so their authors are the authors of record from then on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { alertRow, deploymentRow } from '../../../test/support/reports.ts';
import { AlertService } from '../../live/alert.service.ts';
import { liveRepository } from '../../live/live.repository.ts';
import { DomainError } from '../../shared/domain-error.ts';
import type { MediaStore } from '../../storage/media-store.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { up } from './0012-decision-revisions.ts';

for (const t of testDatabases()) {
  describe(`migration 0012 backfills the decisions already recorded (${t.name})`, () => {
    it('R21, R35, R38: each recorded decision becomes revision 1 of its stage', async () => {
      const database = await t.open();
      try {
        const db = database.db;
        // Back to the state before 0012, with decisions in the old columns only.
        for (const table of ['alert_decisions', 'search_reviews', 'search_candidate_decisions'] as const)
          await db.schema.dropTable(table).execute();
        await liveRepository.insertDeployment(db, deploymentRow('d1', { status: 'live' }));
        await liveRepository.insertAlert(db, alertRow('d1', 'confirm', ['engaged', 'arrest'], 'wanted', 'a1'));
        await liveRepository.insertAlert(db, alertRow('d1', null, [null, null], 'wanted', 'a2'));
        await up(db as unknown as Kysely<unknown>, database.dialect);

        const rows = await db.selectFrom('alert_decisions').selectAll().orderBy('stage', 'desc').execute();
        assert.deepEqual(
          rows.map((r) => [r.alert_id, r.stage, r.revision, r.decision, r.outcome, r.decided_by, r.supersedes]),
          [
            ['a1', 'operator', 1, 'confirm', null, 'operator', null],
            ['a1', 'engagement', 1, 'engaged', 'arrest', 'officer', null],
          ],
        );
        assert.equal(rows[0]?.decision_ms, 5000);
        // The backfilled operator is the operator of record.
        const alerts = new AlertService({ db, media: {} as unknown as MediaStore });
        await assert.rejects(
          alerts.adjudicate('a1', 'reject', 'someone.else', 'disagree'),
          (err: unknown) => err instanceof DomainError && err.code === 'not-operator-of-record',
        );
      } finally {
        await database.close();
      }
    });
  });
}
