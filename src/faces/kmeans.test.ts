import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearestCentroid, seededRandom, sphericalKMeans } from './kmeans.ts';

function around(centre: readonly number[], count: number, spread: number, random: () => number): Float32Array[] {
  return Array.from({ length: count }, () => {
    const v = centre.map((x) => x + (random() - 0.5) * spread);
    const n = Math.hypot(...v);
    return Float32Array.from(v.map((x) => x / n));
  });
}

test('spherical k-means separates three tight groups and is deterministic for a seed', () => {
  const random = seededRandom(7);
  const groups = [
    around([1, 0, 0], 20, 0.2, random),
    around([0, 1, 0], 20, 0.2, random),
    around([0, 0, 1], 20, 0.2, random),
  ];
  const vectors = groups.flat();
  const a = sphericalKMeans(vectors, 3, { seed: 3 });
  const b = sphericalKMeans(vectors, 3, { seed: 3 });
  assert.deepEqual([...a.assignment], [...b.assignment]);
  for (let g = 0; g < 3; g++) {
    const labels = new Set([...a.assignment.slice(g * 20, g * 20 + 20)]);
    assert.equal(labels.size, 1, `group ${g} falls in one cluster`);
  }
  assert.equal(new Set([...a.assignment]).size, 3);
  for (const c of a.centroids) assert.ok(Math.abs(Math.hypot(...c) - 1) < 1e-5, 'centroids are unit length');
  assert.equal(nearestCentroid(vectors[0] ?? new Float32Array(3), a.centroids), a.assignment[0]);
});

test('k is capped at the number of vectors', () => {
  const v = [Float32Array.from([1, 0]), Float32Array.from([0, 1])];
  assert.equal(sphericalKMeans(v, 5).centroids.length, 2);
  assert.throws(() => sphericalKMeans([], 2), RangeError);
});
