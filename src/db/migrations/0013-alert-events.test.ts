/** Migration 0013 (issue 14): the alerts already recorded are numbered in the order they were raised. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { alertRow, deploymentRow } from '../../../test/support/reports.ts';
import { liveRepository } from '../../live/live.repository.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { up } from './0013-alert-events.ts';

for (const t of testDatabases()) {
  describe(`migration 0013 numbers the alerts already recorded (${t.name})`, () => {
    it('per deployment, 1, 2, 3... by time raised; the sequence continues after them', async () => {
      const database = await t.open();
      try {
        const db = database.db;
        for (const id of ['d1', 'd2']) await liveRepository.insertDeployment(db, deploymentRow(id, { status: 'live' }));
        const at = (s: number) => `2026-03-05T11:00:0${s}.000Z`;
        for (const [id, d, s] of [
          ['a3', 'd1', 3],
          ['a1', 'd1', 1],
          ['b1', 'd2', 2],
          ['a2', 'd1', 2],
        ] as const)
          await liveRepository.insertAlert(db, { ...alertRow(d, null, [null, null], 'wanted', id), created_at: at(s) });
        // Back to the state before 0013.
        await db.schema.dropIndex('alerts_event_seq').execute();
        await db.schema.alterTable('alerts').dropColumn('event_seq').execute();
        await db.schema.alterTable('alerts').dropColumn('raised_seq').execute();
        await db.schema.dropTable('alert_sequences').execute();
        await up(db as unknown as Kysely<unknown>, database.dialect);

        const rows = await db.selectFrom('alerts').select(['id', 'event_seq', 'raised_seq']).orderBy('id').execute();
        assert.deepEqual(
          rows.map((r) => [r.id, Number(r.event_seq), Number(r.raised_seq)]),
          [
            ['a1', 1, 1],
            ['a2', 2, 2],
            ['a3', 3, 3],
            ['b1', 1, 1],
          ],
        );
        assert.equal(await liveRepository.lastAlertSeq(db, 'd1'), 3);
        assert.equal(await db.transaction().execute((trx) => liveRepository.nextAlertSeq(trx, 'd1')), 4);
        assert.equal(await db.transaction().execute((trx) => liveRepository.nextAlertSeq(trx, 'new')), 1);
      } finally {
        await database.close();
      }
    });
  });
}
