// Counts from several pipeline processes at once (issue 7, issue 16, R18, R24): concurrent
// additions to one deployment's counters all land, on SQLite and on PostgreSQL (a pool of
// connections, read committed): each is one `INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabases } from '../../test/support/db.ts';
import { deploymentRow } from '../../test/support/reports.ts';
import { emptyCounts } from './deployment-counts.ts';
import { LiveRepository } from './live.repository.ts';
import { bareDeploymentService } from '../../test/support/live.ts';

for (const target of testDatabases()) {
  test(`concurrent count flushes lose nothing on ${target.name}`, async () => {
    const database = await target.open();
    try {
      const rows = new LiveRepository();
      await rows.insertDeployment(database.db, deploymentRow('d1', { status: 'live' }));
      await rows.insertDeployment(database.db, deploymentRow('d2', { status: 'live' }));
      const deployments = bareDeploymentService(database.db);
      // Each flush as a pipeline process makes it: in its own transaction, all at once.
      const flush = (i: number) =>
        database.db.transaction().execute((trx) =>
          rows.addCounts(trx, 'd1', {
            ...emptyCounts,
            facesSeen: 1,
            facesCompared: i,
            alerts: i % 2,
            dropped: i % 3 === 0 ? { blurred: 1 } : { blurred: 1, 'too-small': 2 },
          }),
        );
      await Promise.all(Array.from({ length: 40 }, (_, i) => flush(i)));
      await deployments.addCounts('d2', { ...emptyCounts, tracks: 3 });

      assert.deepEqual(await deployments.counts('d1'), {
        facesSeen: 40,
        facesCompared: (39 * 40) / 2,
        tracks: 0,
        alerts: 20,
        dropped: { blurred: 40, 'too-small': 2 * 26 },
      });
      const both = await deployments.countsOfMany(['d1', 'd2', 'none']);
      assert.equal(both.get('d1')?.facesSeen, 40);
      assert.deepEqual(both.get('d2'), { ...emptyCounts, tracks: 3 });
      assert.deepEqual(both.get('none'), emptyCounts, 'a deployment with no counters counts zeros');
    } finally {
      await database.close();
    }
  });
}
