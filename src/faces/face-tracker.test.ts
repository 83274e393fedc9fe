// The face tracker on synthetic detections: crossing paths, leaving and entering, occlusion gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestFaceRank, FaceTracker, iou, maxWeightMatching, type Track, type TrackerFace } from './face-tracker.ts';
import type { QualityResult } from './quality.ts';
import type { FaceTemplate } from './template.ts';

/** A unit template pointing mostly along axis `k` of 8, with a little deterministic noise. */
function template(k: number, wobble = 0): FaceTemplate {
  const v = new Float32Array(8).map((_, i) => (i === k ? 1 : 0.05 * Math.sin(i * 7 + k + wobble)));
  const n = Math.hypot(...v);
  return { modelId: 'test-model', vector: v.map((x) => x / n) };
}

function quality(iod: number, passed = true, yawDeg = 0): QualityResult {
  return { interOcularPx: iod, yawDeg, pitchDeg: 0, sharpness: 100, brightness: 120, passed, reasons: [] };
}

const face = (x: number, y: number, extra: Partial<TrackerFace> = {}, w = 40): TrackerFace => ({
  box: { x, y, width: w, height: w },
  score: 0.9,
  ...extra,
});

/** Runs a tracker over frames of faces; returns every track (ended and open) by id. */
function run(frames: readonly (readonly TrackerFace[])[], tracker = new FaceTracker()): Track[] {
  const ended: Track[] = [];
  frames.forEach((faces, index) => ended.push(...tracker.update({ index, timestampMs: index * 500 }, faces).ended));
  return [...ended, ...tracker.finish()].sort((a, b) => a.id - b.id);
}

const framesOf = (t: Track) => t.observations.map((o) => o.frameIndex);
const xsOf = (t: Track) => t.observations.map((o) => o.box.x);

test('maxWeightMatching finds the best total, not the greedy one, and skips pairs of weight 0', () => {
  assert.deepEqual(
    maxWeightMatching([
      [0.9, 0.8],
      [0.85, 0.1],
    ]),
    [
      [0, 1],
      [1, 0],
    ],
  );
  assert.deepEqual(
    maxWeightMatching([
      [0, 0.5, 0],
      [0, 0, 0],
    ]),
    [[0, 1]],
  );
  assert.deepEqual(maxWeightMatching([[0.3], [0.7], [0.2]]), [[1, 0]]);
  assert.deepEqual(maxWeightMatching([]), []);
  assert.equal(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 }), 50 / 150);
});

