// The scheduled purge (R19: "a scheduled purge job whose runs are audited").
import { clockOf } from '../../shared/clock.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../db/database.ts';
import { listAudit } from '../audit/audit-query.ts';
import type { PurgeRunResult } from './purge-runner.ts';
import { startPurgeSchedule } from './purge-schedule.ts';
import { retentionConfigSchema } from './retention-policy.ts';
import { HOURS, ago, openTestMedia, seedAlert, seedDeployment, testNow } from '../../../test/support/retention.ts';
import { RetentionService } from './retention.service.ts';

describe('purge schedule', () => {
  it('runs as the system, is recorded and audited, and stops cleanly', async () => {
    const database = await openDatabase({ sqliteFile: ':memory:' });
    const media = openTestMedia();
    try {
      const retention = new RetentionService({
        db: database.db,
        media: media.store,
        settings: retentionConfigSchema.parse({}),
        clock: clockOf(() => testNow),
      });
      const alert = await seedAlert(database.db, media, await seedDeployment(database.db), {
        createdAt: ago(25 * HOURS),
      });
      const runs: PurgeRunResult[] = [];
      const schedule = startPurgeSchedule({
        retention,
        everyMs: 60_000,
        immediately: true,
        onRun: (r) => runs.push(r),
      });
      const second = await schedule.runNow();
      await schedule.stop();
      assert.equal(runs.length, 2, 'the immediate run, then runNow after it (never overlapping)');
      assert.deepEqual(runs[0]!.counts.alertImages, { records: 1, media: 2 });
      assert.equal(second?.counts.alertImages.records, 0);
      assert.equal(await media.exists(alert.probeMediaId), false);
      const stored = await retention.runs({ limit: 10, offset: 0 });
      assert.deepEqual(
        stored.runs.map((r) => [r.trigger, r.actor]),
        [
          ['schedule', null],
          ['schedule', null],
        ],
      );
      const audit = await listAudit(database.db, { action: 'retention.purge', limit: 10 });
      assert.equal(audit.total, 2);
      assert.equal(audit.entries[0]!.actor, null);
      assert.equal(await schedule.runNow(), null, 'a stopped schedule runs nothing');
    } finally {
      media.close();
      await database.close();
    }
  });

  it('reports a failed run and tries again at the next tick; refuses a silly interval', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const schedule = startPurgeSchedule({
      retention: {
        purge: async () => {
          calls++;
          throw new Error('database down');
        },
      },
      everyMs: 1000,
      immediately: true,
      onError: (err) => errors.push(err),
    });
    await assert.rejects(schedule.runNow(), /database down/);
    await schedule.stop();
    assert.equal(calls, 2);
    assert.equal(errors.length, 1);
    assert.throws(
      () => startPurgeSchedule({ retention: { purge: async () => ({}) as never }, everyMs: 10 }),
      RangeError,
    );
  });
});
