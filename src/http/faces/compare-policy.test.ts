// R14 (issue 16): compare decides at the one threshold in force, the same that search, enrolment and
// live alerts use. A policy change (with its attested bias report, R27) moves compare's decision at
// once, over HTTP and through the use case; before the fix compare read the config file only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openTestServices, type TestServices } from '../../../test/support/services.ts';
import { testDatabases } from '../../../test/support/db.ts';
import { multipart } from '../../../test/support/http.ts';
import { signedStandInReport } from '../../../test/support/assessments.ts';
import type { FaceEngine, ImageAnalysis } from '../../faces/engine.ts';
import { builtInPacks } from '../../faces/packs.ts';
import { loadCalibrations } from '../../faces/thresholds.ts';
import { ModelRegistry } from '../../models/model-registry.ts';
import { buildApp } from '../app.ts';

/** Two unit vectors whose cosine is `cos`. */
function pairAt(cos: number): [Float32Array, Float32Array] {
  const a = new Float32Array(128);
  const b = new Float32Array(128);
  a[0] = 1;
  b[0] = cos;
  b[1] = Math.sqrt(1 - cos * cos);
  return [a, b];
}

function analysisOf(modelId: string, vector: Float32Array): ImageAnalysis {
  const face = {
    box: { x: 10, y: 10, width: 100, height: 100 },
    score: 0.99,
    five: [
      { x: 40, y: 50 },
      { x: 80, y: 50 },
      { x: 60, y: 70 },
      { x: 45, y: 90 },
      { x: 75, y: 90 },
    ],
    quality: {
      interOcularPx: 40,
      yawDeg: 0,
      pitchDeg: 0,
      sharpness: 1,
      brightness: 0.5,
      passed: true,
      reasons: [],
    },
    template: { modelId, vector },
  } as const;
  return {
    width: 200,
    height: 200,
    format: 'jpeg',
    faces: [face],
    timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
  } as unknown as ImageAnalysis;
}

for (const target of testDatabases()) {
  describe(`compare follows the threshold policy on ${target.name}`, () => {
    let s: TestServices;
    let app: FastifyInstance;
    let modelId: string;
    let floor: number;
    before(async () => {
      const [pack] = await builtInPacks();
      modelId = pack!.recognizer.modelId;
      floor = loadCalibrations().models[modelId]!.thresholds['1e-3'];
      const [va, vb] = pairAt(floor + 0.005);
      const engine = {
        pack,
        workers: 1,
        analyse: async (bytes: Uint8Array) => analysisOf(modelId, bytes[0] === 1 ? va : vb),
      } as unknown as FaceEngine;
      s = await openTestServices(await target.open(), engine);
      app = await buildApp({
        engine,
        config: s.config,
        calibrations: () => loadCalibrations(),
        registry: new ModelRegistry({ root: `${s.dataDir}/models` }),
        models: { get: async () => undefined },
        services: s,
        allowUnauthenticated: true,
      });
    });
    after(async () => {
      await app.close();
      await s.close();
    });

    const compareOverHttp = async () => {
      const form = await multipart({ a: new Uint8Array([1]), b: new Uint8Array([2]) });
      const res = await app.inject({ method: 'POST', url: '/v1/faces/compare', ...form });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ decision: string; threshold: number; score: number }>();
    };

    it('a stricter policy threshold turns a match at the calibrated floor into no match', async () => {
      const before = await compareOverHttp();
      assert.equal(before.decision, 'match');
      assert.equal(before.threshold, floor);

      const stricter = floor + 0.01;
      const report = signedStandInReport(
        { modelId, threshold: stricter, measuredAt: new Date().toISOString() },
        s.assessments.evaluationKeyFile,
      );
      await s.assessments.addBiasReport(report, 'dpo');
      await s.thresholdPolicy.change(modelId, stricter, 'equitability review of compare', 'admin');

      const after = await compareOverHttp();
      assert.equal(after.threshold, stricter, 'HTTP compare uses the threshold in force');
      assert.equal(after.decision, 'no match');
      const direct = await s.faces.compare({ a: new Uint8Array([1]), b: new Uint8Array([2]) });
      assert.equal(direct.threshold, s.thresholdInForce(modelId).threshold, 'the use case uses it too');
      assert.equal(direct.decision, 'no match');
    });
  });
}
