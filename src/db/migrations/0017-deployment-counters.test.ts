/** Migration 0017 (issue 16, R18): the counts kept as a JSON blob become counter rows, with the same values. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { deploymentRow } from '../../../test/support/reports.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { LiveRepository } from '../../live/live.repository.ts';
import { counterRowsOf, up } from './0017-deployment-counters.ts';

for (const t of testDatabases()) {
  describe(`migration 0017 moves deployment counts into rows (${t.name})`, () => {
    it('each blob value becomes a row; zeros and unreadable blobs add none; the column goes', async () => {
      const database = await t.open();
      try {
        const db = database.db;
        const rows = new LiveRepository();
        for (const id of ['d1', 'd2', 'd3']) await rows.insertDeployment(db, deploymentRow(id, { status: 'closed' }));
        // Back to the state before 0017.
        await db.schema.dropTable('deployment_counters').execute();
        await db.schema.alterTable('deployments').addColumn('counts_json', 'text').execute();
        const blobs: Record<string, string> = {
          d1: JSON.stringify({ facesSeen: 12, facesCompared: 9, tracks: 4, alerts: 0, dropped: { blurred: 3 } }),
          d2: JSON.stringify({ facesSeen: 0, facesCompared: 0, tracks: 0, alerts: 0, dropped: {} }),
          d3: 'not json',
        };
        for (const [id, json] of Object.entries(blobs)) {
          await sql`update deployments set counts_json = ${json} where id = ${id}`.execute(db);
        }
        await up(db as unknown as Kysely<unknown>, database.dialect);

        assert.deepEqual(await rows.countsOf(db, 'd1'), {
          facesSeen: 12,
          facesCompared: 9,
          tracks: 4,
          alerts: 0,
          dropped: { blurred: 3 },
        });
        const stored = await db.selectFrom('deployment_counters').select(['deployment_id', 'name']).execute();
        assert.deepEqual(stored.map((r) => r.deployment_id).sort(), ['d1', 'd1', 'd1', 'd1']);
        const after = await db.selectFrom('deployments').selectAll().where('id', '=', 'd1').executeTakeFirstOrThrow();
        assert.equal('counts_json' in after, false, 'the blob column is dropped');
        // Added to after the migration, as the pipeline does.
        await rows.addCounts(db, 'd1', {
          facesSeen: 1,
          facesCompared: 0,
          tracks: 0,
          alerts: 1,
          dropped: { blurred: 1 },
        });
        const counts = await rows.countsOf(db, 'd1');
        assert.equal(counts.facesSeen, 13);
        assert.equal(counts.alerts, 1);
        assert.deepEqual(counts.dropped, { blurred: 4 });
      } finally {
        await database.close();
      }
    });
  });
}

describe('counterRowsOf', () => {
  it('names the dropped reasons dropped:<reason>, as the live counters do', () => {
    assert.deepEqual(counterRowsOf('d', JSON.stringify({ alerts: 2, dropped: { 'too-small': 5, blurred: 0 } })), [
      { deployment_id: 'd', name: 'alerts', n: 2 },
      { deployment_id: 'd', name: 'dropped:too-small', n: 5 },
    ]);
  });
});
