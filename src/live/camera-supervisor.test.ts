// Issue 14: a camera that stops matching is never silent. The runner with its collaborators
// replaced at the unit boundary: an engine that throws on some frames (a worker crashed) does not
// end the loop, each error is counted by reason, N consecutive failures make the camera `failing`
// (status and the health record: audit, deployment record) and the next good frame recovers it;
// an alert whose store failed once is stored exactly once after the retry (its id is the
// idempotency key); a counts write that throws neither crashes nor loses the counts (R18: the
// counts are all that survive, so losing them falsifies the deployment record, R24).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageAnalysis } from '../faces/engine.ts';
import type { AnalysedFace } from '../faces/pipeline.ts';
import { l2Normalise } from '../faces/template.ts';
import { memoryLog } from '../shared/log.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { AlertService, RaisedAlert } from './alert.service.ts';
import type { CameraHealthEvent } from './camera-health.ts';
import type { DeploymentService } from './deployment.service.ts';
import { mergeCounts, emptyCounts, type DeploymentCounts } from './deployment-counts.ts';
import { LiveRunner, type LiveCamera, type LiveFrame } from './live-runner.ts';
import type { CameraRow, DeploymentRow, WatchlistEntryRow } from './live.repository.ts';
import type { WatchlistService } from './watchlist.service.ts';

const modelId = 'test-model';
const alice = l2Normalise(new Float32Array([1, 0, 0, 0]));
const t0 = Date.parse('2026-11-22T10:00:00Z');
const image = { width: 320, height: 240, data: new Uint8Array(320 * 240 * 3) };

function face(vector: Float32Array | null): AnalysedFace {
  const p = { x: 0, y: 0 };
  return {
    box: { x: 100, y: 80, width: 60, height: 60 },
    score: 0.9,
    five: [p, p, p, p, p],
    quality: { interOcularPx: 40, yawDeg: 0, pitchDeg: 0, sharpness: 50, brightness: 120, passed: true, reasons: [] },
    ...(vector ? { template: { modelId, vector } } : {}),
  };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ok(), `timed out waiting for: ${what}`);
}

/** A camera whose frames are handed over one at a time by the test (`push`), ending on `stop`. */
function steppedCamera(): LiveCamera & { push(n: number): void; pulled: () => number } {
  let seq = 0;
  let pulled = 0;
  let available = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  return {
    push(n) {
      available += n;
      wake?.();
    },
    pulled: () => pulled,
    async *[Symbol.asyncIterator](): AsyncGenerator<LiveFrame> {
      for (;;) {
        while (available === 0 && !stopped) await new Promise<void>((r) => (wake = r));
        if (stopped) return;
        available--;
        pulled++;
        yield { seq: seq++, capturedAt: t0 + seq * 100, image };
      }
    },
    status: () => ({ state: 'connected', framesPulled: pulled }),
    async stop() {
      stopped = true;
      wake?.();
    },
  };
}

function harness(o: {
  analyse: (frame: number) => AnalysedFace[] | Error;
  raise?: (a: RaisedAlert, attempt: number) => Promise<void>;
  addCounts?: (c: DeploymentCounts, attempt: number) => Promise<void>;
  failingAfter?: number;
  flushEveryMs?: number;
}) {
  const camera = steppedCamera();
  let analysed = 0;
  const engine = {
    pack: { name: 'test', detector: { kind: 'faceapi-tiny', modelId: 'd' }, recognizer: { kind: 'x', modelId } },
    analyseFrame: async (): Promise<ImageAnalysis> => {
      const faces = o.analyse(analysed++);
      if (faces instanceof Error) throw faces;
      return { width: 320, height: 240, format: 'rgb', faces, timings: { decodeMs: 0, detectMs: 0, describeMs: 0 } };
    },
  };
  const entry = { id: 'entry-1', subject_id: 's1', subject_reference: 'W-1', category: 'wanted' } as WatchlistEntryRow;
  const health: { failing: CameraHealthEvent[]; recovered: CameraHealthEvent[] } = { failing: [], recovered: [] };
  let raiseAttempts = 0;
  let flushAttempts = 0;
  const written: DeploymentCounts[] = [];
  const log = memoryLog();
  const runner = new LiveRunner({
    engine: engine as never,
    deployments: {
      cameras: async () => [{ id: 'cam-1' } as CameraRow],
      addCounts: async (_id: string, c: DeploymentCounts) => {
        await o.addCounts?.(c, flushAttempts++);
        written.push(c);
      },
      get: async () => ({ status: 'live' }) as DeploymentRow,
      close: async () => undefined,
    } as unknown as DeploymentService,
    watchlists: {
      entries: async () => [entry],
      openTemplates: () => [{ entry, vector: alice }],
      entryImage: async () => undefined,
    } as unknown as WatchlistService,
    alerts: {
      raise: async (a: RaisedAlert) => (await o.raise?.(a, raiseAttempts++)) ?? undefined,
    } as unknown as AlertService,
    cipher: {} as ByteCipher,
    openCamera: () => camera,
    health: {
      failing: async (e) => void health.failing.push(e),
      recovered: async (e) => void health.recovered.push(e),
    },
    log,
    options: { minTrackFrames: 2, aggregateFrames: 2 },
    supervisor: { failingAfter: o.failingAfter ?? 3, backoff: { initialMs: 0, maxMs: 0, factor: 1, jitter: 0 } },
    now: () => t0,
    flushEveryMs: o.flushEveryMs ?? 60_000,
  });
  const deployment = {
    id: 'd1',
    planned_end: new Date(t0 + 3_600_000).toISOString(),
    threshold: 0.9,
  } as DeploymentRow;
  return {
    runner,
    camera,
    deployment,
    health,
    log,
    written,
    analysed: () => analysed,
    raiseAttempts: () => raiseAttempts,
  };
}

