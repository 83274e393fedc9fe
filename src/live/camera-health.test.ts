// Issue 14, on each database: a camera's failing period is written as a coverage gap the
// deployment record lists (R24) and as camera.failing / camera.recovered in the audit log; an alert
// raised twice with the same idempotency key (a retry after a store that seemed to fail) is stored
// once, with one audit entry (R21: one alert per person per track, not two).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { deploymentRow } from '../../test/support/reports.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { AlertService } from './alert.service.ts';
import { cameraHealthRecorder } from './camera-health.ts';
import { deploymentRecord } from './deployment-record.ts';
import { emptyCounts } from './deployment-counts.ts';
import { liveRepository, type WatchlistEntryRow } from './live.repository.ts';

for (const target of testDatabases()) {
  describe(`camera health and idempotent alerts on ${target.name}`, () => {
    let database: Database;
    before(async () => {
      database = await target.open();
      await liveRepository.insertDeployment(database.db, deploymentRow('d1', { status: 'live' }));
      await liveRepository.insertCamera(database.db, {
        id: 'cam-1',
        deployment_id: 'd1',
        name: 'north',
        source_json: '{}',
        created_at: '2026-03-05T10:00:00.000Z',
        gaps_json: '[]',
      });
    });
    after(() => database.close());

    test('a failing period is a matching-failed gap in the deployment record and two audit entries', async () => {
      const health = cameraHealthRecorder(database.db);
      const from = Date.parse('2026-03-05T10:10:00Z');
      await health.failing({ deploymentId: 'd1', cameraId: 'cam-1', from, reason: 'engine', consecutiveFailures: 5 });
      await health.recovered({ deploymentId: 'd1', cameraId: 'cam-1', from, to: from + 90_000 });
      const cameras = await database.db.selectFrom('cameras').selectAll().where('deployment_id', '=', 'd1').execute();
      const d = await liveRepository.findDeployment(database.db, 'd1');
      const record = deploymentRecord(d!, [], cameras, emptyCounts);
      assert.equal(record.coverageGaps, 1, 'one gap, opened then closed: not two');
      assert.equal(record.failingPeriods, 1);
      assert.equal(record.failingMinutes, 1.5);
      assert.equal(record.gaps?.[0]?.reason, 'matching-failed');
      const actions = await database.db
        .selectFrom('audit_log')
        .select(['action', 'details_json'])
        .where('action', 'like', 'camera.%')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ['camera.failing', 'camera.recovered'],
      );
      assert.match(actions[0]!.details_json, /"reason":"engine"/);
      assert.match(actions[1]!.details_json, /"failingMs":90000/);
    });

    test('an alert raised again with the same id is stored once', async () => {
      let puts = 0;
      const media = {
        put: async () => `m${++puts}`,
        delete: async () => undefined,
      } as unknown as MediaStore;
      const alerts = new AlertService({ db: database.db, media });
      const entry = { id: 'e1', subject_id: 's1', subject_reference: 'W-1', category: 'wanted' } as WatchlistEntryRow;
      const raised = {
        id: '7d3f0b7e-5d5c-4f0e-9d54-0c4b7f2d2a11',
        deploymentId: 'd1',
        cameraId: 'cam-1',
        capturedAt: Date.parse('2026-03-05T10:20:00Z'),
        score: 0.95,
        threshold: 0.9,
        trackFrames: 3,
        entry,
        probeCrop: new Uint8Array([1]),
        reference: undefined,
      };
      const first = await alerts.raise(raised);
      const again = await alerts.raise(raised);
      assert.equal(again.id, first.id);
      const rows = await database.db.selectFrom('alerts').select('id').where('deployment_id', '=', 'd1').execute();
      assert.equal(rows.length, 1, 'the retry stored nothing twice');
      assert.equal(puts, 1, 'the retry wrote no second copy of the face image');
      const audited = await database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'alert.raised')
        .execute();
      assert.equal(audited.length, 1);
    });
  });
}
