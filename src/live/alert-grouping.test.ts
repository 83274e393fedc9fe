/**
 * R16 (issue 13): one alert per person per camera per window. The defect: the same person on the
 * same camera raised a new, identical alert every ~10 s (each new track of a looped clip). Now a
 * sighting within `live.alertGroupSeconds` of the alert's last sighting updates it ("seen again":
 * seenCount, lastSeenAt, the best-scoring crop kept with its time), renumbered so the stream
 * replays it; after the window, or on another camera, a new alert is raised.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { testDatabases } from '../../test/support/db.ts';
import { deploymentRow } from '../../test/support/reports.ts';
import { presentAlert } from '../http/live/deployments.present.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { AlertService, type RaisedAlert } from './alert.service.ts';
import { liveRepository, type WatchlistEntryRow } from './live.repository.ts';

const entry = { id: 'e', subject_id: 's', subject_reference: 'W-1', category: 'wanted' } as WatchlistEntryRow;
const t0 = Date.parse('2026-05-01T10:00:00Z');
const windowMs = 120_000;

for (const t of testDatabases()) {
  describe(`R16: sightings of one person on one camera group into one alert (${t.name})`, () => {
    let database: Database;
    let alerts: AlertService;
    let media = 0;
    const held = new Set<string>();
    const store = {
      put: async () => {
        const id = `m${++media}`;
        held.add(id);
        return id;
      },
      delete: async (id: string) => void held.delete(id),
    } as unknown as MediaStore;
    let n = 0;
    const sighting = (deploymentId: string, at: number, score: number, o: Partial<RaisedAlert> = {}): RaisedAlert => ({
      id: `sighting-${++n}`,
      deploymentId,
      cameraId: 'cam-1',
      capturedAt: at,
      score,
      threshold: 0.9,
      trackFrames: 3,
      entry,
      probeCrop: new Uint8Array([1]),
      reference: new Uint8Array([2]),
      ...o,
    });

    before(async () => {
      database = await t.open();
      alerts = new AlertService({ db: database.db, media: store, groupWindowMs: windowMs });
      for (const id of ['d1', 'd2', 'd3', 'd4'])
        await liveRepository.insertDeployment(database.db, deploymentRow(id, { status: 'live' }));
    });
    after(() => database.close());

    it('repeated sightings within the window are one alert with seenCount n and the best crop', async () => {
      const scores = [0.93, 0.97, 0.95, 0.94, 0.96];
      const stored = [];
      for (const [i, score] of scores.entries()) {
        stored.push(await alerts.raise(sighting('d1', t0 + i * 10_000, score)));
      }
      assert.equal(new Set(stored.map((a) => a.id)).size, 1, 'one alert, not one per track');
      const all = await liveRepository.allAlertsOf(database.db, 'd1');
      assert.equal(all.length, 1);
      const out = presentAlert(all[0]!);
      assert.equal(out.seenCount, 5);
      assert.equal(out.lastSeenAt, new Date(t0 + 40_000).toISOString());
      assert.equal(out.score, 0.97, 'the best score is kept');
      assert.equal(out.bestCapturedAt, new Date(t0 + 10_000).toISOString(), 'with the time of its crop');
      assert.equal(out.capturedAt, new Date(t0).toISOString(), 'first seen stays');
      // Each "seen again" renumbers the alert: a reconnecting stream is sent it again.
      assert.deepEqual(
        stored.map((a) => a.event_seq),
        [1, 2, 3, 4, 5],
      );
      assert.equal((await alerts.changedSince('d1', 4, 10))[0]?.seen_count, 5);
      // Only the kept crop and one reference image are held: the others were deleted (R18).
      assert.deepEqual(
        [...held].filter((m) => m === all[0]!.probe_media_id || m === all[0]!.reference_media_id).length,
        2,
      );
      const audit = await database.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', all[0]!.id)
        .execute();
      assert.deepEqual(
        audit.map((r) => r.action).sort(),
        ['alert.raised', ...Array(4).fill('alert.seen-again')].sort(),
      );
    });

    it('a sighting after the window raises a new alert; another camera raises its own', async () => {
      const first = await alerts.raise(sighting('d2', t0, 0.95));
      const later = await alerts.raise(sighting('d2', t0 + 60_000, 0.95));
      assert.equal(later.id, first.id);
      // The window runs from the last sighting: more than 120 s after t0 + 60 s.
      const next = await alerts.raise(sighting('d2', t0 + 60_000 + windowMs + 1, 0.95));
      assert.notEqual(next.id, first.id);
      const other = await alerts.raise(sighting('d2', t0 + 60_000 + windowMs + 2, 0.95, { cameraId: 'cam-2' }));
      assert.notEqual(other.id, next.id);
      const rows = await liveRepository.allAlertsOf(database.db, 'd2');
      assert.deepEqual(
        rows.map((a) => a.seen_count),
        [2, 1, 1],
      );
    });

    it('a retried sighting counts once (idempotent id)', async () => {
      const first = await alerts.raise(sighting('d3', t0, 0.95));
      const again = sighting('d3', t0 + 5000, 0.96);
      await alerts.raise(again);
      await alerts.raise(again);
      assert.equal((await alerts.get(first.id)).seen_count, 2);
    });

    it('once decided, the evidence stays: later sightings count but do not replace the crop', async () => {
      const first = await alerts.raise(sighting('d4', t0, 0.93));
      await alerts.adjudicate(first.id, 'confirm', 'operator');
      const after = await alerts.raise(sighting('d4', t0 + 5000, 0.99));
      assert.equal(after.seen_count, 2);
      assert.equal(after.score, 0.93);
      assert.equal(after.probe_media_id, first.probe_media_id);
      assert.equal(after.operator_decision, 'confirm');
    });
  });
}
