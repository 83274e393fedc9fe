/**
 * 1:N identification on LFW: the gallery/probe split, per-search outcomes and the closed-set
 * (rank-k hit rate) and open-set (FNIR at FPIR) metrics. Pure: the caller embeds, searches and
 * hands in the candidate lists.
 *
 * Over 300 lines (one of the three the layering issue allows): the split, the outcomes and both
 * metrics share the per-search records and must agree on them; cohort normalisation lives in
 * identification-normalised.ts and the distractor model in distractors.ts.
 */
import { createVectorIndex } from '../gallery/vector-index.ts';
import { fmrKey } from './calibrate.ts';
import { compareImpostorScores, fitDistractorModel, sampleDistractors } from './distractors.ts';
import { galleryCohorts, normalisedOutcomes, RERANK_EXTRA } from './identification-normalised.ts';
import { DEFAULT_COHORT_SIZE, DEFAULT_METHOD, type NormalisationMethod } from '../faces/score-normalisation.ts';
import { sortedAscending, thresholdAtFmr } from './stats.ts';
import type { SearchOutcome } from './search-outcome.ts';
export type { SearchOutcome } from './search-outcome.ts';

export interface IdentityImage {
  readonly identity: string;
  /** 1-based image number within the identity. */
  readonly number: number;
  /** Relative to the data folder. */
  readonly path: string;
}

export interface IdentificationSplit {
  /** One image per identity: its lowest-numbered one (LFW `_0001`). */
  readonly gallery: readonly IdentityImage[];
  /** Every other image, i.e. the remaining images of identities with two or more. */
  readonly probes: readonly IdentityImage[];
}

export function identificationSplit(images: readonly IdentityImage[]): IdentificationSplit {
  const byIdentity = new Map<string, IdentityImage[]>();
  for (const im of images) {
    const list = byIdentity.get(im.identity) ?? [];
    list.push(im);
    byIdentity.set(im.identity, list);
  }
  const gallery: IdentityImage[] = [];
  const probes: IdentityImage[] = [];
  for (const identity of [...byIdentity.keys()].sort()) {
    const list = (byIdentity.get(identity) ?? []).sort((a, b) => a.number - b.number);
    const [first, ...rest] = list;
    if (first) gallery.push(first);
    probes.push(...rest);
  }
  return { gallery, probes };
}

export interface Candidate {
  readonly key: number;
  readonly score: number;
}

/** Outcome of one search; `candidates` best first, `mateKey` null when the mate is not enrolled. */
export function searchOutcome(candidates: readonly Candidate[] | null, mateKey: number | null): SearchOutcome {
  if (candidates === null) return { mateRank: null, mateScore: null, nonMateTopScore: null };
  let mateRank: number | null = null;
  let mateScore: number | null = null;
  let nonMateTopScore = Number.NEGATIVE_INFINITY;
  candidates.forEach((c, i) => {
    if (mateKey !== null && c.key === mateKey) {
      if (mateRank === null) {
        mateRank = i + 1;
        mateScore = c.score;
      }
    } else if (c.score > nonMateTopScore) nonMateTopScore = c.score;
  });
  return { mateRank, mateScore, nonMateTopScore };
}

export interface OpenSetPoint {
  readonly targetFpir: number;
  /** Smallest threshold whose FPIR over the non-mated searches is <= the target; null without non-mated scores. */
  readonly threshold: number | null;
  readonly falsePositives: number;
  readonly achievedFpir: number | null;
  /** Mated searches whose mate is not at rank 1 with a score >= threshold, over all mated searches. */
  readonly fnir: number | null;
  /** About 10 / target non-mated searches are needed for ~10 false positives at the target. */
  readonly supported: boolean;
}

export interface IdentificationMetrics {
  readonly matedSearches: number;
  readonly nonMatedSearches: number;
  /** Rank-k hit rate for k = 1..maxRank (index 0 is rank 1), over all mated searches. */
  readonly cmc: readonly number[];
  readonly rank1: number;
  readonly rank10: number;
  readonly openSet: readonly OpenSetPoint[];
  readonly fnirAtFpir1e2: number | null;
  readonly fnirAtFpir1e3: number | null;
}

export const IDENTIFICATION_DEFINITIONS = {
  rankK:
    'rank-k hit rate: mated searches whose mate is among the k best candidates, over all mated searches (failures to enrol of probe or mate count as misses)',
  fpir: 'FPIR(t): non-mated searches whose best candidate scores >= t, over all non-mated searches (a probe that failed to enrol returns no candidates, so never a false positive)',
  fnir: 'FNIR(t): mated searches whose mate is not the rank-1 candidate with a score >= t, over all mated searches',
  threshold:
    'for a target FPIR f over n non-mated searches, k = floor(f * n) false positives are allowed; t is the smallest value above the (k+1)-th highest non-mated top score',
  nonMated:
    'the non-mated search of a probe is the same search with its identity’s gallery entry removed; it is computed from one search as the best candidate that is not the mate (identical for exact search)',
} as const;

