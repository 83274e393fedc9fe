import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitDistractorModel, gaussian, sampleDistractors, seededRandom } from '../eval/distractors.ts';
import { createVectorIndex, type MemoryVectorIndex } from './vector-index.ts';

const D = 32;

function unitVectors(count: number, seed: number, d = D): Float32Array[] {
  const normal = gaussian(seededRandom(seed));
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: d }, normal);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function bruteForce(vectors: Map<number, Float32Array>, q: Float32Array, k: number) {
  return [...vectors]
    .map(([key, v]) => ({ key, score: dot(q, v) }))
    .sort((a, b) => b.score - a.score || a.key - b.key)
    .slice(0, k);
}

/** Templates shaped like a face model's: a shared direction, a decaying spectrum, a few clusters. */
function realLike(count: number, seed: number, d: number): Float32Array[] {
  const random = seededRandom(seed);
  const normal = gaussian(random);
  const centres = unitVectors(6, seed + 1, d);
  const common = unitVectors(1, seed + 2, d)[0]!;
  return Array.from({ length: count }, () => {
    const c = centres[Math.floor(random() * centres.length)]!;
    const v = Float32Array.from(
      { length: d },
      (_, i) => 2 * common[i]! + 0.6 * c[i]! + (0.5 * normal()) / Math.sqrt(1 + i / 4),
    );
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

describe('vector index: exact search', () => {
  it('returns the k best keys by exact cosine, best first', () => {
    const index = createVectorIndex({ modelId: 'm', dimensions: D });
    const vectors = new Map<number, Float32Array>();
    unitVectors(500, 1).forEach((v, i) => {
      vectors.set(i + 1, v);
      index.add(i + 1, v);
    });
    for (const q of unitVectors(20, 2)) {
      const got = index.search(q, 10);
      const want = bruteForce(vectors, q, 10);
      assert.deepEqual(
        got.map((h) => h.key),
        want.map((h) => h.key),
      );
      got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i]!.score) < 1e-6));
    }
    assert.equal(index.search(unitVectors(1, 3)[0]!, 1000).length, 500, 'k above the size returns every key');
    assert.equal(index.approximate, false);
  });

  it('replaces a key on add, and forgets a removed key at once', () => {
    const index = createVectorIndex({ modelId: 'm', dimensions: D });
    const [a, b, c] = unitVectors(3, 4);
    index.add(7, a!);
    index.add(8, b!);
    index.add(7, c!);
    assert.equal(index.size, 2);
    assert.equal(index.search(c!, 1)[0]?.key, 7);
    assert.ok(Math.abs((index.search(c!, 1)[0]?.score ?? 0) - 1) < 1e-6);
    assert.equal(index.remove(7), true);
    assert.equal(index.remove(7), false);
    assert.equal(index.has(7), false);
    assert.deepEqual(
      index.search(c!, 5).map((h) => h.key),
      [8],
    );
  });

  it('refuses bad keys, wrong sizes and vectors that are not unit length', () => {
    const index = createVectorIndex({ modelId: 'm', dimensions: D });
    const [v] = unitVectors(1, 5);
    assert.throws(() => index.add(0, v!), RangeError);
    assert.throws(() => index.add(1.5, v!), RangeError);
    assert.throws(() => index.add(2 ** 60, v!), RangeError);
    assert.throws(() => index.add(1, new Float32Array(D - 1)), RangeError);
    assert.throws(
      () =>
        index.add(
          1,
          v!.map((x) => x * 2),
        ),
      /not L2-normalised/,
    );
    assert.throws(() => index.search(new Float32Array(D + 1), 3), RangeError);
    assert.throws(() => index.search(v!, 0), RangeError);
  });

  it('addMany equals adding one by one; a key repeated in a batch keeps its last vector', () => {
    const vs = unitVectors(60, 6);
    const one = createVectorIndex({ modelId: 'm', dimensions: D });
    const many = createVectorIndex({ modelId: 'm', dimensions: D });
    const keys = vs.map((_, i) => (i % 50) + 1);
    const matrix = new Float32Array(vs.length * D);
    vs.forEach((v, i) => {
      one.add(keys[i]!, v);
      matrix.set(v, i * D);
    });
    many.addMany(keys, matrix);
    assert.equal(many.size, 50);
    for (const q of unitVectors(5, 7)) assert.deepEqual(many.search(q, 8), one.search(q, 8));
  });
});

describe('vector index: approximate search', () => {
  function approximateIndex(vectors: readonly Float32Array[], d: number, above: number): MemoryVectorIndex {
    const index = createVectorIndex({ modelId: 'm', dimensions: d, approximateAbove: above });
    const matrix = new Float32Array(vectors.length * d);
    vectors.forEach((v, i) => matrix.set(v, i * d));
    index.addMany(
      vectors.map((_, i) => i + 1),
      matrix,
    );
    return index;
  }

  it('reaches recall@50 >= 0.99 on 20,000 realistic distractors, with exact scores', () => {
    const d = 64;
    const model = fitDistractorModel(realLike(3000, 11, d), { seed: 3 });
    const flat = sampleDistractors(model, 20_000, 12);
    const vectors = Array.from({ length: 20_000 }, (_, i) => flat.subarray(i * d, (i + 1) * d));
    const index = approximateIndex(vectors, d, 1000);
    assert.equal(index.approximate, true);
    const probes = realLike(100, 13, d);
    let found = 0;
    for (const q of probes) {
      const exact = index.exactSearch(q, 50);
      const approx = index.search(q, 50);
      const want = new Set(exact.map((h) => h.key));
      found += approx.filter((h) => want.has(h.key)).length;
      for (const h of approx) assert.ok(Math.abs(h.score - dot(q, vectors[h.key - 1]!)) < 1e-5, 'scores are exact');
      for (let i = 1; i < approx.length; i++) assert.ok(approx[i - 1]!.score >= approx[i]!.score);
    }
    const recall = found / (50 * probes.length);
    assert.ok(recall >= 0.99, `recall@50 ${recall}`);
  });

  it('builds the graph when the size passes the threshold, and removal takes effect at once', () => {
    const vectors = unitVectors(400, 21);
    const index = createVectorIndex({ modelId: 'm', dimensions: D, approximateAbove: 300 });
    vectors.forEach((v, i) => index.add(i + 1, v));
    assert.equal(index.approximate, true);
    for (const key of [5, 77, 300]) {
      const v = vectors[key - 1]!;
      assert.equal(index.search(v, 1)[0]?.key, key);
      index.remove(key);
      assert.ok(!index.search(v, 50).some((h) => h.key === key), `key ${key} still found`);
      index.add(key, v);
      assert.equal(index.search(v, 1)[0]?.key, key, 'added back');
    }
  });
});
