/**
 * 1:N searches re-scored with AS-norm (src/faces/score-normalisation.ts), as the product would:
 * each probe's raw search returns its best k + 11 candidates; the probe's cohort is that list
 * without the candidate being scored, each gallery entry's cohort its best k scores against the
 * other entries (computed once, as at enrolment). In the open-set non-mated search the mate's
 * gallery entry is removed before anything is normalised: it is in neither the probe's cohort nor
 * any gallery entry's cohort, exactly as if that identity had never been enrolled. No test label
 * other than the mate's key (which is what a non-mated search removes) is used.
 */
import {
  cohortExcluding,
  normaliseSearch,
  topScores,
  type CohortStats,
  type KeyedScore,
  type KeyedVector,
  type NormalisationMethod,
} from '../faces/score-normalisation.ts';
import type { SearchOutcome } from './search-outcome.ts';

/** Candidates beyond the cohort that a search returns for re-ranking. */
export const RERANK_EXTRA = 10;

export interface GalleryCohorts {
  readonly k: number;
  /** Best k + 1 scores of each entry against the other entries, best first (one spare for a removal). */
  readonly top: ReadonlyMap<number, readonly KeyedScore[]>;
}

/** Every gallery entry's own cohort list (entries scored against all the others). */
export function galleryCohorts(gallery: readonly KeyedVector[], k: number): GalleryCohorts {
  const top = new Map<number, readonly KeyedScore[]>();
  for (const g of gallery) {
    top.set(
      g.key,
      topScores(
        g.vector,
        gallery.filter((o) => o.key !== g.key),
        k + 1,
      ),
    );
  }
  return { k, top };
}

/** An entry's cohort with the entries in `removed` taken out of the gallery. */
export function entryCohort(c: GalleryCohorts, key: number, removed: ReadonlySet<number>): CohortStats | null {
  const list = c.top.get(key);
  return list ? cohortExcluding(list, removed, c.k) : null;
}

interface Searchable {
  search(query: Float32Array, k: number): KeyedScore[];
}

/**
 * The mated search (full gallery) and the non-mated search (mate removed) of each probe, both
 * AS-normalised; `mates[i]` is the gallery key of probe i's identity, null when not enrolled.
 */
export function normalisedOutcomes(
  index: Searchable,
  cohorts: GalleryCohorts,
  probes: readonly (Float32Array | null)[],
  mates: readonly (number | null)[],
  method: NormalisationMethod = 'as-norm',
): SearchOutcome[] {
  const k = cohorts.k;
  const none = new Set<number>();
  return probes.map((v, i): SearchOutcome => {
    if (!v) return { mateRank: null, mateScore: null, nonMateTopScore: null };
    const mate = mates[i] ?? null;
    const listed = k + 1 + RERANK_EXTRA;
    // One more than listed, so the list without the mate is still the non-mated search's full list.
    const raw = index.search(v, listed + 1);
    const mated = normaliseSearch(raw.slice(0, listed), (key) => entryCohort(cohorts, key, none), k, none, method);
    const at = mate === null ? -1 : mated.findIndex((c) => c.key === mate);
    const removed = mate === null ? none : new Set([mate]);
    const withoutMate = raw.filter((c) => !removed.has(c.key)).slice(0, listed);
    const nonMated = normaliseSearch(withoutMate, (key) => entryCohort(cohorts, key, removed), k, none, method);
    return {
      mateRank: at >= 0 ? at + 1 : null,
      mateScore: at >= 0 ? (mated[at]?.score ?? null) : null,
      nonMateTopScore: nonMated[0]?.score ?? Number.NEGATIVE_INFINITY,
    };
  });
}
