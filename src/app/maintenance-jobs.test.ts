// Periodic upkeep on the shared queue (issue 7): however many workers schedule a task, it is queued
// once per time slot; the anchor job signs the chain head only when something new was appended.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { maintenanceHandlers, startMaintenanceSchedule } from './maintenance-jobs.ts';

test('each task is queued once per slot by several workers; an anchor is made only for new entries', async () => {
  const database = await openDatabase({ sqliteFile: ':memory:' });
  const queue = new InProcessQueue();
  try {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const purges: string[] = [];
    const handlers = maintenanceHandlers({
      db: database.db,
      auditKey: {
        privateKey,
        publicKey,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        keyId: 'test-key',
        source: 'created',
        location: 'memory',
      },
      retention: {
        purge: async () => {
          purges.push('run');
          return { id: 'p1', status: 'completed' } as never;
        },
      },
    });
    const results: string[] = [];
    queue.process({
      'maintenance.run': async (p, ctx) => {
        const r = await handlers['maintenance.run'](p, ctx);
        results.push(`${p.task}:${r.status}`);
        return r;
      },
    });
    await database.db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, { actor: 'admin', action: 'test.entry', target: { type: 'test', id: '1' }, details: {} }),
      );
    // Three workers start their schedules in the same hour.
    const schedules = [1, 2, 3].flatMap(() => [
      startMaintenanceSchedule({ queue, task: 'audit-anchor', everyMs: 3_600_000 }),
      startMaintenanceSchedule({ queue, task: 'retention-purge', everyMs: 3_600_000 }),
    ]);
    await Promise.all(schedules.map((s) => s.runNow()));
    await queue.whenIdle();
    assert.deepEqual(results.sort(), ['audit-anchor:done', 'retention-purge:done']);
    assert.equal(purges.length, 1, 'one purge per slot');
    const anchors = await database.db.selectFrom('audit_anchors').selectAll().execute();
    assert.equal(anchors.length, 1);
    // Nothing new since: the next slot's anchor job signs nothing.
    const skipped = await handlers['maintenance.run']({ task: 'audit-anchor', slot: 'later' }, {} as never);
    assert.equal(skipped.status, 'skipped');
    await Promise.all(schedules.map((s) => s.stop()));
  } finally {
    await queue.close();
    await database.close();
  }
});
