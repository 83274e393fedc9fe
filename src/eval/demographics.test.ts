import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateDemographics } from './demographics.ts';
import type { DemographicCellInput } from './demographics.ts';
import { wilsonInterval } from './stats.ts';
import { expectedFalseAlerts } from './watchlist.ts';

function scores(n: number, high: number): number[] {
  return Array.from({ length: n }, (_, i) => (i < high ? 0.6 : 0.1 + i / 1e5));
}

const a: DemographicCellInput = {
  gender: 'male',
  race: 'white',
  images: 50,
  failuresToEnrol: 4,
  scores: scores(1000, 10),
};
const b: DemographicCellInput = {
  gender: 'female',
  race: 'black',
  images: 46,
  failuresToEnrol: 0,
  scores: scores(1000, 0),
};
const c: DemographicCellInput = {
  gender: 'female',
  race: 'asian',
  images: 46,
  failuresToEnrol: 0,
  scores: scores(1000, 5),
};

test('per-cell FMR, Wilson CI, failures and watchlist scaling at the configured threshold', () => {
  const r = evaluateDemographics([a, b], { configuredThreshold: 0.5, watchlistSizes: [1000] });
  assert.deepEqual(
    r.thresholds.map((t) => t.id),
    ['configured', 'configured-0.05', 'configured+0.05', 'fmr1e-3', 'fmr1e-4'],
  );
  const cellA = r.cells[0];
  assert.ok(cellA);
  assert.equal(cellA.enrolled, 46);
  assert.equal(cellA.failureToEnrolRate, 0.08);
  assert.equal(cellA.pairs, 1000);
  const at = cellA.byThreshold['configured'];
  assert.ok(at);
  assert.equal(at.falseMatches, 10);
  assert.equal(at.fmr, 0.01);
  const ci = wilsonInterval(10, 1000);
  assert.equal(at.ciLow, ci?.low);
  assert.equal(at.ciHigh, ci?.high);
  assert.equal(at.watchlist[0]?.per1000, expectedFalseAlerts(0.01, 1000));
  assert.equal(at.watchlist[0]?.per1000High, expectedFalseAlerts(ci?.high ?? 0, 1000));
  assert.equal(r.pooledPairs, 2000);
  assert.match(r.notes.join(' '), /not independent/);
});

test('pooled-FMR thresholds hold over all within-cell pairs', () => {
  const r = evaluateDemographics([a, b, c], { configuredThreshold: 0.5 });
  const t = r.thresholds.find((x) => x.id === 'fmr1e-3');
  assert.ok(t);
  // 3,000 pooled pairs allow 3 false matches; 15 tie at 0.6, so the threshold lands above them.
  assert.ok(t.value > 0.6);
  assert.equal(t.pooledFalseMatches, 0);
  assert.ok((t.pooledFmr ?? 1) <= 1e-3);
});

test('worst-to-best ratio, with a zero-FMR best cell guarded', () => {
  const both = evaluateDemographics([a, c], { configuredThreshold: 0.5 }).worstToBestRatio['configured'];
  assert.equal(both?.worstCell, 'male white');
  assert.equal(both?.bestCell, 'female asian');
  assert.equal(both?.ratio, 2);

  const zero = evaluateDemographics([a, b], { configuredThreshold: 0.5 }).worstToBestRatio;
  assert.equal(zero['configured']?.ratio, null);
  const bound = zero['configured']?.conservativeRatio ?? 0;
  assert.ok(Math.abs(bound - 0.01 / (wilsonInterval(0, 1000)?.high ?? 1)) < 1e-12);
  // No false match anywhere: nothing to compare.
  assert.equal(zero['fmr1e-4']?.ratio, null);
  assert.equal(zero['fmr1e-4']?.conservativeRatio, null);
  assert.equal(zero['fmr1e-4']?.worstCell, null);
  assert.equal(zero['fmr1e-4']?.worstFmr, 0);
});

test('a cell where every image failed has no pairs and null rates', () => {
  const empty: DemographicCellInput = { gender: 'male', race: 'other', images: 3, failuresToEnrol: 3, scores: [] };
  const r = evaluateDemographics([a, empty], { configuredThreshold: 0.5 });
  const row = r.cells[1]?.byThreshold['configured'];
  assert.equal(row?.fmr, null);
  assert.equal(row?.ciLow, null);
  assert.equal(row?.watchlist[0]?.per1000, null);
  assert.equal(r.worstToBestRatio['configured']?.bestCell, 'male white');
});
