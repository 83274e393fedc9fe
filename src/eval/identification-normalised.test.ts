import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVectorIndex } from '../gallery/vector-index.ts';
import { seededRandom } from '../faces/kmeans.ts';
import { galleryCohorts, normalisedOutcomes } from './identification-normalised.ts';

function randomUnit(random: () => number, d: number): Float32Array {
  const v = Array.from({ length: d }, () => random() - 0.5);
  const n = Math.hypot(...v);
  return Float32Array.from(v.map((x) => x / n));
}

test('the non-mated search is the search of a gallery that never held the mate', () => {
  const random = seededRandom(5);
  const gallery = Array.from({ length: 40 }, (_, i) => ({ key: i + 1, vector: randomUnit(random, 8) }));
  const probe = Float32Array.from(gallery[6]?.vector ?? []).map((x) => x + 0.05 * (random() - 0.5));
  const index = (entries: typeof gallery) => {
    const ix = createVectorIndex({ modelId: 'm', dimensions: 8 });
    for (const g of entries) ix.add(g.key, g.vector);
    return ix;
  };
  const k = 5;
  const [withMate] = normalisedOutcomes(index(gallery), galleryCohorts(gallery, k), [probe], [7]);
  const without = gallery.filter((g) => g.key !== 7);
  // Key 999 is not enrolled: its searches are non-mated searches of the gallery without key 7.
  const [never] = normalisedOutcomes(index(without), galleryCohorts(without, k), [probe], [null]);
  assert.ok(withMate && never);
  assert.equal(withMate.mateRank, 1, 'the near-copy is found first');
  assert.ok(Math.abs((withMate.nonMateTopScore ?? 0) - (never.nonMateTopScore ?? 1)) < 1e-9);
});

test('a probe that failed to enrol has no outcome scores', () => {
  const g = [
    { key: 1, vector: Float32Array.of(1, 0) },
    { key: 2, vector: Float32Array.of(0, 1) },
    { key: 3, vector: Float32Array.of(0.6, 0.8) },
  ];
  const ix = createVectorIndex({ modelId: 'm', dimensions: 2 });
  for (const x of g) ix.add(x.key, x.vector);
  assert.deepEqual(normalisedOutcomes(ix, galleryCohorts(g, 2), [null], [1]), [
    { mateRank: null, mateScore: null, nonMateTopScore: null },
  ]);
});
