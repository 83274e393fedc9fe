/**
 * Runs live deployments: for each camera, frames from its bounded queue -> detection, quality and
 * templates in the engine's workers -> tracking -> watchlist scores aggregated per track -> at
 * most one alert per person per track (R15-R17). Deletion by construction (R18): a frame, its
 * faces, crops and templates live only in this loop's variables and are released when the next
 * frame comes; nothing of a face that raises no alert is written anywhere. Only counts survive.
 * Matching stops at the authorised end time, by a timer that closes the deployment and by a check
 * on every frame's capture time (R2).
 */
import sharp from 'sharp';
import type { FaceEngine } from '../faces/engine.ts';
import type { RgbImage } from '../faces/types.ts';
import { cropRegion } from '../retro/video-probe.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import { FaceTracker, type TrackerOptions } from '../video/face-tracker.ts';
import type { AlertService } from './alert.service.ts';
import { mayMatch } from './deployment-policy.ts';
import type { DeploymentService } from './deployment.service.ts';
import { emptyCounts, type DeploymentCounts } from './deployment-counts.ts';
import type { CameraRow, DeploymentRow, WatchlistEntryRow } from './live.repository.ts';
import { TrackScorer } from './track-scorer.ts';
import type { WatchlistService } from './watchlist.service.ts';

export interface LiveFrame {
  readonly seq: number;
  /** Wall-clock ms when the frame arrived from the camera. */
  readonly capturedAt: number;
  readonly image: RgbImage;
}

/** A started camera: its frames (a bounded queue behind), its status, and a way to stop it. */
export interface LiveCamera extends AsyncIterable<LiveFrame> {
  status(): Record<string, unknown>;
  stop(): Promise<void>;
}

export interface LiveRunnerDeps {
  readonly engine: Pick<FaceEngine, 'analyseFrame' | 'pack'>;
  readonly deployments: DeploymentService;
  readonly watchlists: WatchlistService;
  readonly alerts: AlertService;
  readonly cipher: ByteCipher;
  readonly openCamera: (camera: CameraRow) => LiveCamera;
  readonly options: { readonly minTrackFrames: number; readonly aggregateFrames: number };
  readonly tracker?: Partial<TrackerOptions>;
  readonly now?: () => number;
  /** Counts are written to the deployment this often (ms). */
  readonly flushEveryMs?: number;
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
}

interface Running {
  readonly deployment: DeploymentRow;
  readonly cameras: Map<string, LiveCamera>;
  readonly loops: Map<string, Promise<void>>;
  readonly templates: readonly { entryId: string; vector: Float32Array }[];
  readonly entries: Map<string, WatchlistEntryRow>;
  counts: DeploymentCounts;
  endTimer: NodeJS.Timeout | undefined;
  flushTimer: NodeJS.Timeout | undefined;
  stopping: boolean;
}

function addDrop(counts: DeploymentCounts, reason: string): void {
  counts.dropped[reason] = (counts.dropped[reason] ?? 0) + 1;
}

export class LiveRunner {
  private readonly running = new Map<string, Running>();
  private readonly opening = new Map<string, Promise<Running>>();