const cam = (h: ReturnType<typeof harness>) => h.runner.status('d1')?.cameras['cam-1'] ?? {};

test('issue 14: engine errors drop their frame and are counted; N consecutive make the camera failing; the next good frame recovers it', async () => {
  // Frames 1-4 fail (a worker crash each); the rest go through.
  const h = harness({ analyse: (i) => (i >= 1 && i <= 4 ? new Error('worker exited with code 1') : []) });
  await h.runner.start(h.deployment);
  h.camera.push(1);
  await until('the first frame analysed', () => cam(h)['framesAnalysed'] === 1);
  assert.equal(cam(h)['matching'], 'ok');
  h.camera.push(2);
  await until('two failures', () => cam(h)['consecutiveFailures'] === 2);
  assert.equal(cam(h)['matching'], 'ok', 'not failing before failingAfter consecutive failures');
  h.camera.push(1);
  await until('failing after 3', () => cam(h)['matching'] === 'failing');
  assert.equal(cam(h)['state'], 'failing', 'the camera status shows failing');
  assert.equal(cam(h)['feedState'], 'connected', 'the feed itself is still connected');
  assert.equal(h.health.failing.length, 1, 'camera.failing recorded once');
  assert.equal(h.health.failing[0]?.reason, 'engine');
  h.camera.push(1);
  await until('the fourth failure', () => cam(h)['consecutiveFailures'] === 4);
  assert.equal(h.health.failing.length, 1, 'still one failing period');
  h.camera.push(1);
  await until('recovered', () => cam(h)['matching'] === 'ok');
  assert.equal(h.health.recovered.length, 1, 'camera.recovered recorded');
  assert.equal(cam(h)['consecutiveFailures'], 0);
  assert.deepEqual(cam(h)['errors'], { engine: 4 });
  assert.equal(cam(h)['framesFailed'], 4);
  assert.equal(cam(h)['recoveries'], 1);
  assert.ok(h.runner.isRunning('d1'), 'the loop kept running through the errors');
  await h.runner.stop('d1');
  const totals = h.runner.totals();
  assert.equal(totals.framesAnalysed, 2);
  assert.deepEqual(totals.errors, { engine: 4 });
  assert.equal(totals.recoveries, 1);
  assert.ok(h.log.lines.some((l) => l.level === 'error' && l.message === 'camera failing'));
});

test('issue 14: an alert whose store fails once is retried with the same id and stored exactly once', async () => {
  const stored = new Map<string, RaisedAlert>();
  const h = harness({
    analyse: () => [face(alice)],
    raise: async (a, attempt) => {
      // The first try commits but its answer is lost; a store that honours the id keeps one.
      if (a.id) stored.set(a.id, a);
      if (attempt === 0) throw new Error('SQLITE_BUSY: database is locked');
    },
  });
  await h.runner.start(h.deployment);
  // Frame 2 alerts and its store fails; frame 3's round retries it.
  h.camera.push(3);
  await until('the alert retried', () => h.raiseAttempts() === 2);
  h.camera.push(2);
  await until('three more frames', () => cam(h)['framesAnalysed'] === 5);
  await h.runner.stop('d1');
  assert.equal(h.raiseAttempts(), 2, 'raised once, retried once, not again');
  assert.equal(stored.size, 1, 'both tries carried the same idempotency key');
  const totals = h.runner.totals();
  assert.equal(totals.alertsRaised, 1);
  assert.equal(totals.alertsStored, 1);
  assert.deepEqual(totals.errors, { 'alert-store': 1 });
  assert.equal(totals.framesFailed, 0, 'the frame itself was not lost');
});

test('issue 14: a counts write that throws does not crash the process and its counts arrive at the next write', async () => {
  let failures = 0;
  const h = harness({
    analyse: () => [face(null)],
    flushEveryMs: 20,
    addCounts: async (_c, attempt) => {
      if (attempt === 0) {
        failures++;
        throw new Error('SQLITE_BUSY: database is locked');
      }
    },
  });
  await h.runner.start(h.deployment);
  h.camera.push(3);
  await until('three frames analysed', () => cam(h)['framesAnalysed'] === 3);
  await until('the first write failed', () => failures === 1);
  await until('a later write succeeded', () => h.written.length >= 1);
  assert.equal(h.runner.status('d1')?.countsFlushErrors, 1);
  h.camera.push(2);
  await until('two more frames', () => cam(h)['framesAnalysed'] === 5);
  await h.runner.stop('d1');
  const total = h.written.reduce(mergeCounts, structuredClone(emptyCounts));
  assert.equal(total.facesSeen, 5, 'every face counted once: none lost, none twice');
  assert.deepEqual(h.runner.totals().errors, { 'counts-store': 1 });
});
