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
 *
 * One frame's matching step is frame-matching.ts; the alerts waiting to be stored, alert-backlog.ts;
 * the runner's totals, live-totals.ts (re-exported here).
 */
import type { FaceEngine } from '../faces/engine.ts';
import type { VigilLog } from '../shared/log.ts';
import { FaceTracker, type TrackerOptions } from '../faces/face-tracker.ts';
import { AlertBacklog } from './alert-backlog.ts';
import type { AlertService } from './alert.service.ts';
import { PendingHealthRecords, type CameraHealthRecorder } from './camera-health.ts';
import { CameraLoopError, CameraSupervisor, reasonOf, tagged, type SupervisorOptions } from './camera-supervisor.ts';
import { mayMatch } from './deployment-policy.ts';
import { matchFrame, type FrameMatching, type LoopContext } from './frame-matching.ts';
import { LatestFrame } from './latest-frame.ts';
import type { LiveCamera, LiveFrame } from './live-camera.ts';
import type { CameraRow } from './live.repository.ts';
import type { LiveTotals } from './live-totals.ts';
import type { TrackScorer } from './track-scorer.ts';
import type { WatchlistService } from './watchlist.service.ts';

export { emptyTotals, type LiveTotals } from './live-totals.ts';
export type { LoopContext } from './frame-matching.ts';

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

export class CameraLoop {
  /** The live view's latest analysed frame: memory only, replaced by the next (R18; latest-frame.ts). */
  readonly latest = new LatestFrame();
  private live: LiveCamera;
  private readonly sup: CameraSupervisor;
  /** Alerts raised and not stored yet: retried, with their ids, until they are (alert-backlog.ts). */
  private readonly pending: AlertBacklog;
  private readonly matching: FrameMatching;
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
    this.pending = new AlertBacklog(deps.alerts, deps.totals);
    this.matching = {
      ctx,
      camera,
      scorer,
      watchlists: deps.watchlists,
      halted: () => this.halted(),
      raise: (alert) => {
        this.deps.totals.alertsRaised++;
        if (this.pending.full) {
          this.deps.log.error({ ...this.where(), pending: this.pending.size }, 'alert store backlog full');
        }
        this.pending.add(alert);
      },
    };
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
      pendingAlerts: this.pending.size,
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
      await this.pending
        .drain()
        .catch((err: unknown) =>
          this.deps.log.error(
            { ...this.where(), reason: reasonOf(err), lost: this.pending.size, err: String(err) },
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
      await this.pending.drain();
    } catch (err) {
      ok = false;
      await this.failed(err, false);
    }
    if (ok) await this.succeeded();
  }

  private async analyse(frame: LiveFrame, tracker: FaceTracker, index: { n: number }): Promise<void> {
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
    await matchFrame(this.matching, frame, analysis.faces, trackIds, ended);
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
