// Counts from several pipeline processes at once (issue 7, R18, R24): concurrent additions to one
// deployment's counts all land, on SQLite and on PostgreSQL (a pool of connections, read committed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabases } from '../../test/support/db.ts';
import { deploymentRow } from '../../test/support/reports.ts';
import { emptyCounts } from './deployment-counts.ts';
import { liveRepository } from './live.repository.ts';
import { bareDeploymentService } from '../../test/support/live.ts';

for (const target of testDatabases()) {
  test(`concurrent count flushes lose nothing on ${target.name}`, async () => {
    const database = await target.open();
    try {
      await liveRepository.insertDeployment(database.db, deploymentRow('d1', { status: 'live' }));
      const deployments = bareDeploymentService(database.db);
      const flush = (i: number) =>
        deployments.addCounts('d1', {
          ...emptyCounts,
          facesSeen: 1,
          alerts: i % 2,
          dropped: { blurred: 1 },
        });
      await Promise.all(Array.from({ length: 30 }, (_, i) => flush(i)));
      const counts = JSON.parse((await deployments.get('d1')).counts_json) as typeof emptyCounts;
      assert.equal(counts.facesSeen, 30);
      assert.equal(counts.alerts, 15);
      assert.deepEqual(counts.dropped, { blurred: 30 });
    } finally {
      await database.close();
    }
  });
}
