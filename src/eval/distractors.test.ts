import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareImpostorScores,
  fitDistractorModel,
  gaussian,
  sampleDistractors,
  seededRandom,
  summariseScores,
  symmetricEigen,
  type LabelledTemplate,
} from './distractors.ts';

const D = 32;

function unit(v: Float32Array): Float32Array {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/**
 * Templates shaped like a face model's: a strong shared direction (real impostor scores are high,
 * not near 0), identity clusters and a decaying spectrum. Each identity has two images.
 */
function faceLike(identities: number, seed: number): { gallery: LabelledTemplate[]; probes: LabelledTemplate[] } {
  const random = seededRandom(seed);
  const normal = gaussian(random);
  const direction = (s: number) => unit(Float32Array.from({ length: D }, gaussian(seededRandom(s))));
  const common = direction(1000);
  const groups = [direction(1001), direction(1002), direction(1003), direction(1004)];
  const gallery: LabelledTemplate[] = [];
  const probes: LabelledTemplate[] = [];
  for (let id = 0; id < identities; id++) {
    const g = groups[Math.floor(random() * groups.length)]!;
    const centre = Float32Array.from(
      { length: D },
      (_, i) => 2 * common[i]! + 0.7 * g[i]! + (0.6 * normal()) / Math.sqrt(1 + i / 3),
    );
    const image = () => unit(centre.map((x) => x + 0.15 * normal()));
    gallery.push({ vector: image(), label: `id${seed}-${id}` });
    probes.push({ vector: image(), label: `id${seed}-${id}` });
  }
  return { gallery, probes };
}

describe('distractors', () => {
  it('eigendecomposes a symmetric matrix', () => {
    const n = 12;
    const normal = gaussian(seededRandom(3));
    const b = Float64Array.from({ length: n * n }, normal);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += b[i * n + k]! * b[j * n + k]!;
    const { values, vectors } = symmetricEigen(a, n);
    for (let r = 0; r < n; r++) {
      if (r > 0) assert.ok(values[r - 1]! >= values[r]!, 'descending');
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[r * n + j]!;
        assert.ok(Math.abs(av - values[r]! * vectors[r * n + i]!) < 1e-8, `A v = lambda v (row ${r})`);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const { gallery } = faceLike(400, 1);
    const model = fitDistractorModel(
      gallery.map((g) => g.vector),
      { seed: 5 },
    );
    assert.deepEqual(sampleDistractors(model, 50, 9), sampleDistractors(model, 50, 9));
    assert.notDeepEqual(sampleDistractors(model, 50, 9), sampleDistractors(model, 50, 10));
  });

  it('draws unit templates whose impostor scores resemble real ones, unlike uniform noise', () => {
    const { gallery } = faceLike(3000, 2);
    const model = fitDistractorModel(
      gallery.map((g) => g.vector),
      { seed: 1 },
    );
    assert.ok(model.clusters.length > 1, 'a mixture');
    const synthetic = sampleDistractors(model, 3000, 4);
    for (let i = 0; i < 3000; i++) {
      const n = Math.hypot(...synthetic.subarray(i * D, (i + 1) * D));
      assert.ok(Math.abs(n - 1) < 1e-5);
    }
    // Probes: other images of the gallery's identities (as in the evaluation).
    const { probes } = faceLike(3000, 2);
    const c = compareImpostorScores(probes.slice(0, 300), gallery, synthetic);
    assert.ok(Math.abs(c.synthetic.mean - c.real.mean) < 0.01, `mean ${c.synthetic.mean} vs ${c.real.mean}`);
    assert.ok(Math.abs(c.synthetic.std - c.real.std) < 0.2 * c.real.std, `std ${c.synthetic.std} vs ${c.real.std}`);
    assert.ok(Math.abs(c.synthetic.p999 - c.real.p999) < 0.02, `p99.9 ${c.synthetic.p999} vs ${c.real.p999}`);
    assert.ok(Math.abs(c.syntheticTop.mean - c.realTop.mean) < 0.02, `top ${c.syntheticTop.mean} vs ${c.realTop.mean}`);
    assert.ok(
      c.real.mean > 0.4 && Math.abs(c.uniformNoise.mean) < 0.05,
      'uniform noise scores near 0, real ones do not',
    );
    assert.ok(c.uniformNoise.p999 < c.synthetic.p999 - 0.2);
    // Not copies of real templates: no synthetic template is a near-duplicate of a gallery entry.
    let max = -1;
    for (const g of gallery.slice(0, 300)) {
      for (let i = 0; i < 3000; i++) {
        let s = 0;
        for (let t = 0; t < D; t++) s += g.vector[t]! * synthetic[i * D + t]!;
        max = Math.max(max, s);
      }
    }
    assert.ok(max < 0.99, `closest synthetic template scores ${max}`);
  });

  it('summarises scores', () => {
    const s = summariseScores(Array.from({ length: 1000 }, (_, i) => i / 1000));
    assert.equal(s.count, 1000);
    assert.ok(Math.abs(s.mean - 0.4995) < 1e-12);
    assert.equal(s.p50, 0.5);
    assert.equal(s.p99, 0.99);
    assert.equal(s.p999, 0.999);
    assert.equal(s.max, 0.999);
  });
});
