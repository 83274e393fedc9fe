// Retention and purge on both databases (R19, issue 5): "A purge run deletes exactly what is past
// its window and not on hold, and records what it did."
import { clockOf } from '../../shared/clock.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { VigilSchema } from '../../db/schema.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { listAudit } from '../audit/audit-query.ts';
import { verifyAuditChain } from '../audit/audit-verify.ts';
import { ANONYMISED, PURGED } from './purge-planner.ts';
import { retentionConfigSchema } from './retention-policy.ts';
import { RetentionService } from './retention.service.ts';
import {
  DAYS,
  HOURS,
  ago,
  openTestMedia,
  seedAlert,
  seedCase,
  seedDeployment,
  testNow,
  type SeededAlert,
  type SeededCase,
  type TestMedia,
} from '../../../test/support/retention.ts';

interface World {
  readonly db: Kysely<VigilSchema>;
  readonly media: TestMedia;
  readonly retention: RetentionService;
  readonly a: Record<'old' | 'recent' | 'linked' | 'inHeldDeployment' | 'closed' | 'subjectHeld', SeededAlert>;
  readonly c: Record<'idle' | 'held' | 'recent' | 'closedOld', SeededCase>;
  readonly holds: { deployment: string; case: string; subject: string };
  /** Every media file seeded. */
  readonly allMedia: string[];
}

async function seedWorld(database: Database, media: TestMedia): Promise<World> {
  const { db } = database;
  const retention = new RetentionService({
    db,
    media: media.store,
    settings: retentionConfigSchema.parse({}),
    clock: clockOf(() => testNow),
  });
  const live = await seedDeployment(db);
  const heldDeployment = await seedDeployment(db, { closedAt: ago(40 * DAYS) });
  const closed = await seedDeployment(db, { closedAt: ago(40 * DAYS) });
  const a = {
    old: await seedAlert(db, media, live, { createdAt: ago(30 * HOURS) }),
    recent: await seedAlert(db, media, live, { createdAt: ago(2 * HOURS) }),
    linked: await seedAlert(db, media, live, { createdAt: ago(30 * HOURS), investigationRef: 'OP-KESTREL' }),
    inHeldDeployment: await seedAlert(db, media, heldDeployment, { createdAt: ago(41 * DAYS) }),
    closed: await seedAlert(db, media, closed, { createdAt: ago(41 * DAYS) }),
    subjectHeld: await seedAlert(db, media, closed, { createdAt: ago(41 * DAYS), subjectId: 'subject-complainant' }),
  };
  const c = {
    // Open, untouched for 800 days: its probes and track media go, its records stay.
    idle: await seedCase(db, media, { lastActivityAt: ago(800 * DAYS) }),
    // Just as old, and closed long ago, but on hold: nothing goes.
    held: await seedCase(db, media, { lastActivityAt: ago(2200 * DAYS), status: 'closed' }),
    // Active yesterday, video uploaded 40 days ago: only the video goes (footage, 31 days).
    recent: await seedCase(db, media, { lastActivityAt: ago(1 * DAYS), videoAt: ago(40 * DAYS) }),
    // Closed, last activity six years and more ago: the whole case goes.
    closedOld: await seedCase(db, media, { lastActivityAt: ago(2200 * DAYS), status: 'closed' }),
  };
  const holds = {
    deployment: (
      await retention.placeHold(
        { targetType: 'deployment', targetId: heldDeployment, reason: 'complaint', reference: 'IOPC/2030/17' },
        'records.manager',
      )
    ).id,
    case: (
      await retention.placeHold(
        { targetType: 'case', targetId: c.held.id, reason: 'litigation', reference: 'CLAIM-88' },
        'records.manager',
      )
    ).id,
    subject: (
      await retention.placeHold(
        { targetType: 'subject', targetId: 'subject-complainant', reason: 'complaint', reference: 'PSD-4' },
        'records.manager',
      )
    ).id,
  };
  const allMedia = [
    ...Object.values(a).flatMap((x) => [x.probeMediaId, x.referenceMediaId]),
    ...Object.values(c).flatMap((x) => Object.values(x.media)),
  ];
  return { db, media, retention, a, c, holds, allMedia };
}

/** The media a first purge must delete, and nothing else. */
function expectedDeleted(w: World): string[] {
  return [
    w.a.old.probeMediaId,
    w.a.old.referenceMediaId,
    w.a.closed.probeMediaId,
    w.a.closed.referenceMediaId,
    ...Object.values(w.c.idle.media),
    w.c.recent.media.video,
    ...Object.values(w.c.closedOld.media),
  ].sort();
}

