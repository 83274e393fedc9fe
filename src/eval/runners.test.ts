import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, dirname } from 'node:path';
import { sharedPath } from '../shared/paths.ts';
import { createEmbeddingCache } from './embedding.ts';
import type { EmbedResult } from './embedding.ts';
import { calibrationMarkdown, demographicsMarkdown, lfwMarkdown } from './report-markdown.ts';
import { runCalibration, runDemographicsEvaluation, runLfwEvaluation } from './runners.ts';

const dataDir = sharedPath('data');
const DIMS = 16;

function seeded(text: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/** A stand-in engine: one direction per LFW person (UTKFace: per image) plus noise; ~1% fail. */
const calls = new Map<string, number>();
async function fakeEmbed(absPath: string): Promise<EmbedResult> {
  calls.set(absPath, (calls.get(absPath) ?? 0) + 1);
  const noise = seeded(absPath);
  if (Math.abs(noise()) < 0.005) return { ok: false, reason: 'no face found' };
  const person = seeded(absPath.includes('/lfw/') ? basename(dirname(absPath)) : absPath);
  return { ok: true, vector: Float32Array.from({ length: DIMS }, () => person() + 0.25 * noise()) };
}

test('LFW evaluation and calibration with a stand-in engine, sharing one cache', async () => {
  const cache = createEmbeddingCache();
  let last = 0;
  const lfw = await runLfwEvaluation({ dataDir, embedImage: fakeEmbed, cache, onProgress: (p) => (last = p.done) });
  assert.equal(lfw.pairs, 6000);
  assert.equal(last, lfw.images);
  assert.ok(lfw.accuracy > 90 && lfw.accuracy <= 100, `accuracy ${lfw.accuracy}`);
  assert.ok(lfw.accuracyStd >= 0);
  assert.equal(lfw.folds.length, 10);
  assert.ok(lfw.failuresToEnrol > 0);
  assert.equal(lfw.failureToEnrolRate, lfw.failuresToEnrol / lfw.images);
  assert.equal(lfw.failureReasons['no face found'], lfw.failuresToEnrol);
  assert.ok(lfw.pairsWithFailure.matched + lfw.pairsWithFailure.mismatched > 0);
  assert.deepEqual(Object.keys(lfw.byGender).sort(), ['female-female', 'male-male']);
  assert.ok((lfw.byGender['male-male']?.pairs ?? 0) > (lfw.byGender['female-female']?.pairs ?? 0));
  assert.ok(lfw.tarAtFar1e2 !== null && lfw.tarAtFar1e3 !== null);
  assert.equal(JSON.parse(JSON.stringify(lfw)).accuracy, lfw.accuracy);
  assert.match(lfwMarkdown(lfw), /\| male-male \|/);

  const before = calls.size;
  const cal = await runCalibration({ dataDir, embedImage: fakeEmbed, cache, maxImpostorPairs: 20000 });
  assert.equal(calls.size, before);
  assert.ok(
    [...calls.values()].every((n) => n === 1),
    'each image embedded once',
  );
  assert.deepEqual(Object.keys(cal.thresholds), ['1e-2', '1e-3', '1e-4']);
  assert.ok(cal.eligibleImpostorPairs > 20_000_000);
  assert.ok(cal.impostorPairs <= 20000 && cal.impostorPairs > 19000);
  assert.equal(cal.genuinePairs, 3000);
  assert.equal(cal.points[2]?.supported, false);
  const t2 = cal.thresholds['1e-2'] ?? 0;
  const t3 = cal.thresholds['1e-3'] ?? 0;
  assert.ok(t3 >= t2);
  assert.match(cal.impostorSource, /cross-identity/);
  assert.match(calibrationMarkdown(cal), /\| target FMR \|/);
});

test('demographics evaluation on the UTKFace balanced index', async () => {
  const r = await runDemographicsEvaluation({ dataDir, embedImage: fakeEmbed, threshold: 0.5, watchlistSizes: [1000] });
  assert.equal(r.cells.length, 10);
  assert.equal(r.images, 2000);
  for (const c of r.cells) {
    assert.equal(c.images, 200);
    assert.equal(c.pairs, (c.enrolled * (c.enrolled - 1)) / 2);
    assert.ok(c.byThreshold['configured']?.fmr !== undefined);
  }
  assert.equal(
    r.cells.reduce((n, c) => n + c.failuresToEnrol, 0),
    r.failuresToEnrol,
  );
  assert.ok(r.worstToBestRatio['configured']);
  assert.match(demographicsMarkdown(r), /False match rate per cell/);
});
