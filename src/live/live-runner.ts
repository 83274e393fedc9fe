/**
 * Runs live deployments: for each camera a supervised matching loop (camera-loop.ts: frames ->
 * engine -> tracking -> scores per track -> at most one alert per person per track, R15-R17;
 * deletion by construction, R18). Only counts survive; they are written to the deployment every
 * few seconds, and a write that fails keeps them for the next (issue 14: nothing lost, never an
 * unhandled rejection). Matching stops at the authorised end time, by a timer that closes the
 * deployment and by a check on every frame's capture time (R2).
 */
import type { FaceEngine } from '../faces/engine.ts';
import type { VigilLog } from '../shared/log.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { TrackerOptions } from '../faces/face-tracker.ts';
import type { AlertService } from './alert.service.ts';
import type { CameraHealthRecorder } from './camera-health.ts';
import { CameraLoop, emptyTotals, type LiveTotals } from './camera-loop.ts';
import { defaultSupervisorBackoff, type SupervisorOptions } from './camera-supervisor.ts';
import type { DeploymentService } from './deployment.service.ts';
import type { LatestFrame } from './latest-frame.ts';
import { emptyCounts, mergeCounts, type DeploymentCounts } from './deployment-counts.ts';
import type { CameraRow, DeploymentRow, WatchlistEntryRow } from './live.repository.ts';
import { TrackScorer } from './track-scorer.ts';
import type { WatchlistService } from './watchlist.service.ts';
import type { LiveCamera } from './live-camera.ts';
export type { LiveFrame, LiveCamera } from './live-camera.ts';

export interface LiveRunnerDeps {
  readonly engine: Pick<FaceEngine, 'analyseFrame' | 'pack'>;
  readonly deployments: Pick<DeploymentService, 'cameras' | 'addCounts' | 'get' | 'close'>;
  readonly watchlists: Pick<WatchlistService, 'entries' | 'openTemplates' | 'entryImage'>;
  readonly alerts: Pick<AlertService, 'raise'>;
  readonly cipher: ByteCipher;
  readonly openCamera: (camera: CameraRow) => LiveCamera;
  /** Where a camera's failing periods go (deployment record, audit log): camera-health.ts. */
  readonly health: CameraHealthRecorder;
  /** Required (issue 14): what goes wrong in a loop is always reported. */
  readonly log: VigilLog;
  readonly options: { readonly minTrackFrames: number; readonly aggregateFrames: number };
  /** `failingAfter` (default 5) and the backoff after a failed frame. */
  readonly supervisor?: Partial<SupervisorOptions>;
  readonly tracker?: Partial<TrackerOptions>;
  readonly now?: () => number;
  /** Counts are written to the deployment this often (ms). */
  readonly flushEveryMs?: number;
}

/** What the operator view shows of a deployment this process runs. */
export interface RunnerStatus {
  readonly cameras: Record<string, Record<string, unknown>>;
  /** Counts not yet written (including any kept after a failed write). */
  readonly pendingCounts: DeploymentCounts;
  /** Writes of the counts that failed (their counts were kept for the next). */
  readonly countsFlushErrors: number;
}

interface Running {
  readonly deployment: DeploymentRow;
  readonly cameras: Map<string, CameraLoop>;
  readonly templates: readonly { entryId: string; vector: Float32Array }[];
  readonly entries: Map<string, WatchlistEntryRow>;
  counts: DeploymentCounts;
  flushErrors: number;
  endTimer: NodeJS.Timeout | undefined;
  flushTimer: NodeJS.Timeout | undefined;
  stopping: boolean;
}

const isEmpty = (c: DeploymentCounts) =>
  c.facesSeen === 0 && c.tracks === 0 && c.alerts === 0 && Object.keys(c.dropped).length === 0;

export class LiveRunner {
  private readonly running = new Map<string, Running>();
  private readonly opening = new Map<string, Promise<Running>>();
  private readonly totalsSoFar: LiveTotals = emptyTotals();

