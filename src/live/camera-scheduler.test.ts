// Camera leases across pipeline processes (issue 7), on SQLite and PostgreSQL: a camera runs in
// exactly one process; when that process stops heartbeating another claims it after the lease and
// the gap goes on the camera's record and in the audit log; a process that stalled past its lease
// stops the camera; a graceful stop hands cameras over at once; a closed deployment's cameras stop.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { memoryLog } from '../shared/log.ts';
import { CameraScheduler, type CameraRunner } from './camera-scheduler.ts';
import { deploymentRecord } from './deployment-record.ts';
import { emptyCounts } from './deployment-counts.ts';
import { liveRepository, type CameraRow, type DeploymentRow } from './live.repository.ts';
import { LiveStatusService } from './live-status.ts';
import { deploymentRow } from '../../test/support/reports.ts';

/** The live runner at its boundary: which cameras it was told to run. */
class FakeRunner implements CameraRunner {
  readonly running = new Set<string>();
  readonly stopped: string[] = [];
  async startCameras(_d: DeploymentRow, cameras: readonly CameraRow[]) {
    for (const c of cameras) this.running.add(c.id);
  }
  async stopCamera(_deploymentId: string, cameraId: string) {
    if (this.running.delete(cameraId)) this.stopped.push(cameraId);
  }
  runsCamera(_deploymentId: string, cameraId: string) {
    return this.running.has(cameraId);
  }
  status() {
    return { cameras: Object.fromEntries([...this.running].map((id) => [id, { state: 'connected', fpsIn: 5 }])) };
  }
}

/** A live deployment whose end is far off (the reports' test row, made live). */
const liveDeployment = (id: string): DeploymentRow =>
  deploymentRow(id, { status: 'live', planned_end: '2099-11-22T16:00:00Z', started_at: '2026-11-22T10:00:00Z' });

for (const target of testDatabases()) {
  describe(`camera leases on ${target.name}`, () => {
    let database: Database;
    let clock = 1_000_000;
    const now = () => clock;
    const scheduler = (holder: string, runner: CameraRunner, maxCameras?: number) =>
      new CameraScheduler({
        db: database.db,
        runner,
        holder,
        leaseMs: 1000,
        now,
        log: memoryLog(),
        ...(maxCameras ? { maxCameras } : {}),
      });

    before(async () => {
      database = await target.open();
      await liveRepository.insertDeployment(database.db, liveDeployment('d1'));
      for (const id of ['c1', 'c2']) {
        await liveRepository.insertCamera(database.db, {
          id,
          deployment_id: 'd1',
          name: `camera ${id}`,
          source_json: '{"kind":"file","path":"/dev/null"}',
          created_at: '2026-11-20T10:00:00Z',
          gaps_json: '[]',
        });
      }
    });
    after(() => database.close());

    it('one process runs each camera; a dead one is replaced after its lease with the gap recorded', async () => {
      const [ra, rb] = [new FakeRunner(), new FakeRunner()];
      const [a, b] = [scheduler('pipeline-a', ra), scheduler('pipeline-b', rb)];
      await a.tick();
      await b.tick();
      assert.deepEqual([...ra.running].sort(), ['c1', 'c2']);
      assert.deepEqual([...rb.running], [], 'leased cameras are not claimed twice');

      // a heartbeats once more, then dies (no more ticks). Before its lease runs out, b waits.
      clock += 300;
      await a.tick();
      const lastBeat = clock;
      clock += 900;
      await b.tick();
      assert.deepEqual([...rb.running], [], 'the lease is still in force');
      clock += 200;
      await b.tick();
      assert.deepEqual([...rb.running].sort(), ['c1', 'c2'], 'b took over once the lease expired');

      const cameras = await liveRepository.camerasOf(database.db, 'd1');
      for (const c of cameras) {
        assert.deepEqual(JSON.parse(c.gaps_json), [{ from: lastBeat, to: clock, reason: 'pipeline-failover' }]);
      }
      const record = deploymentRecord(liveDeployment('d1'), [], cameras, emptyCounts);
      assert.equal(record.coverageGaps, 2, 'the gap is in the deployment record');
      assert.deepEqual(
        (record.gaps ?? []).map((g) => [g.reason, g.seconds]),
        [
          ['pipeline-failover', 1.1],
          ['pipeline-failover', 1.1],
        ],
      );
      const audit = await database.db
        .selectFrom('audit_log')
        .select(['action', 'details_json'])
        .where('action', '=', 'camera.taken-over')
        .execute();
      assert.equal(audit.length, 2);
      assert.match(audit[0]!.details_json, /"previousHolder":"pipeline-a"/);
      assert.match(audit[0]!.details_json, /"holder":"pipeline-b"/);

      // a comes back from a stall: its renewal fails, so it stops the cameras b now runs.
      await a.tick();
      assert.deepEqual([...ra.running], [], 'a stalled process stops what it no longer holds');
      assert.deepEqual(a.heldCameras(), []);

      // The API process's view: b's statuses from its leases.
      await b.tick();
      const view = await new LiveStatusService({ db: database.db, runner: { status: () => undefined }, now }).status(
        'd1',
      );
      assert.equal(view?.cameras['c1']?.['pipeline'], 'pipeline-b');
      assert.equal(view?.cameras['c1']?.['state'], 'connected');

      // b shuts down gracefully: c claims at once, without waiting for the lease.
      await b.stop();
      assert.deepEqual([...rb.running], []);
      const rc = new FakeRunner();
      const c = scheduler('pipeline-c', rc, 1);
      await c.tick();
      assert.equal(rc.running.size, 1, 'maxCameras caps what one process claims');
      const d = scheduler('pipeline-d', new FakeRunner());
      await d.tick();
      assert.equal(d.heldCameras().length, 1, 'the other camera went to the next process');

      // The deployment closes: each holder stops its camera at its next heartbeat and drops the lease.
      await liveRepository.updateDeployment(database.db, 'd1', { status: 'closed' });
      clock += 100;
      await c.tick();
      await d.tick();
      assert.deepEqual([...rc.running], []);
      assert.deepEqual(await liveRepository.camerasOf(database.db, 'd1').then((cs) => cs.length), 2);
      const leases = await database.db.selectFrom('camera_leases').selectAll().execute();
      assert.deepEqual(leases, [], 'no lease outlives its deployment');
    });
  });
}
