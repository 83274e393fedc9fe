/** The composition root's LFR part: watchlists, alerts, deployments, the runner and camera leases. */
import { pipelineIdOf } from '../faces/pipeline-id.ts';
import type { AssessmentService } from '../governance/assessments/assessment.service.ts';
import { AlertService } from '../live/alert.service.ts';
import { DeploymentService } from '../live/deployment.service.ts';
import { LiveRunner } from '../live/live-runner.ts';
import { CameraScheduler } from '../live/camera-scheduler.ts';
import { cameraHealthRecorder } from '../live/camera-health.ts';
import { stderrLog } from '../shared/log.ts';
import { trackerOptionsFor } from '../faces/video-probe.ts';
import { LiveRepository } from '../live/live.repository.ts';
import { AlertRepository } from '../live/alert.repository.ts';
import { WatchlistService } from '../live/watchlist.service.ts';
import { chainedAudit } from '../governance/audit/audit-port.ts';
import { cameraSourcePolicy, openLiveCamera } from './live-cameras.ts';
import type { ServicesContext } from './services-types.ts';

export function liveServices(ctx: ServicesContext, assessments: Pick<AssessmentService, 'authorisationLinkProblems'>) {
  const { o, db, media, cipher, clock, uow, events, modelId, thresholdInForce } = ctx;
  const { config } = o;
  // The live domain's repositories and seams (issue 16), one of each for all its services.
  const liveRows = new LiveRepository();
  const alertRows = new AlertRepository();
  const liveSeams = { db, uow, audit: chainedAudit, clock };
  const watchlists = new WatchlistService({
    ...liveSeams,
    rows: liveRows,
    media,
    categories: config.live.categories,
  });
  const alerts = new AlertService({
    ...liveSeams,
    rows: alertRows,
    media,
    events,
    groupWindowMs: config.live.alertGroupSeconds * 1000,
  });
  // Issue 12: cameras read only from configured hosts and folders, checked on adding, going live and connecting.
  const cameraSources = cameraSourcePolicy(config, o.env);
  const deployments = new DeploymentService({
    media,
    calibrations: o.calibrations,
    modelId,
    thresholdFloor: () => thresholdInForce(modelId).floor,
    categories: config.live.categories,
    maxDurationHours: config.live.maxDurationHours,
    vetCameraSource: (source) => cameraSources.vet(source),
    linkChecks: (d) => assessments.authorisationLinkProblems(d),
    ...liveSeams,
    rows: liveRows,
    alertRows,
  });
  const liveEngine = o.liveEngine ?? o.engine;
  if (pipelineIdOf(liveEngine.pack) !== modelId) {
    throw new Error(`the live pack's recognizer (${pipelineIdOf(liveEngine.pack)}) must be the gallery's (${modelId})`);
  }
  const runner = new LiveRunner({
    engine: liveEngine,
    deployments,
    watchlists,
    alerts,
    cipher,
    openCamera:
      o.openCamera ??
      ((camera) =>
        openLiveCamera(
          camera,
          config.live,
          (e) => {
            if (e.type === 'gap') void deployments.recordCameraGap(camera.id, e.gap).catch(() => undefined);
          },
          cameraSources,
        )),
    options: { minTrackFrames: config.live.minTrackFrames, aggregateFrames: config.live.aggregateFrames },
    health: cameraHealthRecorder(db, liveRows),
    log: o.log ?? stderrLog,
    supervisor: { failingAfter: config.live.failingAfter },
    // Appearance as well as position: a track must not carry over from one person to the next at the same spot.
    tracker: trackerOptionsFor(liveEngine),
    // The deployments' clock: the end timer (R2) counts down to the authorised end on it.
    ...(o.now ? { now: () => o.now!().getTime() } : {}),
  });
  const cameraScheduler =
    (o.runsCameras ?? true)
      ? new CameraScheduler({ db, rows: liveRows, runner, log: o.log ?? stderrLog, ...o.cameraLeases })
      : undefined;
  deployments.setLifecycle({
    onLive: (d) => cameraScheduler?.claimDeployment(d),
    onClosed: (id) => cameraScheduler?.releaseDeployment(id),
  });
  return { watchlists, alerts, deployments, runner, cameraScheduler };
}