  constructor(private readonly deps: LiveRunnerDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  isRunning(deploymentId: string): boolean {
    return this.running.has(deploymentId);
  }

  /** Totals of this runner since it was made: frames, alerts raised and stored, errors by reason, recoveries. */
  totals(): LiveTotals {
    return structuredClone(this.totalsSoFar);
  }

  /** Camera statuses and the counts not yet written, for the operator view. */
  status(deploymentId: string): RunnerStatus | undefined {
    const r = this.running.get(deploymentId);
    if (!r) return undefined;
    return {
      cameras: Object.fromEntries([...r.cameras].map(([id, c]) => [id, c.status()])),
      pendingCounts: r.counts,
      countsFlushErrors: r.flushErrors,
    };
  }

  /** Starts every camera of a live deployment in this process (the embedded, single-process mode). */
  async start(d: DeploymentRow): Promise<void> {
    await this.startCameras(d, await this.deps.deployments.cameras(d.id));
  }

  /**
   * Starts these cameras of a live deployment (those not already running here). A pipeline
   * process calls it for the cameras it holds a lease on (camera-scheduler.ts).
   */
  async startCameras(d: DeploymentRow, cameras: readonly CameraRow[]): Promise<void> {
    const r = await this.runningFor(d);
    if (r.stopping) return;
    const now = () => this.now();
    for (const camera of cameras) {
      if (r.cameras.has(camera.id)) continue;
      const scorer = new TrackScorer(r.templates, { threshold: d.threshold, ...this.deps.options });
      const loop = new CameraLoop(
        {
          engine: this.deps.engine,
          watchlists: this.deps.watchlists,
          alerts: this.deps.alerts,
          openCamera: this.deps.openCamera,
          health: this.deps.health,
          log: this.deps.log,
          supervisor: {
            failingAfter: this.deps.supervisor?.failingAfter ?? 5,
            backoff: this.deps.supervisor?.backoff ?? defaultSupervisorBackoff,
            ...(this.deps.supervisor?.random ? { random: this.deps.supervisor.random } : {}),
          },
          ...(this.deps.tracker ? { tracker: this.deps.tracker } : {}),
          now,
          totals: this.totalsSoFar,
        },
        r,
        camera,
        scorer,
      );
      r.cameras.set(camera.id, loop);
      void loop.start();
    }
  }

  /** The live view's latest analysed frame of a camera this process runs (memory only, R18). */
  latestFrame(deploymentId: string, cameraId: string): LatestFrame | undefined {
    return this.running.get(deploymentId)?.cameras.get(cameraId)?.latest;
  }

  /** Whether this process runs the camera now. */
  runsCamera(deploymentId: string, cameraId: string): boolean {
    return this.running.get(deploymentId)?.cameras.has(cameraId) ?? false;
  }

  /** Stops one camera; the deployment's last camera stopping writes its counts and releases it. */
  async stopCamera(deploymentId: string, cameraId: string): Promise<void> {
    const r = this.running.get(deploymentId);
    const camera = r?.cameras.get(cameraId);
    if (!r || !camera) return;
    r.cameras.delete(cameraId);
    await camera.stop();
    if (r.cameras.size === 0) await this.stop(deploymentId);
  }

  /** The deployment's running state, opened once: its watchlist templates, end timer and count flushes. */
  private runningFor(d: DeploymentRow): Promise<Running> {
    const known = this.running.get(d.id);
    if (known) return Promise.resolve(known);
    let opening = this.opening.get(d.id);
    if (!opening) {
      opening = this.open(d).finally(() => this.opening.delete(d.id));
      this.opening.set(d.id, opening);
    }
    return opening;
  }

  private async open(d: DeploymentRow): Promise<Running> {
    const entries = await this.deps.watchlists.entries(d.id);
    const templates = this.deps.watchlists.openTemplates(entries, (sealed, ctx) =>
      this.deps.cipher.openVector(sealed, ctx),
    );
    const r: Running = {
      deployment: d,
      cameras: new Map(),
      templates: templates.map((t) => ({ entryId: t.entry.id, vector: t.vector })),
      entries: new Map(entries.map((e) => [e.id, e])),
      counts: structuredClone(emptyCounts),
      flushErrors: 0,
      endTimer: undefined,
      flushTimer: undefined,
      stopping: false,
    };
    this.running.set(d.id, r);
    const untilEnd = Date.parse(d.planned_end) - this.now();
    r.endTimer = setTimeout(() => void this.endTime(d.id), Math.max(0, Math.min(untilEnd, 2 ** 31 - 1)));
    // flush() never rejects: a failed write is counted and its counts kept for the next.
    r.flushTimer = setInterval(() => void this.flush(r), this.deps.flushEveryMs ?? 5000);
    r.flushTimer.unref();
    return r;
  }

  /** Stops the deployment's cameras and writes its counts. Safe to call twice. */
  async stop(deploymentId: string): Promise<void> {
    const r = this.running.get(deploymentId);
    if (!r || r.stopping) return;
    r.stopping = true;
    clearTimeout(r.endTimer);
    clearInterval(r.flushTimer);
    await Promise.allSettled([...r.cameras.values()].map((c) => c.stop()));
    // The last write: a few tries, then the counts are logged (numbers only) rather than dropped silently.
    for (let attempt = 0; attempt < 3 && !(await this.flush(r)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
    if (!isEmpty(r.counts)) {
      this.deps.log.error({ deploymentId, counts: r.counts }, 'the last counts of a deployment could not be written');
    }
    this.running.delete(deploymentId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  private async endTime(deploymentId: string): Promise<void> {
    try {
      // Several pipeline processes may run cameras of one deployment: the first closes it.
      if ((await this.deps.deployments.get(deploymentId)).status === 'live') {
        await this.deps.deployments.close(deploymentId, null, 'end-time');
      }
    } catch (err) {
      this.deps.log.error({ deploymentId, err: String(err) }, 'closing a deployment at its end time failed');
    }
    await this.stop(deploymentId).catch((err: unknown) =>
      this.deps.log.error({ deploymentId, err: String(err) }, 'stopping a deployment at its end time failed'),
    );
  }

  /** Writes the counts gathered so far; on failure keeps them for the next write. True when nothing is left. */
  private async flush(r: Running): Promise<boolean> {
    const c = r.counts;
    if (isEmpty(c)) return true;
    r.counts = structuredClone(emptyCounts);
    try {
      await this.deps.deployments.addCounts(r.deployment.id, c);
      return true;
    } catch (err) {
      // Counts gathered while the write was in flight are added to those that failed: none lost.
      r.counts = mergeCounts(c, r.counts);
      r.flushErrors++;
      const t = this.totalsSoFar;
      t.errors['counts-store'] = (t.errors['counts-store'] ?? 0) + 1;
      this.deps.log.error(
        { deploymentId: r.deployment.id, failures: r.flushErrors, err: String(err) },
        'writing the deployment counts failed: kept for the next write',
      );
      return false;
    }
  }
}