test('one face moving steadily is one track with every frame and box', () => {
  const tracks = run(Array.from({ length: 6 }, (_, k) => [face(100 + 25 * k, 50)]));
  assert.equal(tracks.length, 1);
  assert.deepEqual(framesOf(tracks[0]!), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(xsOf(tracks[0]!), [100, 125, 150, 175, 200, 225]);
  assert.equal(tracks[0]!.observations[5]!.timestampMs, 2500);
});

test('crossing paths keep their identities by motion when there are no templates', () => {
  const frames = Array.from({ length: 14 }, (_, k) => [face(390 - 30 * k, 110), face(30 * k, 100)]);
  const tracks = run(frames);
  assert.equal(tracks.length, 2);
  const rightward = tracks.find((t) => t.observations[0]!.box.x === 0)!;
  assert.deepEqual(
    xsOf(rightward),
    frames.map((_, k) => 30 * k),
  );
});

test('faces that meet and turn back keep their identities by appearance', () => {
  const path = [0, 40, 80, 100, 80, 40, 0];
  const frames = path.map((dx, k) => [
    face(280 - dx, 100, { template: template(1, k) }),
    face(80 + dx, 100, { template: template(0, k) }),
  ]);
  const tracks = run(frames, new FaceTracker({ minSimilarity: 0.9 }));
  assert.equal(tracks.length, 2);
  const byMotion = run(frames.map((faces) => faces.map(({ box, score }) => ({ box, score }))));
  assert.deepEqual(xsOf(byMotion[0]!), [280, 240, 200, 180, 160, 120, 80], 'motion alone would swap them');
  for (const t of tracks) {
    const xs = xsOf(t);
    assert.deepEqual(xs, xs[0] === 80 ? path.map((d) => 80 + d) : path.map((d) => 280 - d));
  }
});

test('a face leaving and another entering give two tracks; the first ends after maxMissedFrames', () => {
  const tracker = new FaceTracker({ maxMissedFrames: 2, minSimilarity: 0.9 });
  const frames: TrackerFace[][] = [0, 1, 2, 3].map((k) => [face(100 + 10 * k, 100, { template: template(0) })]);
  frames.push([], [], [face(600, 300, { template: template(3) })], [face(605, 300, { template: template(3) })]);
  const endedAt: number[] = [];
  frames.forEach((faces, index) => {
    if (tracker.update({ index, timestampMs: 0 }, faces).ended.length > 0) endedAt.push(index);
  });
  assert.deepEqual(endedAt, [6]);
  const [entered] = tracker.finish();
  assert.equal(entered!.id, 2);
  assert.deepEqual(framesOf(entered!), [6, 7]);
});

test('a stranger entering where a face was is a new track when templates disagree', () => {
  const frames = [
    [face(100, 100, { template: template(0) })],
    [face(102, 100, { template: template(0) })],
    [face(104, 100, { template: template(5) })],
  ];
  assert.deepEqual(run(frames, new FaceTracker({ minSimilarity: 0.9 })).map(framesOf), [[0, 1], [2]]);
  assert.deepEqual(run(frames).map(framesOf), [[0, 1, 2]], 'without a similarity gate, templates are ignored');
});

test('a face alike by appearance may jump further between samples than one tracked by position', () => {
  const frames = [0, 1, 2].map((k) => [face(100 + 140 * k, 100, { template: template(4, k) })]);
  assert.deepEqual(run(frames).map(framesOf), [[0], [1], [2]]);
  assert.deepEqual(run(frames, new FaceTracker({ minSimilarity: 0.9 })).map(framesOf), [[0, 1, 2]]);
});

test('an occlusion gap within maxMissedFrames continues the track; a longer one starts a new track', () => {
  const seen = [0, 1, 2, 3, 6, 7, 8];
  const frames = Array.from({ length: 9 }, (_, k) => (seen.includes(k) ? [face(100 + 20 * k, 80)] : []));
  assert.deepEqual(run(frames, new FaceTracker({ maxMissedFrames: 3 })).map(framesOf), [seen]);
  assert.deepEqual(run(frames, new FaceTracker({ maxMissedFrames: 1 })).map(framesOf), [
    [0, 1, 2, 3],
    [6, 7, 8],
  ]);
});

test('the best face passes the gates first, then is larger and more frontal', () => {
  const q = (iod: number, passed: boolean, yaw = 0) => ({ quality: quality(iod, passed, yaw) });
  const tracks = run([
    [face(100, 100, q(30, true))],
    [face(102, 100, q(80, false))],
    [face(104, 100, q(45, true, 30))],
    [face(106, 100, q(45, true, 0))],
    [face(108, 100, q(20, false))],
  ]);
  assert.equal(tracks.length, 1);
  assert.equal(tracks[0]!.best.frameIndex, 3);
  assert.equal(tracks[0]!.best.quality?.interOcularPx, 45);
  assert.ok(bestFaceRank(face(0, 0, q(20, true))) > bestFaceRank(face(0, 0, q(200, false))));
});

test('deterministic: the same detections give the same tracks; frames must move forward', () => {
  const frames = Array.from({ length: 10 }, (_, k) => [
    face(50 + 15 * k, 40, { template: template(0, k) }),
    face(300 - 15 * k, 60, { template: template(2, k) }),
    face(200, 300 + (k % 3)),
  ]);
  const make = () => new FaceTracker({ minSimilarity: 0.9 });
  assert.deepEqual(run(frames, make()), run(frames, make()));
  const tracker = new FaceTracker();
  tracker.update({ index: 4, timestampMs: 0 }, []);
  assert.throws(() => tracker.update({ index: 4, timestampMs: 0 }, []), RangeError);
});
