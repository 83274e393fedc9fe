/**
 * Every change to a deployment's alerts takes the next number of its sequence (issue 14): the
 * alert stream's event ids, from which a reconnecting client is sent what it missed. Concurrent
 * changes get distinct numbers with no gap; decisions and links renumber the alert; the replay
 * query returns each changed alert once, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { deploymentRow } from '../../test/support/reports.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { AlertService } from './alert.service.ts';
import { liveRepository, type WatchlistEntryRow } from './live.repository.ts';

const media = { put: async () => 'media', delete: async () => undefined } as unknown as MediaStore;
const entry = { id: 'e', subject_id: 's', subject_reference: 'W-1', category: 'wanted' } as WatchlistEntryRow;

for (const t of testDatabases()) {
  describe(`alert changes are numbered per deployment (${t.name})`, () => {
    let database: Database;
    let alerts: AlertService;
    const raise = (deploymentId: string) =>
      alerts.raise({
        deploymentId,
        cameraId: 'c',
        capturedAt: Date.now(),
        score: 0.95,
        threshold: 0.9,
        trackFrames: 2,
        entry,
        probeCrop: new Uint8Array([1]),
        reference: undefined,
      });
    before(async () => {
      database = await t.open();
      alerts = new AlertService({ db: database.db, media });
      for (const id of ['d1', 'd2'])
        await liveRepository.insertDeployment(database.db, deploymentRow(id, { status: 'live' }));
    });
    after(() => database.close());

    it('concurrent alerts get distinct numbers with no gap, per deployment', async () => {
      const raised = await Promise.all([...Array.from({ length: 12 }, () => raise('d1')), raise('d2')]);
      const d1 = raised.filter((a) => a.deployment_id === 'd1').map((a) => a.event_seq);
      assert.deepEqual(
        [...d1].sort((a, b) => a - b),
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      assert.ok(raised.every((a) => a.raised_seq === a.event_seq));
      assert.equal(raised.at(-1)!.event_seq, 1, 'another deployment has its own sequence');
      assert.equal(await alerts.cursor('d1'), 12);
      assert.equal(await alerts.cursor('nowhere'), 0);
    });

    it('R21: a decision, an engagement and a link each renumber the alert; the replay sends it once, as it is now', async () => {
      const a = await raise('d2');
      const b = await raise('d2');
      const before = await alerts.cursor('d2');
      await alerts.adjudicate(a.id, 'confirm', 'op');
      await alerts.engage(a.id, { engaged: true, outcome: 'arrest' }, 'eo');
      await alerts.link(b.id, 'INV-1', 'op');
      const changed = await alerts.changedSince('d2', before, 100);
      assert.deepEqual(
        changed.map((x) => [x.id, x.event_seq, x.raised_seq]),
        [
          [a.id, before + 2, a.raised_seq],
          [b.id, before + 3, b.raised_seq],
        ],
      );
      assert.equal(changed[0]!.outcome, 'arrest');
      assert.deepEqual(
        (await alerts.changedSince('d2', 0, 2)).map((x) => x.event_seq),
        [1, before + 2],
        'paged in sequence order: the first alert, then the latest change of the next',
      );
    });
  });
}
