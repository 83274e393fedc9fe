/**
 * Test support for the periodic report, retrospective side: searches with their candidate
 * decisions written straight into the tables, and a small bias report in the shape
 * `vigil eval demographics` writes. Expected figures are worked out in periodic-report.test.ts.
 */
import type { Queryable } from '../../src/db/database.ts';

interface SeededSearch {
  readonly id: string;
  readonly offence: string;
  readonly at: string;
  readonly model?: string;
  readonly reviewed?: boolean;
  /** Per candidate: examiner decision and officer decision. */
  readonly candidates: readonly [string | null, string | null][];
}

export const seededSearches: readonly SeededSearch[] = [
  {
    id: 'S1',
    offence: 'robbery',
    at: '2026-03-02T10:00:00.000Z',
    reviewed: true,
    candidates: [
      ['possible-match', 'accepted-as-lead'],
      ['not-a-match', null],
    ],
  },
  {
    id: 'S2',
    offence: 'robbery',
    at: '2026-03-10T10:00:00.000Z',
    candidates: [
      ['possible-match', 'rejected'],
      ['possible-match', null],
    ],
  },
  { id: 'S3', offence: 'robbery', at: '2026-03-11T10:00:00.000Z', candidates: [] },
  {
    id: 'S4',
    offence: 'burglary',
    at: '2026-03-15T10:00:00.000Z',
    model: 'model-c',
    reviewed: true,
    candidates: [
      ['inconclusive', null],
      ['possible-match', 'accepted-as-lead'],
    ],
  },
  { id: 'S5', offence: 'burglary', at: '2026-03-31T23:59:59.999Z', candidates: [['not-a-match', null]] },
  { id: 'S6', offence: 'fraud', at: '2026-04-01T00:00:00.000Z', candidates: [['possible-match', 'accepted-as-lead']] },
  { id: 'S7', offence: 'fraud', at: '2026-02-28T23:59:59.999Z', candidates: [['possible-match', 'accepted-as-lead']] },
];

export async function seedSearches(q: Queryable): Promise<void> {
  const at = '2026-02-01T00:00:00.000Z';
  await q
    .insertInto('cases')
    .values({
      id: 'C1',
      reference: 'C1',
      offence_type: 'robbery',
      title: 't',
      authorisation_ref: null,
      status: 'open',
      created_by: 'inv',
      created_at: at,
    })
    .execute();
  await q
    .insertInto('probes')
    .values({
      id: 'P1',
      case_id: 'C1',
      kind: 'image',
      media_id: 'm',
      sha256: 'x',
      filename: null,
      provenance: 'cctv',
      description: null,
      width: 10,
      height: 10,
      duration_ms: null,
      uploaded_by: 'inv',
      created_at: at,
    })
    .execute();
  for (const s of seededSearches) {
    await q
      .insertInto('searches')
      .values({
        id: s.id,
        case_id: 'C1',
        probe_id: 'P1',
        track_id: null,
        face_index: 0,
        enhancements_json: '[]',
        offence_type: s.offence,
        justification: 'j',
        provenance: 'cctv',
        legal_basis: 'b',
        model_id: s.model ?? 'model-a',
        max_candidates: 10,
        policy_min_score: null,
        threshold_in_force: s.model ? 0.8 : 0.93,
        candidate_count: s.candidates.length,
        requested_by: 'inv',
        created_at: s.at,
        supervisor_review_by: s.reviewed ? 'sup' : null,
        supervisor_review_at: s.reviewed ? s.at : null,
        supervisor_review_note: s.reviewed ? 'ok' : null,
      })
      .execute();
    for (const [i, [examiner, officer]] of s.candidates.entries()) {
      await q
        .insertInto('search_candidates')
        .values({
          search_id: s.id,
          rank: i + 1,
          subject_id: `subject-${i}`,
          subject_reference: `ref-${i}`,
          image_id: `image-${i}`,
          score: 0.9 - i / 100,
          examiner_decision: examiner,
          examiner_by: examiner ? 'exam' : null,
          examiner_at: examiner ? s.at : null,
          examiner_note: null,
          officer_decision: officer,
          officer_by: officer ? 'officer' : null,
          officer_at: officer ? s.at : null,
          officer_note: null,
        })
        .execute();
    }
  }
}

/** A small bias report in the shape `vigil eval demographics` writes, for model-a at 0.93. */
export const modelABiasReport = {
  pack: 'test',
  modelId: 'model-a',
  measuredAt: '2026-02-01T00:00:00.000Z',
  command: 'vigil eval demographics',
  threshold: { modelId: 'model-a', threshold: 0.93, operatingFmr: '1e-3', source: 'calibrated' },
  dataset: 'test set',
  configuredThreshold: 0.93,
  thresholds: [
    { id: 'configured', kind: 'configured', value: 0.93, targetFmr: null, pooledFmr: 0.015, pooledFalseMatches: 3 },
    { id: 'configured+0.05', kind: 'neighbour', value: 0.98, targetFmr: null, pooledFmr: 0, pooledFalseMatches: 0 },
  ],
  cells: [
    {
      gender: 'female',
      race: 'black',
      pairs: 100,
      byThreshold: {
        configured: { falseMatches: 2, fmr: 0.02, ciLow: 0.005, ciHigh: 0.07, watchlist: [] },
        'configured+0.05': { falseMatches: 0, fmr: 0, ciLow: 0, ciHigh: 0.037, watchlist: [] },
      },
    },
    {
      gender: 'male',
      race: 'white',
      pairs: 100,
      byThreshold: {
        configured: { falseMatches: 1, fmr: 0.01, ciLow: 0.002, ciHigh: 0.054, watchlist: [] },
        'configured+0.05': { falseMatches: 0, fmr: 0, ciLow: 0, ciHigh: 0.037, watchlist: [] },
      },
    },
  ],
  worstToBestRatio: {
    configured: {
      worstCell: 'female black',
      worstFmr: 0.02,
      bestCell: 'male white',
      bestFmr: 0.01,
      ratio: 2,
      conservativeRatio: 0.37,
    },
  },
  pooledPairs: 200,
  ciMethod: 'Wilson score interval, 95%',
  notes: [],
};