export function evaluateIdentification(
  outcomes: readonly SearchOutcome[],
  options: { readonly maxRank?: number; readonly fpirTargets?: readonly number[] } = {},
): IdentificationMetrics {
  const maxRank = options.maxRank ?? 10;
  const targets = options.fpirTargets ?? [1e-2, 1e-3];
  const n = outcomes.length;
  const hitsAt = new Array<number>(maxRank).fill(0);
  for (const o of outcomes) {
    if (o.mateRank !== null && o.mateRank <= maxRank) for (let r = o.mateRank - 1; r < maxRank; r++) hitsAt[r]!++;
  }
  const cmc = hitsAt.map((h) => (n > 0 ? h / n : 0));
  const nonMated = sortedAscending(outcomes.flatMap((o) => (o.nonMateTopScore === null ? [] : [o.nonMateTopScore])));
  const openSet = targets.map((targetFpir): OpenSetPoint => {
    const found = thresholdAtFmr(nonMated, targetFpir, n);
    if (!found)
      return { targetFpir, threshold: null, falsePositives: 0, achievedFpir: null, fnir: null, supported: false };
    const hits = outcomes.filter((o) => o.mateRank === 1 && (o.mateScore ?? -Infinity) >= found.threshold).length;
    return {
      targetFpir,
      threshold: found.threshold,
      falsePositives: found.falseMatches,
      achievedFpir: found.achievedFmr,
      fnir: n > 0 ? 1 - hits / n : null,
      supported: n >= 10 / targetFpir,
    };
  });
  const fnirAt = (t: number) => openSet.find((p) => p.targetFpir === t)?.fnir ?? null;
  return {
    matedSearches: n,
    nonMatedSearches: n,
    cmc,
    rank1: cmc[0] ?? 0,
    rank10: cmc[Math.min(9, maxRank - 1)] ?? 0,
    openSet,
    fnirAtFpir1e2: fnirAt(1e-2),
    fnirAtFpir1e3: fnirAt(1e-3),
  };
}

/** Rank-1 / rank-10 / FNIR rows of a metrics block, for the markdown report. */
export function metricsRows(m: IdentificationMetrics): string[][] {
  const f = (x: number | null, digits = 4) => (x === null ? 'n/a' : x.toFixed(digits));
  return [
    ['rank-1 hit rate', f(m.rank1)],
    ['rank-10 hit rate', f(m.rank10)],
    ...m.openSet.map((p) => [
      `FNIR at FPIR ${fmrKey(p.targetFpir)}`,
      `${f(p.fnir)} (threshold ${f(p.threshold)}, ${p.falsePositives} false positives${p.supported ? '' : ', few non-mated searches'})`,
    ]),
  ];
}

/** One cached evaluation embedding: the vector, or why the image failed to enrol. */
export type CachedEmbedding =
  { readonly ok: true; readonly vector: Float32Array } | { readonly ok: false; readonly reason: string };

export interface IdentificationRunOptions {
  readonly modelId: string;
  readonly images: readonly IdentityImage[];
  /** By image path; a missing or failed entry is a failure to enrol. */
  readonly embedded: ReadonlyMap<string, CachedEmbedding>;
  /** Synthetic templates added for the second run (0: none). */
  readonly distractors: number;
  readonly seed: number;
  /** AS-norm cohort size for the normalised run (default DEFAULT_COHORT_SIZE). */
  readonly cohortSize?: number;
  readonly method?: NormalisationMethod;
  readonly onProgress?: (line: string) => void;
}

interface Searchable {
  search(query: Float32Array, k: number): { key: number; score: number }[];
}

/** Probes searched against the gallery (top 10), in probe order. */
function searchAll(index: Searchable, probes: readonly (Float32Array | null)[], mates: readonly (number | null)[]) {
  return probes.map((v, i) => searchOutcome(v ? index.search(v, 10) : null, mates[i] ?? null));
}

