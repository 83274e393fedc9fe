/**
 * Which face of a video track's best frame is the track's own (issue 13, R37): the detected face
 * that overlaps the track's recorded box best. Picking a track searches that person, never "the
 * largest face of the frame", which may be someone else's.
 */
import type { ProbeTrackRow } from '../db/schema.ts';
import type { Box } from '../faces/types.ts';
import { iou } from '../faces/face-tracker.ts';

/** The smallest overlap with the track's box for a face to count as the track's. */
const MIN_OVERLAP = 0.3;

/** The index of the track's face among `faces`, or undefined when none overlaps its box enough. */
export function trackFaceIndex(
  faces: readonly { readonly box: Box }[],
  track: Pick<ProbeTrackRow, 'best_box_json'>,
): number | undefined {
  const box = JSON.parse(track.best_box_json) as Box;
  let best = -1;
  let bestOverlap = MIN_OVERLAP;
  faces.forEach((f, i) => {
    const o = iou(f.box, box);
    if (o > bestOverlap) {
      best = i;
      bestOverlap = o;
    }
  });
  return best >= 0 ? best : undefined;
}

/** The searched face as recorded with a search: its box in the searched image, and that image's size. */
export interface SearchedFace {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** The searched face's quality gates (R15): a failed gate is shown as a warning on the results. */
  readonly quality?: { readonly passed: boolean; readonly reasons: readonly string[] };
}

export function parseSearchedFace(json: string | null): SearchedFace | null {
  return json ? (JSON.parse(json) as SearchedFace) : null;
}
