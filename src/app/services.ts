/**
 * The composition root of Vigil's stateful side, shared by the server and the CLI: configuration
 * -> database (migrated) -> media key -> sealed media store -> gallery index -> use cases. Written
 * by hand so a reader sees every dependency in one place.
 */
import { existsSync } from 'node:fs';
import type { VigilConfig } from './config.ts';
import { defaultSqliteFile, openDatabase, type Database } from '../db/database.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { templateDimensions } from '../faces/template-dimensions.ts';
import { resolveThreshold, type CalibrationFile, type ResolvedThreshold } from '../faces/thresholds.ts';
import { openGalleryIndex, type OpenedGalleryIndex } from '../gallery/gallery-index.ts';
import { openGalleryIndexReplica } from '../gallery/gallery-index-replica.ts';
import { noGalleryIndex } from '../gallery/no-gallery-index.ts';
import { GalleryService } from '../gallery/gallery.service.ts';
import { GalleryRepository } from '../gallery/gallery.repository.ts';
import { CaseService, type VideoAnalysis } from '../retro/case.service.ts';
import { CaseRepository } from '../retro/case.repository.ts';
import { ProbeService } from '../retro/probe.service.ts';
import { SearchRepository } from '../retro/search.repository.ts';
import { ReviewRepository } from '../retro/review.repository.ts';
import type { Authorise, RetroUsers } from '../retro/retro.ports.ts';
import { authorise } from '../governance/authorise.ts';
import { identityRepository } from '../governance/identity/identity.repository.ts';
import { userNames } from '../governance/identity/user-names.ts';
import { SearchService, type EnhancementChain } from '../retro/search.service.ts';
import { EvidenceService } from '../retro/evidence.service.ts';
import { SearchReviewService } from '../retro/search-review.service.ts';
import { AlertService } from '../live/alert.service.ts';
import { AssessmentService } from '../governance/assessments/assessment.service.ts';
import { probeTempDir, sweepStaleTemp } from '../video/temp-sweep.ts';
import { evalSigningKeyFile } from '../governance/assessments/eval-signing-key.ts';
import { RetentionService } from '../governance/retention/retention.service.ts';
import { AuditQueryService } from '../governance/audit/audit-query.service.ts';
import { FacesService } from '../faces/faces.service.ts';
import { ThresholdPolicyService } from '../governance/assessments/threshold-policy.service.ts';
import { DeploymentService } from '../live/deployment.service.ts';
import { LiveRunner, type LiveCamera } from '../live/live-runner.ts';
import { CameraScheduler, type CameraSchedulerOptions } from '../live/camera-scheduler.ts';
import { LiveStatusService } from '../live/live-status.ts';
import { cameraHealthRecorder } from '../live/camera-health.ts';
import { stderrLog, type VigilLog } from '../shared/log.ts';
import { trackerOptionsFor } from '../faces/video-probe.ts';
import { LiveRepository, type CameraRow } from '../live/live.repository.ts';
import { AlertRepository } from '../live/alert.repository.ts';
import { cameraSourcePolicy, openLiveCamera } from './live-cameras.ts';
import { WatchlistService } from '../live/watchlist.service.ts';
import { ByteCipher } from '../storage/cipher.ts';
import { loadMediaKey, type LoadedMediaKey } from '../storage/media-key.ts';
import { MediaStore } from '../storage/media-store.ts';
import { ArchiveService } from '../archive/archive.service.ts';
import { ArchiveRepository } from '../archive/archive.repository.ts';
import { Outbox } from '../jobs/outbox.ts';
import { clockOf } from '../shared/clock.ts';
import { kyselyUnitOfWork } from '../db/unit-of-work.ts';
import { chainedAudit } from '../governance/audit/audit-port.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { InProcessEventBus, type EventBus } from '../events/event-bus.ts';
import { openConfiguredWitness } from '../governance/audit/witness-setup.ts';

