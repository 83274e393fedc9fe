// Unit tier (issue 16): the deployment use cases over in-memory rows, a recording audit and a
// manual clock. The rules cited are those the lifecycle enforces (R1-R6, R9-R11, R20, R30).
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { fakeQueryable, fakeUnitOfWork, recordingAudit } from '../../test/support/fakes.ts';
import { FakeLiveRows, memoryMedia } from '../../test/support/fakes-live.ts';
import { manualClock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { DeploymentCameras } from './deployment-cameras.service.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { DeploymentDrafts, type DraftInput } from './deployment-drafts.service.ts';
import { DeploymentLifecycleService } from './deployment-lifecycle.service.ts';
import type { WatchlistEntryRow } from './live.repository.ts';

const T0 = '2026-05-01T08:00:00.000Z';
const draft = (over: Partial<DraftInput> = {}): DraftInput => ({
  name: 'Market square',
  deployment_type: 'overt LFR',
  policing_objective: 'locate wanted persons',
  intelligence_case: 'recent sightings',
  location_name: 'Market square',
  location_boundary: 'the square',
  location_reason: 'seen there',
  planned_start: '2026-05-01T09:00:00.000Z',
  planned_end: '2026-05-01T17:00:00.000Z',
  camera_count: 1,
  planned_footfall: 10_000,
  threshold: 0.6,
  dpia_version: 'v1',
  eia_version: 'v1',
  policy_version: 'v1',
  categories: ['wanted'],
  notice: { publishedAt: '2026-04-30', signage: 'signs at entrances' },
  ...over,
});

const entry = (deploymentId: string, subject: string, addedBy: string): WatchlistEntryRow => ({
  id: `e-${subject}`,
  deployment_id: deploymentId,
  subject_id: subject,
  subject_reference: `REF-${subject}`,
  category: 'wanted',
  reason: 'warrant',
  added_by: addedBy,
  added_at: T0,
  image_media_id: `img-${subject}`,
  template_sealed: new Uint8Array([1, 2, 3]),
  model_id: 'm',
  source: 'custody',
  legal_basis: 'PACE',
  image_date: '2026-01-01',
  quality_json: '{}',
  under18_override: null,
});

const refusedWith = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

describe('deployment lifecycle (unit)', () => {
  let rows: FakeLiveRows;
  let audit: ReturnType<typeof recordingAudit>;
  let clock: ReturnType<typeof manualClock>;
  let media: ReturnType<typeof memoryMedia>;
  let drafts: DeploymentDrafts;
  let cameras: DeploymentCameras;
  let life: DeploymentLifecycleService;
  const events: string[] = [];

  beforeEach(() => {
    rows = new FakeLiveRows();
    audit = recordingAudit();
    clock = manualClock(T0);
    media = memoryMedia();
    const ctx: DeploymentContext = {
      db: fakeQueryable,
      rows,
      alertRows: rows,
      uow: fakeUnitOfWork,
      audit,
      clock,
      media,
      settings: {
        calibrations: () => ({ models: { m: { thresholds: { '1e-2': 0.4, '1e-3': 0.5, '1e-4': 0.6 } } } }) as never,
        modelId: 'm',
        thresholdFloor: () => 0.5,
        categories: ['wanted', 'missing'],
        maxDurationHours: 12,
      },
    };
    drafts = new DeploymentDrafts(ctx);
    cameras = new DeploymentCameras(ctx);
    life = new DeploymentLifecycleService(ctx);
    events.length = 0;
    life.setLifecycle({
      onLive: (d) => void events.push(`live ${d.id}`),
      onClosed: (id) => void events.push(`closed ${id}`),
    });
  });

  /** A complete draft with one entry added by `compiler` and one camera. */
  async function ready(compiler = 'compiler', over: Partial<DraftInput> = {}) {
    const d = await drafts.create(draft(over), 'planner');
    await rows.insertEntry(fakeQueryable, entry(d.id, 's1', compiler));
    await cameras.addCamera(d.id, 'north', { kind: 'file', path: '/clips/a.mp4' }, 'planner');
    return d;
  }

  it('stores its times from the injected clock and audits the draft', async () => {
    const d = await drafts.create(draft(), 'planner');
    assert.equal(d.created_at, T0);
    assert.equal(d.status, 'draft');
    assert.deepEqual(
      audit.entries.map((e) => e.action),
      ['deployment.created'],
    );
  });

  it('R30: nobody who compiled the watchlist, nor its planner, authorises it; someone else may', async () => {
    const d = await ready('compiler');
    await assert.rejects(life.authorise(d.id, 'ok', 'compiler'), refusedWith('cannot-authorise'));
    await assert.rejects(life.authorise(d.id, 'ok', 'planner'), refusedWith('cannot-authorise'));
    clock.advance(60_000);
    const ok = await life.authorise(d.id, 'proportionate', 'superintendent');
    assert.equal(ok.status, 'authorised');
    assert.equal(ok.authorised_by, 'superintendent');
    assert.equal(ok.authorised_at, clock.nowIso());
  });

  it("R30: removing one's entries before authorising does not make one independent of the list", async () => {
    const d = await ready('other');
    rows.compilers.set(d.id, ['other', 'remover']);
    const problems = await life.authorisationProblems(d.id, 'remover');
    assert.ok(
      problems.some((p) => p.startsWith('R30')),
      problems.join('; '),
    );
  });

  it('R2: a deployment longer than the maximum, or ending in the past, is not authorised', async () => {
    const long = await ready('compiler', { planned_end: '2026-05-02T09:00:00.000Z' });
    assert.ok(
      (await life.authorisationProblems(long.id, 'superintendent')).some((p) => p.includes('at most 12 hours')),
    );
    clock.set('2026-05-01T18:00:00.000Z');
    const past = await ready('compiler');
    assert.ok(
      (await life.authorisationProblems(past.id, 'superintendent')).includes('R2: the planned end has already passed'),
    );
  });

  it('R1: goes live only once authorised, and only inside the window (R2)', async () => {
    const d = await ready();
    await assert.rejects(life.start(d.id, 'operator'), refusedWith('cannot-start'));
    await life.authorise(d.id, 'ok', 'superintendent');
    // 08:00: the window opens at 09:00.
    await assert.rejects(
      life.start(d.id, 'operator'),
      (err: unknown) =>
        refusedWith('cannot-start')(err) && String((err as Error).message).includes('R2: the authorised window opens'),
    );
    clock.set('2026-05-01T09:30:00.000Z');
    const live = await life.start(d.id, 'operator');
    assert.equal(live.status, 'live');
    assert.equal(live.started_at, '2026-05-01T09:30:00.000Z');
    assert.deepEqual(events, [`live ${d.id}`]);
  });

  it('R3, R9: a change the authorisation covers sends it back to draft; a label change does not', async () => {
    const d = await ready();
    await life.authorise(d.id, 'ok', 'superintendent');
    assert.equal((await drafts.update(d.id, { name: 'Renamed' }, 'planner')).status, 'authorised');
    const moved = await drafts.update(d.id, { location_name: 'Station forecourt' }, 'planner');
    assert.equal(moved.status, 'draft');
    assert.equal(moved.authorised_by, null);
    assert.ok(audit.entries.some((e) => e.action === 'deployment.authorisation-voided'));
  });

  it('R9: a watchlist changed after authorisation stops it going live', async () => {
    const d = await ready();
    await life.authorise(d.id, 'ok', 'superintendent');
    await rows.insertEntry(fakeQueryable, entry(d.id, 's2', 'compiler'));
    clock.set('2026-05-01T10:00:00.000Z');
    await assert.rejects(life.start(d.id, 'operator'), (err: unknown) =>
      String((err as Error).message).includes('R9: the watchlist changed since authorisation'),
    );
  });

  it('R10, R11: closing destroys the watchlist biometrics and their media, keeps the manifest, once', async () => {
    const d = await ready();
    await life.authorise(d.id, 'ok', 'superintendent');
    clock.set('2026-05-01T10:00:00.000Z');
    await life.start(d.id, 'operator');
    clock.set('2026-05-01T11:00:00.000Z');
    const closed = await life.close(d.id, 'operator', 'stopped', 'crowd dispersed');
    assert.equal(closed.status, 'closed');
    assert.equal(closed.stopped_at, '2026-05-01T11:00:00.000Z');
    assert.deepEqual(
      (JSON.parse(closed.manifest_json!) as { subjectId: string }[]).map((m) => m.subjectId),
      ['s1'],
    );
    assert.equal(rows.entries[0]!.template_sealed, null);
    assert.deepEqual(media.deleted, ['img-s1']);
    const entryOf = audit.entries.find((e) => e.action === 'deployment.closed')!;
    assert.deepEqual(entryOf.details, { reason: 'stopped', note: 'crowd dispersed', watchlistDestroyed: 1 });
    assert.deepEqual(events.at(-1), `closed ${d.id}`);
    await assert.rejects(life.close(d.id, 'operator', 'stopped'), refusedWith('cannot-close'));
  });

  it('R2: the overdue backstop closes a live deployment past its end, as the system', async () => {
    const d = await ready();
    await life.authorise(d.id, 'ok', 'superintendent');
    clock.set('2026-05-01T10:00:00.000Z');
    await life.start(d.id, 'operator');
    assert.deepEqual(await life.closeOverdue(), []);
    clock.set('2026-05-01T17:00:00.000Z');
    assert.deepEqual(await life.closeOverdue(), [d.id]);
    const closed = await drafts.get(d.id);
    assert.equal(closed.close_reason, 'end-time');
    assert.equal(audit.entries.find((e) => e.action === 'deployment.closed')!.actor, null);
  });

  it('R20: a refusal needs its reason, deletes the alerts and their images, and keeps the record', async () => {
    const d = await ready();
    await assert.rejects(life.refuse(d.id, 'no', 'superintendent'), refusedWith('reason-required'));
    await rows.insertAlert(fakeQueryable, {
      id: 'a1',
      deployment_id: d.id,
      probe_media_id: 'probe-1',
      reference_media_id: 'ref-1',
    } as never);
    const refused = await life.refuse(d.id, 'authorisation withdrawn by the court', 'superintendent');
    assert.equal(refused.status, 'closed');
    assert.equal(refused.close_reason, 'refused');
    assert.equal(rows.alerts.length, 0);
    assert.deepEqual(media.deleted.sort(), ['img-s1', 'probe-1', 'ref-1']);
    assert.equal(audit.entries.find((e) => e.action === 'deployment.refused')!.details?.['alertsDeleted'], 1);
    await assert.rejects(life.refuse(d.id, 'once more, with reason', 'superintendent'), refusedWith('already-closed'));
  });

  it('R6: only a closed deployment is reviewed', async () => {
    const d = await ready();
    await assert.rejects(life.review(d.id, { summary: 'x' }, 'superintendent'), refusedWith('cannot-review'));
    await assert.rejects(life.close(d.id, 'planner', 'stopped'), refusedWith('cannot-close'), 'a draft is not closed');
    await life.authorise(d.id, 'ok', 'superintendent');
    await life.close(d.id, 'planner', 'stopped');
    const reviewed = await life.review(d.id, { summary: 'no arrests' }, 'superintendent');
    assert.equal(reviewed.status, 'reviewed');
    assert.equal(reviewed.reviewed_at, clock.nowIso());
  });

  it('R1: no more cameras than planned', async () => {
    const d = await ready();
    await assert.rejects(
      cameras.addCamera(d.id, 'south', { kind: 'file', path: '/clips/b.mp4' }, 'planner'),
      refusedWith('camera-count'),
    );
  });
});
