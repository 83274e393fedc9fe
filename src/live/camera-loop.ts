/**
 * One camera's matching loop, supervised (issue 14): frames -> the engine -> tracking -> scores per
 * track -> at most one alert per person per track (R15-R17). Deletion by construction (R18): a
 * frame, its faces, crops and templates live only in this loop's variables; only counts survive.
 *
 * Nothing one frame does ends the loop: an engine error (a worker crashed) drops that frame, which
 * is counted with its reason; an alert that could not be stored is kept, with its id, and retried
 * until it is (the id makes the retry idempotent: stored exactly once); a source that fails with
 * an error is reopened. Each failure waits a growing backoff; `failingAfter` consecutive failures
 * make the camera `failing` (status, metrics, deployment record, audit) until a frame goes through.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { FaceEngine } from '../faces/engine.ts';
import { cropRegion } from '../faces/video-probe.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { VigilLog } from '../shared/log.ts';
import { FaceTracker, type TrackerOptions } from '../faces/face-tracker.ts';
import type { AlertService, RaisedAlert } from './alert.service.ts';
import { PendingHealthRecords, type CameraHealthRecorder } from './camera-health.ts';
import {
  CameraLoopError,
  CameraSupervisor,
  reasonOf,
  tagged,
  type CameraErrorReason,
  type SupervisorOptions,
} from './camera-supervisor.ts';
import { mayMatch } from './deployment-policy.ts';
import type { DeploymentCounts } from './deployment-counts.ts';
import { LatestFrame } from './latest-frame.ts';
import type { LiveCamera, LiveFrame } from './live-camera.ts';
import type { CameraRow, DeploymentRow, WatchlistEntryRow } from './live.repository.ts';
import type { TrackScorer } from './track-scorer.ts';
import type { WatchlistService } from './watchlist.service.ts';

/** Totals of a runner across its cameras (for the soak run and tests). */
export interface LiveTotals {
  framesAnalysed: number;
  framesFailed: number;
  alertsRaised: number;
  alertsStored: number;
  /** Alerts not stored because the deployment was no longer live. */
  alertsRefused: number;
  failingPeriods: number;
  recoveries: number;
  errors: Partial<Record<CameraErrorReason, number>>;
}

export const emptyTotals = (): LiveTotals => ({
  framesAnalysed: 0,
  framesFailed: 0,
  alertsRaised: 0,
  alertsStored: 0,
  alertsRefused: 0,
  failingPeriods: 0,
  recoveries: 0,
  errors: {},
});

export interface CameraLoopDeps {
  readonly engine: Pick<FaceEngine, 'analyseFrame'>;
  readonly watchlists: Pick<WatchlistService, 'entryImage'>;
  readonly alerts: Pick<AlertService, 'raise'>;
  readonly openCamera: (camera: CameraRow) => LiveCamera;
  readonly health: CameraHealthRecorder;
  readonly log: VigilLog;
  readonly supervisor: SupervisorOptions;
  readonly tracker?: Partial<TrackerOptions>;
  readonly now: () => number;
  readonly totals: LiveTotals;
}

/** The deployment's side of the loop: its counts (replaced at each flush) and whether it stops. */
export interface LoopContext {
  readonly deployment: DeploymentRow;
  readonly entries: ReadonlyMap<string, WatchlistEntryRow>;
  readonly counts: DeploymentCounts;
  readonly stopping: boolean;
}

/** Alerts waiting to be stored, at most this many per camera (the oldest is kept: it is the longest unseen). */
const MAX_PENDING_ALERTS = 100;

