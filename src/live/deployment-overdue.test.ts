// R2's backstop (issue 7): with no pipeline process running its cameras, a live deployment past its
// authorised end is still closed, by whichever API or pipeline process checks first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabases } from '../../test/support/db.ts';
import { deploymentRow } from '../../test/support/reports.ts';
import { liveRepository } from './live.repository.ts';
import { bareDeploymentService } from '../../test/support/live.ts';

for (const target of testDatabases()) {
  test(`live deployments past their end are closed, once, on ${target.name}`, async () => {
    const database = await target.open();
    try {
      const live = { status: 'live' as const, started_at: '2026-03-01T09:00:00.000Z' };
      await liveRepository.insertDeployment(
        database.db,
        deploymentRow('over', { ...live, planned_end: '2026-03-01T12:00:00.000Z' }),
      );
      await liveRepository.insertDeployment(
        database.db,
        deploymentRow('running', { ...live, planned_end: '2026-03-01T18:00:00.000Z' }),
      );
      // Two API processes with the same clock.
      const service = () => bareDeploymentService(database.db, () => new Date('2026-03-01T12:00:00.000Z'));
      const [a, b] = [service(), service()];
      const [closedA, closedB] = await Promise.all([a.closeOverdue(), b.closeOverdue()]);
      assert.ok([...closedA, ...closedB].every((id) => id === 'over') && closedA.length + closedB.length >= 1);
      const over = await a.get('over');
      assert.deepEqual([over.status, over.close_reason], ['closed', 'end-time']);
      assert.equal((await a.get('running')).status, 'live');
      const audit = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'deployment.closed')
        .execute();
      assert.equal(audit.length, 1, 'closed once');
    } finally {
      await database.close();
    }
  });
}