export interface ServicesOptions {
  readonly config: VigilConfig;
  readonly env: NodeJS.ProcessEnv;
  /** A started engine; the services never close it. */
  readonly engine: Pick<FaceEngine, 'analyse' | 'analyseFrame' | 'pack'>;
  readonly calibrations: () => CalibrationFile;
  readonly analyseVideo: (bytes: Uint8Array) => Promise<VideoAnalysis>;
  readonly enhance: (bytes: Uint8Array, chain: EnhancementChain) => Promise<Uint8Array>;
  /** The engine for live cameras (default: `engine`); its recognizer must be the gallery's. */
  readonly liveEngine?: Pick<FaceEngine, 'analyseFrame' | 'pack'>;
  /** Opens a live camera (default: ffmpeg through CameraFeed). */
  readonly openCamera?: (camera: CameraRow) => LiveCamera;
  /** The clock deployments are checked against (tests move it); default the system clock. */
  readonly now?: () => Date;
  /** An already-open database (tests); default: opened from the configuration, and closed with the services. */
  readonly database?: Database;
  /** Save the index this often when it changed (ms); default one minute. */
  readonly indexSaveEveryMs?: number;
  /**
   * Where jobs are queued (archive ingestion): the shared queue of a scaled-out installation.
   * Default: an in-process queue owned (and closed) by the services; some role must process it.
   */
  readonly queue?: JobQueue;
  /**
   * Whether this process runs live cameras (the pipeline role; default true). It claims them with
   * leases (camera-scheduler.ts); without it, deployments go live here and pipeline processes
   * elsewhere pick their cameras up at their next heartbeat.
   */
  readonly runsCameras?: boolean;
  /**
   * `writer` (default): this process owns the index files (the embedded mode). `replica`: roles in
   * separate processes; the index is loaded read-only from the workers' snapshots and kept up to
   * date from the database (gallery-index-replica.ts): two writers must never share index files.
   * `none`: a worker or pipeline process, which never searches the gallery.
   */
  readonly galleryIndex?: 'writer' | 'replica' | 'none';
  /** Timed replica refreshes that changed something or failed (for the log). */
  readonly onIndexEvent?: (message: string, fields: Record<string, unknown>) => void;
  /** Events between processes (alerts to the API's subscribers); default in-process, owned and closed here. */
  readonly events?: EventBus;
  /** Lease settings of the camera scheduler. */
  readonly cameraLeases?: Pick<CameraSchedulerOptions, 'leaseMs' | 'heartbeatMs' | 'maxCameras'>;
  /**
   * The logger of the long-running loops (live runner, camera scheduler): the server's own (issue
   * 14). Default: warnings and errors on stderr.
   */
  readonly log?: VigilLog;
}

export interface VigilServices {
  readonly database: Database;
  readonly key: Pick<LoadedMediaKey, 'source' | 'location'>;
  readonly galleryIndex: OpenedGalleryIndex;
  readonly gallery: GalleryService;
  readonly cases: CaseService;
  /** The probes of a case: images and video tracks (R33, R37). */
  readonly probes: ProbeService;
  readonly searches: SearchService;
  /** Probe pixels, searched faces and candidate faces for permitted reviewers, audited (issue 13). */
  readonly evidence: EvidenceService;
  readonly reviews: SearchReviewService;
  readonly watchlists: WatchlistService;
  readonly deployments: DeploymentService;
  readonly alerts: AlertService;
  readonly runner: LiveRunner;
  /** The pipeline role's camera leases; absent when this process runs no cameras. `start()` begins its heartbeat. */
  readonly cameraScheduler: CameraScheduler | undefined;
  /** Camera statuses of live deployments, from this process's runner and the other pipelines' leases. */
  readonly liveStatus: LiveStatusService;
  readonly assessments: AssessmentService;
  readonly retention: RetentionService;
  /** Reading and verifying the audit log for auditors (R29). */
  readonly auditLog: AuditQueryService;
  readonly thresholdPolicy: ThresholdPolicyService;
  readonly cipher: ByteCipher;
  readonly media: MediaStore;
  /** Archive ingestion and "where does this person appear" (issue 7). */
  readonly archive: ArchiveService;
  /** The job queue (in-process, or the shared one given). */
  readonly jobs: JobQueue;
  /** Detect and compare (R17), at the threshold in force. */
  readonly faces: FacesService;
  /** The threshold in force for a model (R14): the one source for compare, search, enrolment and live. */
  thresholdInForce(modelId: string): ResolvedThreshold;
  close(): Promise<void>;
}