export class CameraLoop {
  /** The live view's latest analysed frame: memory only, replaced by the next (R18; latest-frame.ts). */
  readonly latest = new LatestFrame();
  private live: LiveCamera;
  private readonly sup: CameraSupervisor;
  private readonly pending: (RaisedAlert & { readonly id: string })[] = [];
  /** Failing/recovered records not written yet: retried, in order, until they are (issue 14). */
  private readonly health: PendingHealthRecords;
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deps: CameraLoopDeps,
    private readonly ctx: LoopContext,
    private readonly camera: CameraRow,
    private readonly scorer: TrackScorer,
  ) {
    this.live = deps.openCamera(camera);
    this.sup = new CameraSupervisor(deps.supervisor);
    this.health = new PendingHealthRecords(deps.health);
  }

  /** Starts the loop (once); the promise never rejects. */
  start(): Promise<void> {
    this.loop ??= this.run().catch((err: unknown) =>
      this.deps.log.error({ ...this.where(), err: String(err) }, 'camera loop ended by an error'),
    );
    return this.loop;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.live.stop();
    await this.loop;
    this.latest.clear();
  }

  /** The feed's status with the matching's: `state` is `failing` while the camera is. */
  status(): Record<string, unknown> {
    const feed = this.live.status();
    const m = this.sup.status();
    return {
      ...feed,
      ...m,
      pendingAlerts: this.pending.length,
      pendingHealthRecords: this.health.size,
      ...(m.matching === 'failing' ? { state: 'failing', feedState: feed['state'] } : {}),
    };
  }

  private halted(): boolean {
    return this.stopped || this.ctx.stopping;
  }

  private where(): Record<string, unknown> {
    return this.whereIds();
  }

  private async run(): Promise<void> {
    const tracker = new FaceTracker(this.deps.tracker);
    // The tracker counts analysed frames, not camera frames: frames the queue dropped are not misses.
    const index = { n: 0 };
    try {
      while (!this.halted()) {
        try {
          for await (const frame of this.live) {
            if (this.halted()) return;
            // R2: nothing captured at or after the authorised end is matched.
            if (!mayMatch('live', this.ctx.deployment.planned_end, frame.capturedAt)) return;
            await this.frame(frame, tracker, index);
          }
          return;
        } catch (err) {
          // Only the source's own errors come here: a frame's are handled in frame().
          if (this.halted()) return;
          await this.failed(new CameraLoopError('source', err), false);
          await this.live.stop().catch(() => undefined);
          if (this.halted()) return;
          this.live = this.deps.openCamera(this.camera);
        }
      }
    } finally {
      this.latest.clear();
      for (const t of tracker.finish()) {
        this.scorer.end(t.id);
        this.ctx.counts.tracks++;
      }
      await this.flushHealth();
      // One last try for alerts still waiting (the deployment may still be live).
      await this.drainAlerts().catch((err: unknown) =>
        this.deps.log.error(
          { ...this.where(), reason: reasonOf(err), lost: this.pending.length, err: String(err) },
          'alerts could not be stored before the camera stopped',
        ),
      );
    }
  }

  private async frame(frame: LiveFrame, tracker: FaceTracker, index: { n: number }): Promise<void> {
    let ok = true;
    try {
      await this.analyse(frame, tracker, index);
    } catch (err) {
      ok = false;
      await this.failed(err, true);
    }
    try {
      await this.drainAlerts();
    } catch (err) {
      ok = false;
      await this.failed(err, false);
    }
    if (ok) await this.succeeded();
  }

  private async analyse(frame: LiveFrame, tracker: FaceTracker, index: { n: number }): Promise<void> {
    const d = this.ctx.deployment;
    const analysis = await tagged('engine', () => this.deps.engine.analyseFrame(frame.image, { embed: 'passing' }));
    this.sup.analysedFrame();
    this.deps.totals.framesAnalysed++;
    const { trackIds, ended } = tracker.update({ index: index.n++, timestampMs: frame.capturedAt }, analysis.faces);
    this.latest.set(
      frame.image,
      analysis.faces.map((f, i) => ({
        box: f.box,
        trackId: trackIds[i] ?? -1,
        compared: f.quality.passed && f.template !== undefined,
      })),
      frame.capturedAt,
    );
    const counts = this.ctx.counts;
    for (const t of ended) {
      this.scorer.end(t.id);
      counts.tracks++;
    }
    for (const [i, face] of analysis.faces.entries()) {
      counts.facesSeen++;
      if (!face.quality.passed) {
        for (const reason of face.quality.reasons) counts.dropped[reason] = (counts.dropped[reason] ?? 0) + 1;
        continue;
      }
      if (!face.template) continue;
      counts.facesCompared++;
      const { alert } = this.scorer.observe(trackIds[i] ?? -1 - i, face.template.vector);
      if (!alert || this.halted()) continue;
      const entry = this.ctx.entries.get(alert.entryId);
      if (!entry) continue;
      const region = cropRegion(face.box, 0.4, frame.image.width, frame.image.height);
      const { width, height, data } = frame.image;
      const crop = await tagged('image', () =>
        sharp(data, { raw: { width, height, channels: 3 } })
          .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
          .jpeg({ quality: 90 })
          .toBuffer(),
      );
      const reference = await tagged('watchlist', () => this.deps.watchlists.entryImage(entry));
      this.ctx.counts.alerts++;
      this.deps.totals.alertsRaised++;
      if (this.pending.length >= MAX_PENDING_ALERTS) {
        this.deps.log.error({ ...this.where(), pending: this.pending.length }, 'alert store backlog full');
      }
      this.pending.push({
        // The idempotency key: a retry after a failure the store may have committed stores nothing twice.
        id: randomUUID(),
        deploymentId: d.id,
        cameraId: this.camera.id,
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

  /** Stores the waiting alerts, oldest first; stops at the first failure (the rest wait). */
  private async drainAlerts(): Promise<void> {
    while (this.pending.length > 0) {
      const next = this.pending[0]!;
      try {
        await tagged('alert-store', () => this.deps.alerts.raise(next));
        this.deps.totals.alertsStored++;
      } catch (err) {
        const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
        if (!(cause instanceof DomainError && cause.code === 'not-live')) throw err;
        // The deployment closed: no alert may be added to it (R2), so none is retried.
        this.deps.totals.alertsRefused++;
      }
      this.pending.shift();
    }
  }

  private async failed(err: unknown, frameLost: boolean): Promise<void> {
    const reason = reasonOf(err);
    const at = this.deps.now();
    const { delayMs, becameFailing } = this.sup.failure(reason, at, frameLost);
    const t = this.deps.totals;
    t.errors[reason] = (t.errors[reason] ?? 0) + 1;
    if (frameLost) t.framesFailed++;
    const s = this.sup.status();
    this.deps.log.warn(
      { ...this.where(), reason, consecutiveFailures: s.consecutiveFailures, retryInMs: delayMs, err: String(err) },
      'camera frame failed',
    );
    if (becameFailing) {
      t.failingPeriods++;
      this.deps.log.error({ ...this.where(), reason, consecutiveFailures: s.consecutiveFailures }, 'camera failing');
      const event = { ...this.whereIds(), from: at, reason, consecutiveFailures: s.consecutiveFailures };
      this.health.add({ kind: 'failing', event });
    }
    await this.flushHealth();
    await this.sleep(delayMs);
  }

  private async succeeded(): Promise<void> {
    const period = this.sup.success(this.deps.now());
    if (period) {
      this.deps.totals.recoveries++;
      this.deps.log.info({ ...this.where(), failingMs: period.to - period.from }, 'camera recovered');
      this.health.add({ kind: 'recovered', event: { ...this.whereIds(), ...period } });
    }
    await this.flushHealth();
  }

  /** Writes the camera's waiting failing/recovered records; what fails is kept for the next try. */
  private async flushHealth(): Promise<void> {
    if (this.health.size === 0) return;
    await this.health
      .flush()
      .catch((e: unknown) =>
        this.deps.log.error(
          { ...this.where(), pending: this.health.size, err: String(e) },
          'recording the camera failing/recovered failed: kept for the next try',
        ),
      );
  }

  private whereIds(): { deploymentId: string; cameraId: string } {
    return { deploymentId: this.ctx.deployment.id, cameraId: this.camera.id };
  }

  /** A backoff wait that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.halted()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
