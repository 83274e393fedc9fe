/**
 * Watchlist matching over a tracked person (R16, R17). Each compared face of a track is scored
 * against every watchlist template; a track's score for an entry is the mean of its best
 * `aggregateFrames` frame scores, and it alerts once, for its best entry, when that score reaches
 * the threshold after at least `minTrackFrames` compared frames. Below the threshold the answer is
 * "no match": nothing is returned, never the closest person. Only numbers are kept per track (no
 * templates, no pixels); a track's state is dropped when it ends.
 */
import { dot } from '../faces/template.ts';

export interface WatchlistTemplate {
  readonly entryId: string;
  readonly vector: Float32Array;
}

export interface TrackScorerOptions {
  readonly threshold: number;
  readonly minTrackFrames: number;
  readonly aggregateFrames: number;
}

export interface TrackAlert {
  readonly entryId: string;
  /** The aggregated score that reached the threshold. */
  readonly score: number;
  /** This frame's score for the entry (the frame whose crop goes with the alert is the best one). */
  readonly frameScore: number;
  /** Compared frames of the track. */
  readonly frames: number;
}

interface TrackState {
  frames: number;
  alerted: boolean;
  /** Best frame scores per entry, descending, at most aggregateFrames long. */
  best: Map<string, number[]>;
}

export class TrackScorer {
  private readonly tracks = new Map<number, TrackState>();

  constructor(
    private readonly watchlist: readonly WatchlistTemplate[],
    private readonly o: TrackScorerOptions,
  ) {
    for (const w of watchlist) {
      if (w.vector.length !== watchlist[0]?.vector.length) throw new Error('watchlist templates differ in length');
    }
  }

  get activeTracks(): number {
    return this.tracks.size;
  }

  /**
   * Scores one face of a track. Returns an alert the first time the track's aggregated score for
   * some entry reaches the threshold (then never again for that track), otherwise null.
   * `frameScores` receives the best frame score of this face (for choosing which crop to keep).
   */
  observe(trackId: number, template: Float32Array): { alert: TrackAlert | null; bestFrameScore: number } {
    let state = this.tracks.get(trackId);
    if (!state) {
      state = { frames: 0, alerted: false, best: new Map() };
      this.tracks.set(trackId, state);
    }
    state.frames++;
    let bestFrameScore = -1;
    for (const w of this.watchlist) {
      if (w.vector.length !== template.length) throw new Error('probe and watchlist templates differ in length');
      const s = dot(template, w.vector);
      bestFrameScore = Math.max(bestFrameScore, s);
      const list = state.best.get(w.entryId) ?? [];
      list.push(s);
      list.sort((a, b) => b - a);
      if (list.length > this.o.aggregateFrames) list.length = this.o.aggregateFrames;
      state.best.set(w.entryId, list);
    }
    if (state.alerted || state.frames < this.o.minTrackFrames) return { alert: null, bestFrameScore };
    let top: TrackAlert | null = null;
    for (const [entryId, list] of state.best) {
      const score = list.reduce((a, b) => a + b, 0) / list.length;
      if (score >= this.o.threshold && (!top || score > top.score)) {
        top = { entryId, score, frameScore: list[0] ?? score, frames: state.frames };
      }
    }
    if (top) state.alerted = true;
    return { alert: top, bestFrameScore };
  }

  /** Forgets a track that ended. */
  end(trackId: number): void {
    this.tracks.delete(trackId);
  }
}
