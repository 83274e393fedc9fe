/** What the composition root takes (ServicesOptions) and gives (VigilServices): see services.ts. */
import type { VigilConfig } from './config.ts';
import type { Database } from '../db/database.ts';
import type { FaceEngine } from '../faces/engine.ts';
import type { CalibrationFile, ResolvedThreshold } from '../faces/thresholds.ts';
import type { OpenedGalleryIndex } from '../gallery/gallery-index.ts';
import type { GalleryService } from '../gallery/gallery.service.ts';
import type { CaseService, VideoAnalysis } from '../retro/case.service.ts';
import type { ProbeService } from '../retro/probe.service.ts';
import type { EnhancementChain, SearchService } from '../retro/search.service.ts';
import type { EvidenceService } from '../retro/evidence.service.ts';
import type { SearchReviewService } from '../retro/search-review.service.ts';
import type { AlertService } from '../live/alert.service.ts';
import type { AssessmentService } from '../governance/assessments/assessment.service.ts';
import type { RetentionService } from '../governance/retention/retention.service.ts';
import type { AuditQueryService } from '../governance/audit/audit-query.service.ts';
import type { FacesService } from '../faces/faces.service.ts';
import type { ThresholdPolicyService } from '../governance/assessments/threshold-policy.service.ts';
import type { DeploymentService } from '../live/deployment.service.ts';
import type { LiveCamera, LiveRunner } from '../live/live-runner.ts';
import type { CameraScheduler, CameraSchedulerOptions } from '../live/camera-scheduler.ts';
import type { LiveStatusService } from '../live/live-status.ts';
import type { VigilLog } from '../shared/log.ts';
import type { CameraRow } from '../live/live.repository.ts';
import type { WatchlistService } from '../live/watchlist.service.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { LoadedMediaKey } from '../storage/media-key.ts';
import type { MediaStore } from '../storage/media-store.ts';
import type { ArchiveService } from '../archive/archive.service.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';

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

/** What the domain builders (retro-services.ts, live-services.ts) share, built once in openServices. */
export interface ServicesContext {
  readonly o: ServicesOptions;
  readonly db: Kysely<VigilSchema>;
  readonly media: MediaStore;
  readonly cipher: ByteCipher;
  readonly clock: Clock;
  readonly uow: UnitOfWork;
  readonly events: EventBus;
  readonly modelId: string;
  readonly galleryIndex: OpenedGalleryIndex;
  readonly thresholdInForce: (modelId: string) => ResolvedThreshold;
}
