/**
 * The matching step of one analysed frame (camera-loop.ts; R15-R17): tracks that ended are closed
 * in the scorer; each face is counted, dropped with its quality reasons, or compared through its
 * track; a track whose score crosses the threshold raises at most one alert per person, with the
 * face's crop and the entry's reference image. The crop exists only in memory until it is stored
 * with the alert (R18). Counts go to the deployment's counts object in force at the time.
 */
import sharp from 'sharp';
import type { Track } from '../faces/face-tracker.ts';
import type { AnalysedFace } from '../faces/pipeline.ts';
import { cropRegion } from '../faces/video-probe.ts';
import type { RaisedAlert } from './alert.service.ts';
import { tagged } from './camera-supervisor.ts';
import type { DeploymentCounts } from './deployment-counts.ts';
import type { LiveFrame } from './live-camera.ts';
import type { CameraRow, DeploymentRow, WatchlistEntryRow } from './live.repository.ts';
import type { TrackScorer } from './track-scorer.ts';
import type { WatchlistService } from './watchlist.service.ts';

/** The deployment's side of the loop: its counts (replaced at each flush) and whether it stops. */
export interface LoopContext {
  readonly deployment: DeploymentRow;
  readonly entries: ReadonlyMap<string, WatchlistEntryRow>;
  readonly counts: DeploymentCounts;
  readonly stopping: boolean;
}

export interface FrameMatching {
  readonly ctx: LoopContext;
  readonly camera: CameraRow;
  readonly scorer: TrackScorer;
  readonly watchlists: Pick<WatchlistService, 'entryImage'>;
  /** True once the camera or the deployment stops: no alert is raised after. */
  readonly halted: () => boolean;
  /** Takes an alert raised (to be stored, with its idempotency id). */
  readonly raise: (alert: Omit<RaisedAlert, 'id'>) => void;
}

/** Scores one analysed frame's faces (`trackIds[i]` is face i's track) and raises its alerts. */
export async function matchFrame(
  m: FrameMatching,
  frame: LiveFrame,
  faces: readonly AnalysedFace[],
  trackIds: readonly number[],
  ended: readonly Track[],
): Promise<void> {
  const d = m.ctx.deployment;
  const counts = m.ctx.counts;
  for (const t of ended) {
    m.scorer.end(t.id);
    counts.tracks++;
  }
  for (const [i, face] of faces.entries()) {
    counts.facesSeen++;
    if (!face.quality.passed) {
      for (const reason of face.quality.reasons) counts.dropped[reason] = (counts.dropped[reason] ?? 0) + 1;
      continue;
    }
    if (!face.template) continue;
    counts.facesCompared++;
    const { alert } = m.scorer.observe(trackIds[i] ?? -1 - i, face.template.vector);
    if (!alert || m.halted()) continue;
    const entry = m.ctx.entries.get(alert.entryId);
    if (!entry) continue;
    const region = cropRegion(face.box, 0.4, frame.image.width, frame.image.height);
    const { width, height, data } = frame.image;
    const crop = await tagged('image', () =>
      sharp(data, { raw: { width, height, channels: 3 } })
        .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    const reference = await tagged('watchlist', () => m.watchlists.entryImage(entry));
    m.ctx.counts.alerts++;
    m.raise({
      deploymentId: d.id,
      cameraId: m.camera.id,
      capturedAt: frame.capturedAt,
      score: alert.score,
      threshold: d.threshold,
      trackFrames: alert.frames,
      entry,
      probeCrop: crop,
      reference,
    });
  }
}
