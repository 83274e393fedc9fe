// The purge planner's rules (R19), without a database: what is due, what a hold keeps, and that
// every file belongs to exactly one class.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  planPurge,
  plannedMedia,
  type ActiveHold,
  type AlertFacts,
  type CaseFacts,
  type ProbeFileFacts,
  type PurgeFacts,
  type TrackFacts,
} from './purge-planner.ts';
import { DAY_MS, HOUR_MS, retentionConfigSchema, windowsMs } from './retention-policy.ts';

const now = new Date('2030-06-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const windows = windowsMs(retentionConfigSchema.parse({}));

function alert(id: string, o: Partial<AlertFacts> = {}): AlertFacts {
  return {
    id,
    deploymentId: 'd1',
    subjectId: `s-${id}`,
    createdAt: ago(25 * HOUR_MS),
    investigationRef: null,
    probeMediaId: `${id}-probe`,
    referenceMediaId: `${id}-ref`,
    anonymised: false,
    deploymentClosedAt: null,
    ...o,
  };
}

function facts(o: Partial<PurgeFacts>): PurgeFacts {
  return { alerts: [], probeFiles: [], tracks: [], cases: [], holds: [], ...o };
}

const kase = (id: string, o: Partial<CaseFacts> = {}): CaseFacts => ({
  id,
  status: 'open',
  lastActivityAt: ago(DAY_MS),
  heldSubjectIds: [],
  ...o,
});
const probe = (id: string, caseId: string, o: Partial<ProbeFileFacts> = {}): ProbeFileFacts => ({
  id,
  caseId,
  kind: 'image',
  mediaId: `${id}-file`,
  createdAt: ago(DAY_MS),
  ...o,
});
const track = (id: string, probeId: string, caseId: string): TrackFacts => ({
  id,
  probeId,
  caseId,
  mediaIds: [`${id}-frame`, `${id}-crop`],
});

describe('purge planner: alert images (R19: 24 hours unless linked to an investigation)', () => {
  it('deletes the images of alerts past 24 hours, keeps recent, linked and held ones', () => {
    const holds: ActiveHold[] = [
      { targetType: 'alert', targetId: 'held-alert' },
      { targetType: 'deployment', targetId: 'd-held' },
      { targetType: 'subject', targetId: 's-held-subject' },
    ];
    const plan = planPurge(
      facts({
        alerts: [
          alert('old'),
          alert('recent', { createdAt: ago(23 * HOUR_MS) }),
          alert('linked', { investigationRef: 'OP-1' }),
          alert('held-alert'),
          alert('in-held-deployment', { deploymentId: 'd-held' }),
          alert('held-subject'),
          alert('gone', { probeMediaId: null, referenceMediaId: null }),
          alert('no-reference', { referenceMediaId: null }),
          alert('bad-time', { createdAt: 'not a time' }),
        ],
        holds,
      }),
      now,
      windows,
    );
    assert.deepEqual(plan.alertImages, [
      { alertId: 'old', mediaIds: ['old-probe', 'old-ref'] },
      { alertId: 'no-reference', mediaIds: ['no-reference-probe'] },
    ]);
    assert.deepEqual(plan.counts.alertImages, { records: 2, media: 3 });
    assert.equal(plan.held.alertImages, 3);
    assert.equal(plan.linkedAlertsKept, 1);
    assert.deepEqual(plan.alertRecords, [], 'no deployment has closed');
  });

  it('a linked alert keeps its images until the linked window (case retention) has passed', () => {
    const linked = alert('linked', { investigationRef: 'OP-1', createdAt: ago(731 * DAY_MS) });
    const plan = planPurge(facts({ alerts: [linked] }), now, windows);
    assert.deepEqual(plan.alertImages, [{ alertId: 'linked', mediaIds: ['linked-probe', 'linked-ref'] }]);
    assert.equal(plan.linkedAlertsKept, 0);
  });
});

describe('purge planner: alert records are anonymised after the deployment closed', () => {
  it('anonymises alerts of deployments closed more than 31 days ago, unless held or linked', () => {
    const closedLongAgo = ago(32 * DAY_MS);
    const plan = planPurge(
      facts({
        alerts: [
          alert('a', { deploymentClosedAt: closedLongAgo, probeMediaId: null, referenceMediaId: null }),
          alert('b', { deploymentClosedAt: ago(30 * DAY_MS) }),
          alert('c', {
            deploymentClosedAt: closedLongAgo,
            anonymised: true,
            probeMediaId: null,
            referenceMediaId: null,
          }),
          alert('d', { deploymentClosedAt: closedLongAgo, investigationRef: 'OP-2' }),
          alert('e', { deploymentClosedAt: closedLongAgo, deploymentId: 'd-held' }),
          alert('f', { deploymentClosedAt: closedLongAgo }),
        ],
        holds: [{ targetType: 'deployment', targetId: 'd-held' }],
      }),
      now,
      windows,
    );
    assert.deepEqual(plan.alertRecords, ['a', 'f']);
    assert.equal(plan.held.alertRecords, 1);
    // f's images go too (their window is shorter), counted once, under alert images.
    assert.deepEqual(
      plan.alertImages.map((a) => a.alertId),
      ['b', 'f'],
    );
    assert.deepEqual(plan.counts.alertRecords, { records: 2, media: 0 });
  });
});

describe('purge planner: the case workspace (footage, probes, case files)', () => {
  it('deletes uploaded video after 31 days but keeps the track frames with the case', () => {
    const plan = planPurge(
      facts({
        cases: [kase('c1')],
        probeFiles: [
          probe('video-old', 'c1', { kind: 'video', createdAt: ago(32 * DAY_MS) }),
          probe('video-new', 'c1', { kind: 'video', createdAt: ago(30 * DAY_MS) }),
          probe('image-old', 'c1', { createdAt: ago(32 * DAY_MS) }),
        ],
        tracks: [track('t1', 'video-old', 'c1')],
      }),
      now,
      windows,
    );
    assert.deepEqual(plan.footage, [{ probeId: 'video-old', mediaId: 'video-old-file' }]);
    assert.deepEqual(plan.probes, []);
    assert.deepEqual(plan.counts.footage, { records: 1, media: 1 });
  });

  it('purges probes and tracks two years after the last activity, open or closed', () => {
    const plan = planPurge(
      facts({
        cases: [kase('idle', { lastActivityAt: ago(731 * DAY_MS) }), kase('busy')],
        probeFiles: [
          probe('p1', 'idle'),
          probe('v1', 'idle', { kind: 'video', createdAt: ago(800 * DAY_MS) }),
          probe('p2', 'busy'),
        ],
        tracks: [track('t1', 'v1', 'idle'), track('t2', 'p-gone', 'idle')],
      }),
      now,
      windows,
    );
    assert.equal(plan.probes.length, 1);
    const c = plan.probes[0]!;
    assert.equal(c.caseId, 'idle');
    assert.deepEqual(
      c.probeFiles.map((p) => p.probeId),
      ['p1', 'v1'],
    );
    assert.deepEqual(
      c.tracks.map((t) => t.trackId),
      ['t1', 't2'],
    );
    assert.deepEqual(plan.footage, [], 'the video goes with the probes, not twice');
    assert.deepEqual(plan.counts.probes, { records: 3, media: 6 });
  });

  it('deletes closed cases after six years with every file they hold; open cases never', () => {
    const old = ago(2191 * DAY_MS);
    const plan = planPurge(
      facts({
        cases: [
          kase('closed-old', { status: 'closed', lastActivityAt: old }),
          kase('open-old', { lastActivityAt: old }),
          kase('closed-recent', { status: 'closed', lastActivityAt: ago(2189 * DAY_MS) }),
        ],
        probeFiles: [probe('p1', 'closed-old'), probe('p2', 'open-old'), probe('p3', 'closed-recent')],
        tracks: [track('t1', 'p1', 'closed-old')],
      }),
      now,
      windows,
    );
    assert.deepEqual(plan.caseFiles, [{ caseId: 'closed-old', mediaIds: ['p1-file', 't1-frame', 't1-crop'] }]);
    assert.deepEqual(
      plan.probes.map((c) => c.caseId),
      ['open-old', 'closed-recent'],
    );
    assert.deepEqual(plan.counts.caseFiles, { records: 1, media: 3 });
  });

  it('a case hold, or a hold on a subject among its candidates, keeps the whole workspace', () => {
    const old = ago(2191 * DAY_MS);
    const plan = planPurge(
      facts({
        cases: [
          kase('held', { status: 'closed', lastActivityAt: old }),
          kase('subject-held', { lastActivityAt: old, heldSubjectIds: ['s9'] }),
        ],
        probeFiles: [
          probe('p1', 'held', { kind: 'video', createdAt: old }),
          probe('p2', 'subject-held', { kind: 'video', createdAt: old }),
        ],
        tracks: [track('t1', 'p1', 'held')],
        holds: [
          { targetType: 'case', targetId: 'held' },
          { targetType: 'subject', targetId: 's9' },
        ],
      }),
      now,
      windows,
    );
    assert.deepEqual([plan.caseFiles, plan.probes, plan.footage], [[], [], []]);
    assert.deepEqual(plan.held, { alertImages: 0, alertRecords: 0, footage: 2, probes: 2, caseFiles: 1 });
  });
});

describe('purge planner: every file once', () => {
  it('lists each media file under exactly one class', () => {
    const old = ago(2191 * DAY_MS);
    const plan = planPurge(
      facts({
        alerts: [alert('a1', { deploymentClosedAt: old })],
        cases: [kase('c1', { status: 'closed', lastActivityAt: old }), kase('c2', { lastActivityAt: old })],
        probeFiles: [probe('p1', 'c1'), probe('p2', 'c2', { kind: 'video', createdAt: old })],
        tracks: [track('t1', 'p1', 'c1'), track('t2', 'p2', 'c2')],
      }),
      now,
      windows,
    );
    const media = plannedMedia(plan);
    const ids = media.map((m) => m.mediaId);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids.sort(), [
      'a1-probe',
      'a1-ref',
      'p1-file',
      'p2-file',
      't1-crop',
      't1-frame',
      't2-crop',
      't2-frame',
    ]);
    const total = Object.values(plan.counts).reduce((n, c) => n + c.media, 0);
    assert.equal(total, media.length);
  });
});

describe('retention configuration', () => {
  it('has the R19 defaults and refuses windows longer than R19 allows', () => {
    const s = retentionConfigSchema.parse({});
    assert.equal(s.alertImagesHours, 24);
    assert.equal(s.footageDays, 31);
    assert.equal(retentionConfigSchema.safeParse({ alertImagesHours: 48 }).success, false);
    assert.equal(retentionConfigSchema.safeParse({ footageDays: 60 }).success, false);
    assert.equal(retentionConfigSchema.safeParse({ probesDays: 0 }).success, false);
  });
});