export async function openServices(o: ServicesOptions): Promise<VigilServices> {
  const { config } = o;
  const fresh = !o.database && !config.databaseUrl && !existsSync(defaultSqliteFile(config.dataDir));
  const key = loadMediaKey({ env: o.env, dataDir: config.dataDir, keyFile: config.keyFile, freshInstallation: fresh });
  const cipher = new ByteCipher(key.key);
  const database = o.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  const { db } = database;
  // The audit witness (R29): every entry this process appends gets its signed line once committed.
  const auditWitness = await openConfiguredWitness(db, config).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  try {
    const media = new MediaStore(MediaStore.dir(config.dataDir), cipher);
    const modelId = o.engine.pack.recognizer.modelId;
    const dimensions = await templateDimensions(o.engine.pack.recognizer);
    const galleryIndex =
      o.galleryIndex === 'none'
        ? noGalleryIndex(modelId, dimensions)
        : o.galleryIndex === 'replica'
          ? await openGalleryIndexReplica({
              db,
              cipher,
              dataDir: config.dataDir,
              modelId,
              dimensions,
              refreshEveryMs: config.galleryIndex.refreshSeconds * 1000,
              onRefresh: (r) => o.onIndexEvent?.('gallery index refreshed', { ...r }),
              onError: (err) => o.onIndexEvent?.('gallery index refresh failed', { err: String(err) }),
            })
          : await openGalleryIndex({
              db,
              cipher,
              dataDir: config.dataDir,
              modelId,
              dimensions,
              // Issue 14: the one writer catches up with what other processes (the CLI) commit.
              refreshEveryMs: config.galleryIndex.refreshSeconds * 1000,
              onCatchUp: (r) => o.onIndexEvent?.('gallery index caught up', { ...r }),
              onError: (err) => o.onIndexEvent?.('gallery index catch-up failed', { err: String(err) }),
              ...(o.indexSaveEveryMs !== undefined ? { saveEveryMs: o.indexSaveEveryMs } : {}),
            });
    // Issue 16: the one clock of the process; every use case's decisions and stored times read it.
    const clock = clockOf(o.now);
    const assessments = new AssessmentService({
      db,
      biasReportMaxAgeDays: config.assessments.biasReportMaxAgeDays,
      // R27: only reports signed by this installation's evaluation key count.
      modelId,
      evaluationKeyFile: evalSigningKeyFile(config.dataDir),
      clock,
    });
    const events = o.events ?? new InProcessEventBus();
    const thresholdPolicy = new ThresholdPolicyService({
      db,
      assessments,
      floor: (id) => resolveThreshold(id, o.calibrations(), config.operatingFmr).floor,
      events,
      clock,
    });
    await thresholdPolicy.load();
    // R14 in every process: a threshold changed through one API process applies in the others too.
    const unfollowPolicy = thresholdPolicy.follow(events);
    // R14: a threshold set by policy, else the configured one, else the calibrated floor; never below the floor.
    const thresholdInForce = (id: string): ResolvedThreshold =>
      resolveThreshold(
        id,
        o.calibrations(),
        config.operatingFmr,
        thresholdPolicy.policyThreshold(id) ?? config.thresholds[id],
      );
    // Issue 16: the gallery and retro use cases get their repositories, the audit, the one clock
    // and governance's checks injected.
    const uow = kyselyUnitOfWork(db);
    const authoriseIn: Authorise = (who, permission, target) => authorise(db, who, permission, target);
    const retroUsers: RetroUsers = {
      account: async (username) => {
        const user = await identityRepository.findUserByUsername(db, username);
        return user && { disabled: user.disabled !== 0 };
      },
      displayNames: (usernames) => userNames(db, usernames),
    };
    const caseRows = new CaseRepository();
    const searchRows = new SearchRepository();
    const retroSeams = { db, uow, audit: chainedAudit, clock };
    const gallery = new GalleryService({
      ...retroSeams,
      repo: new GalleryRepository(),
      authorise: authoriseIn,
      engine: o.engine,
      media,
      cipher,
      index: galleryIndex.index,
      onIndexChanged: galleryIndex.markChanged,
      threshold: thresholdInForce,
      // The strictest calibrated point, never below the threshold in force (see the README's gallery section).
      duplicateThreshold: (id) =>
        Math.max(
          thresholdInForce(id).threshold,
          o.calibrations().models[id]?.thresholds['1e-4'] ?? thresholdInForce(id).threshold,
        ),
    });
    const cases = new CaseService({
      ...retroSeams,
      repo: caseRows,
      searchRows,
      authorise: authoriseIn,
      users: retroUsers,
      offenceTypes: config.retro.offenceTypes,
    });
    const probes = new ProbeService({
      ...retroSeams,
      repo: caseRows,
      cases,
      media,
      engine: o.engine,
      analyseVideo: o.analyseVideo,
    });
    const searches = new SearchService({
      ...retroSeams,
      repo: searchRows,
      cases,
      probes,
      gallery,
      authorise: authoriseIn,
      engine: o.engine,
      index: galleryIndex.index,
      threshold: thresholdInForce,
      enhance: o.enhance,
      policy: {
        defaultCandidates: config.retro.defaultCandidates,
        maxCandidates: config.retro.maxCandidates,
        minScore: config.retro.minScore,
        authorisationWithinHours: config.retro.authorisationWithinHours,
      },
    });
    const evidence = new EvidenceService({
      db,
      cases,
      probes,
      searches,
      gallery,
      audit: chainedAudit,
      authorise: authoriseIn,
      media,
      engine: o.engine,
    });
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
    // Issue 12: a probe's plaintext upload left by a crash is removed at start-up and with each purge.
    const tempDir = probeTempDir(config.dataDir);
    await sweepStaleTemp(tempDir);
    const retention = new RetentionService({
      db,
      media,
      settings: config.retention,
      sweepTemp: (now) => sweepStaleTemp(tempDir, { now }),
      clock,
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
    if (liveEngine.pack.recognizer.modelId !== modelId) {
      throw new Error(
        `the live pack's recognizer (${liveEngine.pack.recognizer.modelId}) must be the gallery's (${modelId})`,
      );
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
    const jobs = o.queue ?? new InProcessQueue();
    const archiveClock = clockOf(o.now);
    const archive = new ArchiveService({
      db,
      cipher,
      engine: o.engine,
      threshold: (m) => thresholdInForce(m).threshold,
      cases,
      repository: new ArchiveRepository(),
      uow: kyselyUnitOfWork(db),
      clock: archiveClock,
      audit: chainedAudit,
      outbox: new Outbox({ clock: archiveClock }),
    });
    return {
      archive,
      jobs,
      database,
      key: { source: key.source, location: key.location },
      runner,
      cameraScheduler,
      liveStatus: new LiveStatusService({ db, runner, holder: cameraScheduler?.holder }),
      reviews: new SearchReviewService({
        ...retroSeams,
        reviews: new ReviewRepository(),
        searches: searchRows,
        users: retroUsers,
      }),
      retention,
      auditLog: new AuditQueryService({ db }),
      assessments,
      thresholdPolicy,
      watchlists,
      deployments,
      alerts,
      cipher,
      media,
      galleryIndex,
      gallery,
      cases,
      probes,
      searches,
      evidence,
      faces: new FacesService({ engine: o.engine, thresholdInForce }),
      thresholdInForce,
      async close() {
        try {
          await cameraScheduler?.stop();
          await runner.stopAll();
          if (!o.queue) await jobs.close();
          unfollowPolicy();
          if (!o.events) await events.close();
          await galleryIndex.close();
        } finally {
          await auditWitness?.close().catch((err: unknown) => process.emitWarning(`audit witness: ${String(err)}`));
          await database.close();
        }
      },
    };
  } catch (err) {
    await auditWitness?.close().catch(() => undefined);
    await database.close();
    throw err;
  }
}
