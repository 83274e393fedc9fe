// Issue 14: a camera's failing and recovered transitions are never lost from the audit record. A
// health store that fails once (the database locked while the camera went failing) keeps the
// record and writes it at the next try, before the recovery: one failing, one recovered, in order.
// (Before, the failed write was logged and dropped: the audit showed a recovery with no failing.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageAnalysis } from '../faces/engine.ts';
import { memoryLog } from '../shared/log.ts';
import type { CameraHealthEvent, CameraHealthRecorder } from './camera-health.ts';
import { CameraLoop, emptyTotals } from './camera-loop.ts';
import { emptyCounts } from './deployment-counts.ts';
import type { LiveFrame } from './live-runner.ts';
import type { CameraRow, DeploymentRow } from './live.repository.ts';
import { TrackScorer } from './track-scorer.ts';

const t0 = Date.parse('2026-11-22T10:00:00Z');

test('issue 14: a failing transition whose write failed once is retried: one failing, then one recovered', async () => {
  const frames: LiveFrame[] = Array.from({ length: 6 }, (_, i) => ({
    seq: i,
    capturedAt: t0 + i * 200,
    image: { width: 4, height: 4, data: new Uint8Array(48) },
  }));
  // Frames 0-2 fail in the engine (failing after 2), frames 3-5 go through.
  let calls = 0;
  const engine = {
    analyseFrame: async (): Promise<ImageAnalysis> => {
      if (calls++ < 3) throw new Error('worker-crashed');
      return { width: 4, height: 4, format: 'rgb', faces: [], timings: { decodeMs: 0, detectMs: 0, describeMs: 0 } };
    },
  };
  const written: { action: string; event: CameraHealthEvent }[] = [];
  let failures = 0;
  const health: CameraHealthRecorder = {
    failing: async (event) => {
      if (failures++ === 0) throw new Error('database is locked');
      written.push({ action: 'camera.failing', event });
    },
    recovered: async (event) => void written.push({ action: 'camera.recovered', event }),
  };
  const log = memoryLog();
  const loop = new CameraLoop(
    {
      engine,
      watchlists: { entryImage: async () => undefined },
      alerts: { raise: async () => undefined as never },
      openCamera: () => ({
        async *[Symbol.asyncIterator]() {
          yield* frames;
        },
        status: () => ({}),
        stop: async () => undefined,
      }),
      health,
      log,
      supervisor: { failingAfter: 2, backoff: { initialMs: 1, maxMs: 1, factor: 1, jitter: 0 } },
      now: () => t0,
      totals: emptyTotals(),
    },
    {
      deployment: { id: 'd1', planned_end: new Date(t0 + 60_000).toISOString(), threshold: 0.9 } as DeploymentRow,
      entries: new Map(),
      counts: structuredClone(emptyCounts),
      stopping: false,
    },
    { id: 'cam-1' } as CameraRow,
    new TrackScorer([], { threshold: 0.9, minTrackFrames: 1, aggregateFrames: 1 }),
  );
  await loop.start();
  assert.equal(failures, 2, 'the failing record was tried again after the store failed');
  assert.deepEqual(
    written.map((w) => w.action),
    ['camera.failing', 'camera.recovered'],
  );
  assert.equal(written[0]!.event.reason, 'engine');
  assert.equal(written[1]!.event.from, written[0]!.event.from, 'the recovery closes the same period');
  assert.equal(loop.status()['pendingHealthRecords'], 0);
});
