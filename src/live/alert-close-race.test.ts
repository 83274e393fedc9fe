// R20 across processes (issue 7), on PostgreSQL: a pipeline process storing an alert while an
// authorising officer refuses the deployment. The refusal waits for the alert being stored and
// deletes it with the rest; an alert that comes after the refusal is refused itself. Without the
// row lock and the order (deployment row first, then the alerts) the alert would outlive the refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { postgresTestUrl, testDatabases } from '../../test/support/db.ts';
import { alertRow, deploymentRow } from '../../test/support/reports.ts';
import { liveRepository } from './live.repository.ts';
import { bareDeploymentService } from '../../test/support/live.ts';

const target = testDatabases().find((t) => t.name === 'postgres');

test(
  'a refusal racing an alert being stored deletes it too (PostgreSQL)',
  { skip: target ? false : 'needs VIGIL_TEST_POSTGRES_URL' },
  async () => {
    const database = await target!.open();
    // A second pool on the same schema: the pipeline process.
    const pipeline = await openDatabase({ url: postgresTestUrl, pgSchema: database.pgSchema!, poolSize: 2 });
    try {
      await liveRepository.insertDeployment(database.db, deploymentRow('d1', { status: 'live' }));
      await liveRepository.insertCamera(database.db, {
        id: 'camera',
        deployment_id: 'd1',
        name: 'north',
        source_json: '{}',
        created_at: '2026-03-05T10:00:00.000Z',
        gaps_json: '[]',
      });
      const deployments = bareDeploymentService(database.db);
      let refusing: Promise<unknown> | undefined;
      await pipeline.db.transaction().execute(async (trx) => {
        // The pipeline checks the deployment is live (share lock), then the refusal starts...
        assert.equal(await liveRepository.statusForWrite(trx, 'd1'), 'live');
        refusing = deployments.refuse('d1', 'authorisation withdrawn by the chief officer', 'authoriser');
        await new Promise((r) => setTimeout(r, 300));
        // ...and the alert is stored while the refusal waits for it.
        await liveRepository.insertAlert(trx, alertRow('d1', null, [null, null], 'wanted', 'late-alert'));
      });
      await refusing;
      const left = await database.db.selectFrom('alerts').select('id').execute();
      assert.deepEqual(left, [], 'the alert stored during the refusal is deleted with the rest');
      const audit = await database.db
        .selectFrom('audit_log')
        .select('details_json')
        .where('action', '=', 'deployment.refused')
        .executeTakeFirstOrThrow();
      assert.match(audit.details_json, /"alertsDeleted":1/);
      // After the refusal, a pipeline that has not yet noticed finds the deployment closed.
      await pipeline.db.transaction().execute(async (trx) => {
        assert.equal(await liveRepository.statusForWrite(trx, 'd1'), 'closed');
      });
    } finally {
      await pipeline.close();
      await database.close();
    }
  },
);
