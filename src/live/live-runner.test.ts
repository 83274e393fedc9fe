// The live loop with its collaborators replaced at the unit boundary: faces failing the quality
// gates are counted by reason and never compared (R15); a tracked person alerts once, after the
// scores of several frames are aggregated (R16); a frame captured at or after the authorised end is
// never analysed (R2); only counts leave the loop (R18).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageAnalysis } from '../faces/engine.ts';
import type { AnalysedFace } from '../faces/pipeline.ts';
import type { QualityReason } from '../faces/quality.ts';
import { l2Normalise } from '../faces/template.ts';
import { memoryLog } from '../shared/log.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { AlertService, RaisedAlert } from './alert.service.ts';
import type { DeploymentService } from './deployment.service.ts';
import type { DeploymentCounts } from './deployment-counts.ts';
import { LiveRunner, type LiveFrame } from './live-runner.ts';
import type { CameraRow, DeploymentRow, WatchlistEntryRow } from './live.repository.ts';
import type { WatchlistService } from './watchlist.service.ts';

const modelId = 'test-model';
const alice = l2Normalise(new Float32Array([1, 0, 0, 0]));
const t0 = Date.parse('2026-11-22T10:00:00Z');
const end = t0 + 10_000;

function face(vector: Float32Array | null, reasons: QualityReason[] = []): AnalysedFace {
  const box = { x: 100, y: 100, width: 80, height: 80 };
  const p = { x: 0, y: 0 };
  return {
    box,
    score: 0.9,
    five: [p, p, p, p, p],
    quality: {
      interOcularPx: 40,
      yawDeg: 0,
      pitchDeg: 0,
      sharpness: 50,
      brightness: 120,
      passed: reasons.length === 0,
      reasons,
    },
    ...(vector ? { template: { modelId, vector } } : {}),
  };
}

test('quality drops are counted, a track alerts once after aggregation, nothing after the end is analysed', async () => {
  // Frames 0-1: a blurred face (dropped); 2-6: the watchlisted person; 7: captured after the end.
  const script: AnalysedFace[][] = [
    [face(null, ['blurred'])],
    [face(null, ['blurred', 'yaw'])],
    [face(alice)],
    [face(alice)],
    [face(alice)],
    [face(alice)],
    [face(alice)],
    [face(alice)],
  ];
  const frames: LiveFrame[] = script.map((_, i) => ({
    seq: i,
    capturedAt: i === script.length - 1 ? end + 1 : t0 + i * 200,
    image: { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3) },
  }));
  let analysed = 0;
  const engine = {
    pack: {
      name: 'test',
      detector: { kind: 'faceapi-tiny', modelId: 'd' },
      recognizer: { kind: 'faceapi-resnet', modelId },
    },
    analyseFrame: async (): Promise<ImageAnalysis> => ({
      width: 640,
      height: 480,
      format: 'rgb',
      faces: script[analysed++] ?? [],
      timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
    }),
  };
  const entry = {
    id: 'entry-1',
    subject_id: 's1',
    subject_reference: 'W-1',
    category: 'wanted by the courts',
  } as WatchlistEntryRow;
  const camera = { id: 'cam-1' } as CameraRow;
  const counts: DeploymentCounts[] = [];
  const raised: RaisedAlert[] = [];
  const runner = new LiveRunner({
    engine: engine as never,
    deployments: {
      cameras: async () => [camera],
      addCounts: async (_id: string, c: DeploymentCounts) => void counts.push(c),
      close: async () => undefined,
    } as unknown as DeploymentService,
    watchlists: {
      entries: async () => [entry],
      openTemplates: () => [{ entry, vector: alice }],
      entryImage: async () => undefined,
    } as unknown as WatchlistService,
    alerts: { raise: async (a: RaisedAlert) => void raised.push(a) } as unknown as AlertService,
    cipher: {} as ByteCipher,
    openCamera: () => ({
      async *[Symbol.asyncIterator]() {
        yield* frames;
      },
      status: () => ({}),
      stop: async () => undefined,
    }),
    options: { minTrackFrames: 2, aggregateFrames: 3 },
    health: { failing: async () => undefined, recovered: async () => undefined },
    log: memoryLog(),
    now: () => t0,
    flushEveryMs: 60_000,
  });
  const deployment = { id: 'd1', planned_end: new Date(end).toISOString(), threshold: 0.9 } as DeploymentRow;
  await runner.start(deployment);
  for (let i = 0; i < 100 && analysed < script.length - 1; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  await runner.stop('d1');

  assert.equal(analysed, script.length - 1, 'the frame captured after the authorised end was never analysed');
  assert.equal(raised.length, 1, 'one alert for the tracked person, not one per frame');
  assert.equal(raised[0]?.entry.id, 'entry-1');
  assert.ok((raised[0]?.trackFrames ?? 0) >= 2, 'scores aggregated over frames before alerting');
  assert.equal(raised[0]?.threshold, 0.9);
  const total = counts.reduce(
    (a, c) => ({
      facesSeen: a.facesSeen + c.facesSeen,
      facesCompared: a.facesCompared + c.facesCompared,
      alerts: a.alerts + c.alerts,
    }),
    { facesSeen: 0, facesCompared: 0, alerts: 0 },
  );
  assert.deepEqual(total, { facesSeen: 7, facesCompared: 5, alerts: 1 });
  const dropped = counts.reduce<Record<string, number>>((a, c) => {
    for (const [k, v] of Object.entries(c.dropped)) a[k] = (a[k] ?? 0) + v;
    return a;
  }, {});
  assert.deepEqual(dropped, { blurred: 2, yaw: 1 });
  assert.equal(runner.isRunning('d1'), false);
});