export function runIdentification(o: IdentificationRunOptions) {
  const progress = o.onProgress ?? (() => undefined);
  const vectorOf = (p: string) => {
    const e = o.embedded.get(p);
    return e?.ok ? e.vector : null;
  };
  const split = identificationSplit(o.images);
  const galleryVectors = split.gallery.map((im) => vectorOf(im.path));
  const dimensions = galleryVectors.find((v) => v !== null)?.length ?? 0;
  if (dimensions === 0) throw new Error('no gallery image enrolled');
  const keyOf = new Map<string, number>();
  const index = createVectorIndex({ modelId: o.modelId, dimensions });
  split.gallery.forEach((im, i) => {
    const v = galleryVectors[i];
    if (!v) return;
    keyOf.set(im.identity, i + 1);
    index.add(i + 1, v);
  });
  const probeVectors = split.probes.map((im) => vectorOf(im.path));
  const mates = split.probes.map((im) => keyOf.get(im.identity) ?? null);
  progress(`searching ${split.probes.length} probes in a gallery of ${index.size}`);
  const base = evaluateIdentification(searchAll(index, probeVectors, mates));
  const cohortSize = o.cohortSize ?? DEFAULT_COHORT_SIZE;
  const method = o.method ?? DEFAULT_METHOD;
  progress(`AS-norm: cohorts of ${cohortSize} for ${index.size} gallery entries, then the searches again`);
  const cohorts = galleryCohorts(
    galleryVectors.flatMap((v, i) => (v ? [{ key: i + 1, vector: v }] : [])),
    cohortSize,
  );
  const normalised = {
    method:
      (method === 'as-norm'
        ? `AS-norm: 0.5 * ((s - mean_p) / std_p + (s - mean_g) / std_g)`
        : `AS-norm, means only: s - 0.5 * (mean_p + mean_g)`) +
      ` over top-${cohortSize} cohorts; probe cohort: ` +
      `its best ${cohortSize} gallery scores without the candidate; gallery entry cohort: its best ${cohortSize} ` +
      `scores against the other entries; the best ${cohortSize + 1 + RERANK_EXTRA} raw candidates re-ranked; ` +
      'non-mated searches remove the mate from the gallery (and from every cohort) before normalising',
    normalisation: method,
    cohortSize,
    ...evaluateIdentification(normalisedOutcomes(index, cohorts, probeVectors, mates, method)),
  };
  const reasons: Record<string, number> = {};
  for (const im of o.images) {
    const e = o.embedded.get(im.path);
    const reason = !e ? 'not embedded' : e.ok ? null : e.reason;
    if (reason) reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  let withDistractors = null;
  if (o.distractors > 0) {
    const real = galleryVectors.flatMap((v) => (v ? [v] : []));
    let t = performance.now();
    const model = fitDistractorModel(real, { seed: o.seed });
    const flat = sampleDistractors(model, o.distractors, o.seed);
    const fitAndSampleMs = performance.now() - t;
    progress(`adding ${o.distractors} distractors`);
    t = performance.now();
    index.addMany(
      Array.from({ length: o.distractors }, (_, i) => split.gallery.length + 1 + i),
      flat,
    );
    const buildMs = performance.now() - t;
    t = performance.now();
    const outcomes = searchAll(index, probeVectors, mates);
    const searchMs = performance.now() - t;
    const checked = probeVectors.filter((_, i) => i % 25 === 0).flatMap((v) => (v ? [v] : []));
    let same = 0;
    for (const v of checked) {
      const exact = new Set(index.exactSearch(v, 10).map((h) => h.key));
      same += index.search(v, 10).filter((h) => exact.has(h.key)).length;
    }
    const labelled = (ims: readonly IdentityImage[], vs: readonly (Float32Array | null)[]) =>
      ims.flatMap((im, i) => (vs[i] ? [{ vector: vs[i], label: im.identity }] : []));
    withDistractors = {
      distractors: o.distractors,
      gallerySize: index.size,
      search: index.approximate
        ? { mode: 'hnsw + exact re-rank', approximateAbove: index.approximateAbove, hnsw: index.hnsw }
        : { mode: 'exact' },
      recallAt10VsExact: { probes: checked.length, recall: checked.length ? same / (10 * checked.length) : null },
      distractorModel: { fittedOn: model.fittedOn, clusters: model.clusters.length, seed: o.seed },
      impostorScores: compareImpostorScores(
        labelled(split.probes, probeVectors).filter((_, i) => i % 15 === 0),
        labelled(split.gallery, galleryVectors),
        flat,
      ),
      timingsMs: { fitAndSample: fitAndSampleMs, addToIndex: buildMs, searches: searchMs },
      ...evaluateIdentification(outcomes),
    };
  }
  const enrolledProbes = probeVectors.filter((v) => v !== null).length;
  return {
    dataset: `LFW (deep-funneled): ${o.images.length} images of ${split.gallery.length} identities`,
    protocol:
      'gallery: the first image of every identity; probes: every other image (identities with two or more); ' +
      'closed set: each probe searched against the gallery; open set: the same probe with its own gallery entry removed',
    definitions: IDENTIFICATION_DEFINITIONS,
    gallery: {
      identities: split.gallery.length,
      enrolled: keyOf.size,
      failuresToEnrol: split.gallery.length - keyOf.size,
    },
    probes: {
      images: split.probes.length,
      enrolled: enrolledProbes,
      failuresToEnrol: split.probes.length - enrolledProbes,
    },
    failureReasons: reasons,
    search: { mode: 'exact', gallerySize: keyOf.size },
    ...base,
    normalised,
    withDistractors,
    notes: [
      'Distractors: a Gaussian mixture fitted to the enrolled gallery templates, sampled and L2-normalised; ' +
        'impostorScores compares their scores against real probes with real impostor scores (and uniform noise).',
      `FPIR ${fmrKey(1e-3)} rests on floor(0.001 x ${split.probes.length}) false positives: read it as indicative.`,
      'LFW is mostly adult public figures, skewed male and white; these figures do not transfer to other populations.',
    ],
  };
}

export type IdentificationEvaluation = ReturnType<typeof runIdentification>;
