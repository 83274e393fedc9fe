/** What one 1:N search gives for its probe: where the mate ranked and the best non-mate score. */

/** What one probe's search says, for both the closed-set and the open-set measures. */
export interface SearchOutcome {
  /** 1-based rank of the mate among the candidates; null when absent (not returned, not enrolled, probe failed). */
  readonly mateRank: number | null;
  readonly mateScore: number | null;
  /**
   * The highest score among candidates other than the mate: the top score of the same search with
   * the mate's gallery entry removed (the open-set non-mated search). Null when the probe failed to
   * enrol (no template, so no candidates).
   */
  readonly nonMateTopScore: number | null;
}
