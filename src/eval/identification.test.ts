import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaussian, seededRandom } from './distractors.ts';
import {
  evaluateIdentification,
  identificationSplit,
  runIdentification,
  searchOutcome,
  type CachedEmbedding,
  type IdentityImage,
  type SearchOutcome,
} from './identification.ts';

const image = (identity: string, number: number): IdentityImage => ({
  identity,
  number,
  path: `lfw/images/${identity}/${identity}_${String(number).padStart(4, '0')}.jpg`,
});

describe('identification protocol', () => {
  it('enrols the first image of every identity and probes with the rest', () => {
    const images = [image('B', 2), image('A', 1), image('B', 1), image('C', 1), image('B', 3)];
    const { gallery, probes } = identificationSplit(images);
    assert.deepEqual(
      gallery.map((g) => g.path),
      [image('A', 1).path, image('B', 1).path, image('C', 1).path],
    );
    assert.deepEqual(
      probes.map((p) => p.path),
      [image('B', 2).path, image('B', 3).path],
    );
  });

  it('reads the mate rank and the best non-mate score from one candidate list', () => {
    const c = [
      { key: 4, score: 0.9 },
      { key: 7, score: 0.8 },
      { key: 2, score: 0.5 },
    ];
    assert.deepEqual(searchOutcome(c, 7), { mateRank: 2, mateScore: 0.8, nonMateTopScore: 0.9 });
    assert.deepEqual(searchOutcome(c, 4), { mateRank: 1, mateScore: 0.9, nonMateTopScore: 0.8 });
    assert.deepEqual(searchOutcome(c, 99), { mateRank: null, mateScore: null, nonMateTopScore: 0.9 });
    assert.deepEqual(searchOutcome(c, null), { mateRank: null, mateScore: null, nonMateTopScore: 0.9 });
    assert.deepEqual(searchOutcome(null, 4), { mateRank: null, mateScore: null, nonMateTopScore: null });
  });
});

describe('identification metrics', () => {
  const o = (mateRank: number | null, mateScore: number | null, nonMateTopScore: number | null): SearchOutcome => ({
    mateRank,
    mateScore,
    nonMateTopScore,
  });

  it('counts rank-k hits over every mated search, failures included', () => {
    const outcomes = [o(1, 0.9, 0.5), o(1, 0.8, 0.4), o(3, 0.6, 0.7), o(null, null, 0.6), o(null, null, null)];
    const m = evaluateIdentification(outcomes, { maxRank: 5 });
    assert.equal(m.matedSearches, 5);
    assert.deepEqual(m.cmc, [0.4, 0.4, 0.6, 0.6, 0.6]);
    assert.equal(m.rank1, 0.4);
  });

  it('sets the threshold from non-mated top scores and counts FNIR as not rank-1 at or above it', () => {
    // 10 searches; non-mated top scores 0.10 .. 0.55 and one failure to enrol (no candidates).
    const outcomes: SearchOutcome[] = [];
    for (let i = 0; i < 9; i++) outcomes.push(o(i < 7 ? 1 : 2, 0.3 + 0.05 * i, 0.1 + 0.05 * i));
    outcomes.push(o(null, null, null));
    const m = evaluateIdentification(outcomes, { fpirTargets: [0.1, 0.01] });
    const [p10, p1] = m.openSet;
    // FPIR 0.1 of 10 searches: one false positive allowed, so t is just above the second highest (0.45).
    assert.ok(p10!.threshold! > 0.45 && p10!.threshold! < 0.4500001);
    assert.equal(p10!.falsePositives, 1);
    assert.equal(p10!.achievedFpir, 0.1);
    // Mates at rank 1 with score >= t: 0.5, 0.55, 0.6 (i = 4, 5, 6) -> 3 of 10 hits.
    assert.ok(Math.abs(p10!.fnir! - 0.7) < 1e-12);
    // FPIR 0.01: none allowed, t just above 0.5: hits are 0.55 and 0.6.
    assert.equal(p1!.falsePositives, 0);
    assert.ok(Math.abs(p1!.fnir! - 0.8) < 1e-12);
    assert.equal(p1!.supported, false);
    assert.equal(m.fnirAtFpir1e2, p1!.fnir);
  });
});

describe('runIdentification', () => {
  it('reports rank-1, FNIR and the same with distractors, counting failures as misses', () => {
    const d = 16;
    const normal = gaussian(seededRandom(1));
    const unit = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
    const images: IdentityImage[] = [];
    const embedded = new Map<string, CachedEmbedding>();
    for (let id = 0; id < 40; id++) {
      const centre = Float32Array.from({ length: d }, normal);
      for (let n = 1; n <= 3; n++) {
        const im = image(`P${id}`, n);
        images.push(im);
        embedded.set(im.path, { ok: true, vector: unit(centre.map((x) => x + 0.05 * normal())) });
      }
    }
    embedded.set(image('P0', 2).path, { ok: false, reason: 'no face detected' });
    const r = runIdentification({ modelId: 'm', images, embedded, distractors: 200, seed: 3 });
    assert.equal(r.gallery.enrolled, 40);
    assert.equal(r.probes.images, 80);
    assert.equal(r.probes.failuresToEnrol, 1);
    assert.equal(r.rank1, 79 / 80, 'the failed probe is the only miss');
    assert.equal(r.rank10, 79 / 80);
    assert.ok(r.fnirAtFpir1e2 !== null && r.fnirAtFpir1e3 !== null);
    assert.ok(r.withDistractors);
    assert.equal(r.withDistractors.gallerySize, 240);
    assert.equal(r.withDistractors.search.mode, 'exact');
    assert.equal(r.withDistractors.recallAt10VsExact.recall, 1);
    assert.ok(r.withDistractors.rank1 <= r.rank1);
  });
});