async function existing(w: World): Promise<Set<string>> {
  const out = new Set<string>();
  for (const id of w.allMedia) if (await w.media.exists(id)) out.add(id);
  return out;
}

async function withWorld(open: () => Promise<Database>, fn: (w: World) => Promise<void>): Promise<void> {
  const database = await open();
  const media = openTestMedia();
  try {
    await fn(await seedWorld(database, media));
  } finally {
    media.close();
    await database.close();
  }
}

const alertRow = (w: World, id: string) =>
  w.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

for (const target of testDatabases()) {
  describe(`retention purge on ${target.name} (R19)`, () => {
    it('a purge run deletes exactly what is past its window and not on hold, and records what it did', () =>
      withWorld(target.open, async (w) => {
        const run = await w.retention.purge({ actor: 'records.manager' });

        // Exactly these media files are gone; every other one is still there.
        const left = await existing(w);
        const gone = w.allMedia.filter((id) => !left.has(id)).sort();
        assert.deepEqual(gone, expectedDeleted(w));

        // Alerts: images of the old one cleared; the closed deployment's alert anonymised (decisions kept).
        const old = await alertRow(w, w.a.old.id);
        assert.deepEqual([old.probe_media_id, old.reference_media_id], [null, null]);
        assert.notEqual(old.subject_id, ANONYMISED, 'its deployment is still live');
        for (const kept of [w.a.recent, w.a.linked, w.a.inHeldDeployment, w.a.subjectHeld]) {
          const row = await alertRow(w, kept.id);
          assert.equal(row.probe_media_id, kept.probeMediaId);
          assert.notEqual(row.subject_id, ANONYMISED);
        }
        const anonymised = await alertRow(w, w.a.closed.id);
        assert.deepEqual(
          [anonymised.subject_id, anonymised.subject_reference, anonymised.entry_id, anonymised.engagement_note],
          [ANONYMISED, ANONYMISED, ANONYMISED, null],
        );
        assert.deepEqual(
          [anonymised.operator_decision, anonymised.outcome, anonymised.score, anonymised.category],
          ['confirm', 'arrest', 0.95, 'wanted by the courts'],
        );

        // Cases: idle's probes purged but its records and search stay; recent lost only its video; closedOld is gone.
        const probes = await w.db.selectFrom('probes').select(['id', 'media_id']).execute();
        const probeMedia = new Map(probes.map((p) => [p.id, p.media_id]));
        assert.equal(probeMedia.get(w.c.idle.imageProbeId), PURGED);
        assert.equal(probeMedia.get(w.c.idle.videoProbeId), PURGED);
        assert.equal(probeMedia.get(w.c.recent.videoProbeId), PURGED);
        assert.equal(probeMedia.get(w.c.recent.imageProbeId), w.c.recent.media.image);
        assert.equal(probeMedia.get(w.c.held.videoProbeId), w.c.held.media.video);
        assert.equal(probeMedia.has(w.c.closedOld.imageProbeId), false);
        const idleTrack = await w.db
          .selectFrom('probe_tracks')
          .selectAll()
          .where('id', '=', w.c.idle.trackId)
          .executeTakeFirstOrThrow();
        assert.deepEqual([idleTrack.frame_media_id, idleTrack.crop_media_id], [PURGED, PURGED]);
        const cases = await w.db.selectFrom('cases').select('id').execute();
        assert.deepEqual(cases.map((x) => x.id).sort(), [w.c.idle.id, w.c.held.id, w.c.recent.id].sort());
        const searches = await w.db.selectFrom('searches').select('id').execute();
        assert.equal(searches.length, 3, 'the deleted case took its search with it; the others keep theirs');

        // The run's record and its one audit entry, with counts per class and the windows.
        const counts = {
          alertImages: { records: 2, media: 4 },
          alertRecords: { records: 1, media: 0 },
          footage: { records: 1, media: 1 },
          probes: { records: 2, media: 4 },
          caseFiles: { records: 1, media: 4 },
        };
        assert.deepEqual(run.counts, counts);
        assert.deepEqual(run.held, { alertImages: 2, alertRecords: 2, footage: 1, probes: 2, caseFiles: 1 });
        assert.equal(run.linkedAlertsKept, 1);
        assert.equal(run.status, 'completed');
        assert.equal(run.mediaQueued, 13);
        assert.equal(run.mediaDeleted, 13);
        const stored = await w.retention.run(run.id);
        assert.deepEqual(stored.counts, counts);
        assert.equal(stored.status, 'completed');
        assert.equal(stored.actor, 'records.manager');
        assert.equal(stored.finishedAt, testNow.toISOString());
        assert.equal(stored.windows['alertImagesHours'], 24);
        const audit = await listAudit(w.db, { action: 'retention.purge', limit: 10 });
        assert.equal(audit.total, 1);
        const entry = audit.entries[0]!;
        assert.equal(entry.seq, stored.auditSeq);
        assert.deepEqual(entry.target, { type: 'purge-run', id: run.id });
        assert.deepEqual(entry.details['counts'], counts);
        assert.equal((entry.details['windows'] as Record<string, number>)['footageDays'], 31);
        assert.equal((await verifyAuditChain(w.db)).ok, true);

        // A second run deletes nothing more.
        const again = await w.retention.purge({ actor: null, trigger: 'schedule' });
        for (const c of Object.values(again.counts)) assert.deepEqual(c, { records: 0, media: 0 });
        assert.equal(again.mediaDeleted, 0);
        assert.deepEqual([...(await existing(w))].sort(), [...left].sort());
        assert.equal((await w.retention.runs({ limit: 10, offset: 0 })).total, 2);
      }));

    it('a dry run reports what would go and deletes nothing', () =>
      withWorld(target.open, async (w) => {
        const before = await w.db.selectFrom('alerts').selectAll().orderBy('id').execute();
        const preview = await w.retention.preview();
        assert.equal(preview.dryRun, true);
        assert.deepEqual(preview.counts.caseFiles, { records: 1, media: 4 });
        assert.deepEqual(preview.items.alertImages.sort(), [w.a.old.id, w.a.closed.id].sort());
        assert.deepEqual(preview.items.alertRecords, [w.a.closed.id]);
        assert.deepEqual(preview.items.footage, [w.c.recent.videoProbeId]);
        assert.deepEqual(preview.items.probes.sort(), [w.c.idle.imageProbeId, w.c.idle.videoProbeId].sort());
        assert.deepEqual(preview.items.caseFiles, [w.c.closedOld.id]);
        assert.equal((await existing(w)).size, w.allMedia.length);
        assert.deepEqual(await w.db.selectFrom('alerts').selectAll().orderBy('id').execute(), before);
        assert.equal((await w.db.selectFrom('cases').select('id').execute()).length, 4);
        assert.equal((await w.retention.runs({ limit: 10, offset: 0 })).total, 0);
        assert.equal((await listAudit(w.db, { action: 'retention.purge', limit: 1 })).total, 0);
        // The real run then does exactly what the dry run said.
        const run = await w.retention.purge({ actor: 'records.manager' });
        assert.deepEqual(run.counts, preview.counts);
      }));

    it('releasing a hold lets the next run purge what it kept', () =>
      withWorld(target.open, async (w) => {
        await w.retention.purge({ actor: null });
        const released = await w.retention.releaseHold(w.holds.deployment, 'records.manager', 'complaint closed');
        assert.equal(released.active, false);
        assert.equal(released.releasedBy, 'records.manager');
        await w.retention.releaseHold(w.holds.case, 'records.manager');
        const run = await w.retention.purge({ actor: null });
        assert.deepEqual(run.counts.alertImages, { records: 1, media: 2 });
        assert.deepEqual(run.counts.alertRecords, { records: 1, media: 0 });
        assert.deepEqual(run.counts.caseFiles, { records: 1, media: 4 });
        assert.equal(await w.media.exists(w.a.inHeldDeployment.probeMediaId), false);
        assert.equal((await alertRow(w, w.a.inHeldDeployment.id)).subject_id, ANONYMISED);
        assert.equal(await w.media.exists(w.c.held.media.frame), false);
        // The subject hold still stands.
        assert.equal(await w.media.exists(w.a.subjectHeld.probeMediaId), true);
        assert.deepEqual(run.held, { alertImages: 1, alertRecords: 1, footage: 0, probes: 0, caseFiles: 0 });
      }));

    it('holds: placing and releasing are audited; unknown targets and double releases are refused', () =>
      withWorld(target.open, async (w) => {
        const placed = await listAudit(w.db, { action: 'retention.hold.placed', limit: 10 });
        assert.equal(placed.total, 3);
        const complaint = placed.entries.find((e) => e.target?.id === w.holds.subject)!;
        assert.equal(complaint.actor, 'records.manager');
        assert.deepEqual(complaint.details, {
          targetType: 'subject',
          targetId: 'subject-complainant',
          reason: 'complaint',
          reference: 'PSD-4',
        });
        await assert.rejects(
          w.retention.placeHold(
            { targetType: 'case', targetId: 'no-such-case', reason: 'investigation', reference: 'X' },
            'records.manager',
          ),
          { code: 'no-such-target' },
        );
        await assert.rejects(
          w.retention.placeHold(
            { targetType: 'alert', targetId: w.a.old.id, reason: ' ', reference: 'X' },
            'records.manager',
          ),
          { code: 'invalid-reason' },
        );
        await w.retention.releaseHold(w.holds.subject, 'records.manager', 'resolved');
        await assert.rejects(w.retention.releaseHold(w.holds.subject, 'someone.else'), { code: 'already-released' });
        const releases = await listAudit(w.db, { action: 'retention.hold.released', limit: 10 });
        assert.equal(releases.total, 1);
        assert.equal(releases.entries[0]!.details['note'], 'resolved');
        assert.deepEqual(
          (await w.retention.holds({ active: true })).map((h) => h.id).sort(),
          [w.holds.deployment, w.holds.case].sort(),
        );
        assert.equal((await w.retention.holds({ targetType: 'subject' })).length, 1);
      }));

    it('a run that fails before its commit changes nothing, is recorded, and the next run does the work', () =>
      withWorld(target.open, async (w) => {
        const crashing = new RetentionService({
          db: w.db,
          media: w.media.store,
          settings: w.retention.settings,
          clock: clockOf(() => testNow),
          onStage: (stage) => {
            if (stage === 'applied') throw new Error('power cut');
          },
        });
        await assert.rejects(crashing.purge({ actor: null }), /power cut/);
        assert.equal((await existing(w)).size, w.allMedia.length);
        assert.equal((await alertRow(w, w.a.old.id)).probe_media_id, w.a.old.probeMediaId);
        const { runs } = await w.retention.runs({ limit: 10, offset: 0 });
        assert.equal(runs.length, 1);
        assert.equal(runs[0]!.status, 'failed');
        assert.deepEqual(runs[0]!.errors, ['power cut']);
        const failed = await listAudit(w.db, { action: 'retention.purge', limit: 10 });
        assert.equal(failed.entries[0]!.outcome, 'failed');

        const run = await w.retention.purge({ actor: null });
        const left = await existing(w);
        assert.deepEqual(w.allMedia.filter((id) => !left.has(id)).sort(), expectedDeleted(w));
        assert.equal(run.mediaDeleted, 13);
      }));

    it('a run interrupted after its commit leaves its files queued, and the next run deletes them', () =>
      withWorld(target.open, async (w) => {
        const interrupted = new RetentionService({
          db: w.db,
          media: w.media.store,
          settings: w.retention.settings,
          clock: clockOf(() => testNow),
          onStage: (stage) => {
            if (stage === 'committed') throw new Error('killed');
          },
        });
        await assert.rejects(interrupted.purge({ actor: null }), /killed/);
        // The database no longer refers to the files, but they are still on disk and still queued.
        assert.equal((await alertRow(w, w.a.old.id)).probe_media_id, null);
        assert.equal(await w.media.exists(w.a.old.probeMediaId), true);
        const [first] = (await w.retention.runs({ limit: 1, offset: 0 })).runs;
        assert.equal(first!.status, 'applied');
        assert.equal(first!.finishedAt, null);
        // One file is already gone (a missing file is fine).
        await w.media.store.delete(w.c.closedOld.media.crop);

        const run = await w.retention.purge({ actor: null });
        for (const c of Object.values(run.counts)) assert.deepEqual(c, { records: 0, media: 0 });
        assert.equal(run.leftoverMediaDeleted, 13);
        assert.equal(run.status, 'completed');
        const left = await existing(w);
        assert.deepEqual(w.allMedia.filter((id) => !left.has(id)).sort(), expectedDeleted(w));
        assert.equal((await w.retention.preview()).pendingMedia, 0);
      }));

    it('a file that cannot be deleted is reported and retried by the next run', () =>
      withWorld(target.open, async (w) => {
        let failing = true;
        const flaky = new RetentionService({
          db: w.db,
          media: {
            delete: async (id) => {
              if (failing && id === w.a.old.probeMediaId) throw new Error('EACCES');
              await w.media.store.delete(id);
            },
          },
          settings: w.retention.settings,
          clock: clockOf(() => testNow),
        });
        const first = await flaky.purge({ actor: null });
        assert.equal(first.status, 'completed-with-errors');
        assert.equal(first.mediaDeleted, 12);
        assert.deepEqual(first.errors, [`media ${w.a.old.probeMediaId}: EACCES`]);
        assert.equal(await w.media.exists(w.a.old.probeMediaId), true);
        failing = false;
        const second = await flaky.purge({ actor: null });
        assert.equal(second.mediaDeleted, 1);
        assert.equal(second.leftoverMediaDeleted, 1);
        assert.equal(await w.media.exists(w.a.old.probeMediaId), false);
      }));
  });
}