  constructor(private readonly deps: LiveRunnerDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  isRunning(deploymentId: string): boolean {
    return this.running.has(deploymentId);
  }

  /** Camera statuses and the counts not yet written, for the operator view. */
  status(
    deploymentId: string,
  ): { cameras: Record<string, Record<string, unknown>>; pendingCounts: DeploymentCounts } | undefined {
    const r = this.running.get(deploymentId);
    if (!r) return undefined;
    return {
      cameras: Object.fromEntries([...r.cameras].map(([id, c]) => [id, c.status()])),
      pendingCounts: r.counts,
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
    for (const camera of cameras) {
      if (r.cameras.has(camera.id)) continue;
      const live = this.deps.openCamera(camera);
      r.cameras.set(camera.id, live);
      const scorer = new TrackScorer(r.templates, { threshold: d.threshold, ...this.deps.options });
      r.loops.set(camera.id, this.runCamera(r, camera, live, scorer, r.entries));
    }
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
    await Promise.allSettled([r.loops.get(cameraId)]);
    r.loops.delete(cameraId);
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
      loops: new Map(),
      templates: templates.map((t) => ({ entryId: t.entry.id, vector: t.vector })),
      entries: new Map(entries.map((e) => [e.id, e])),
      counts: structuredClone(emptyCounts),
      endTimer: undefined,
      flushTimer: undefined,
      stopping: false,
    };
    this.running.set(d.id, r);
    const untilEnd = Date.parse(d.planned_end) - this.now();
    r.endTimer = setTimeout(() => void this.endTime(d.id), Math.max(0, Math.min(untilEnd, 2 ** 31 - 1)));
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
    await Promise.all([...r.cameras.values()].map((c) => c.stop()));
    await Promise.allSettled(r.loops.values());
    await this.flush(r);
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
      this.deps.log?.('closing a deployment at its end time failed', { deploymentId, err: String(err) });
    }
    await this.stop(deploymentId);
  }

  private async flush(r: Running): Promise<void> {
    const c = r.counts;
    if (c.facesSeen === 0 && c.tracks === 0 && c.alerts === 0) return;
    r.counts = structuredClone(emptyCounts);
    await this.deps.deployments.addCounts(r.deployment.id, c);
  }

  private async runCamera(
    r: Running,
    camera: CameraRow,
    live: LiveCamera,
    scorer: TrackScorer,
    entries: Map<string, WatchlistEntryRow>,
  ): Promise<void> {
    const d = r.deployment;
    const tracker = new FaceTracker(this.deps.tracker);
    // The tracker counts analysed frames, not camera frames: frames the queue dropped are not misses.
    let analysed = 0;
    try {
      for await (const frame of live) {
        if (r.stopping) break;
        // R2: nothing captured at or after the authorised end is matched.
        if (!mayMatch('live', d.planned_end, frame.capturedAt)) break;
        const analysis = await this.deps.engine.analyseFrame(frame.image, { embed: 'passing' });
        const { trackIds, ended } = tracker.update(
          { index: analysed++, timestampMs: frame.capturedAt },
          analysis.faces,
        );
        for (const t of ended) {
          scorer.end(t.id);
          r.counts.tracks++;
        }
        for (const [i, face] of analysis.faces.entries()) {
          r.counts.facesSeen++;
          if (!face.quality.passed) {
            for (const reason of face.quality.reasons) addDrop(r.counts, reason);
            continue;
          }
          if (!face.template) continue;
          r.counts.facesCompared++;
          const { alert } = scorer.observe(trackIds[i] ?? -1 - i, face.template.vector);
          if (!alert || r.stopping) continue;
          const entry = entries.get(alert.entryId);
          if (!entry) continue;
          const region = cropRegion(face.box, 0.4, frame.image.width, frame.image.height);
          const crop = await sharp(frame.image.data, {
            raw: { width: frame.image.width, height: frame.image.height, channels: 3 },
          })
            .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
            .jpeg({ quality: 90 })
            .toBuffer();
          r.counts.alerts++;
          await this.deps.alerts.raise({
            deploymentId: d.id,
            cameraId: camera.id,
            capturedAt: frame.capturedAt,
            score: alert.score,
            threshold: d.threshold,
            trackFrames: alert.frames,
            entry,
            probeCrop: crop,
            reference: await this.deps.watchlists.entryImage(entry),
          });
        }
      }
    } catch (err) {
      this.deps.log?.('camera loop failed', { deploymentId: d.id, cameraId: camera.id, err: String(err) });
    } finally {
      for (const t of tracker.finish()) {
        scorer.end(t.id);
        r.counts.tracks++;
      }
    }
  }
}
