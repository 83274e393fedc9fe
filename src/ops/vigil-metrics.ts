/**
 * Vigil's metrics (issue 7, operations): per live camera (frames in, analysed, dropped, queued),
 * per live deployment (faces seen, alerts, drops by reason), the face engine's workers, HTTP
 * requests by route pattern and status, search latency, audit entries, queue depths and job
 * durations. Labels are route patterns, statuses, outcomes, queue names and the ids of deployments
 * and cameras; never a username, a subject, a URL with values in it, or anything biometric.
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { auditHead } from '../governance/audit/audit-log.ts';
import type { AuditChainStatus } from '../governance/audit/audit-monitor.ts';
import { emptyCounts, type DeploymentCounts } from '../live/deployment-counts.ts';
import { cameraErrorReasons, type CameraErrorReason } from '../live/camera-supervisor.ts';
import type { DeploymentRow } from '../live/live.repository.ts';
import { MetricsRegistry, type Counter, type Gauge, type Histogram } from './metrics-registry.ts';

/** What the live collector reads: camera statuses (any pipeline process) and the live deployments' stored counts. */
export interface LiveSource {
  readonly status: {
    status(
      deploymentId: string,
    ): Promise<
      { cameras: Record<string, Record<string, unknown>>; pendingCounts: DeploymentCounts | undefined } | undefined
    >;
  };
  readonly deployments: {
    list(o: { limit: number; offset: number; status?: string | undefined }): Promise<DeploymentRow[]>;
    /** Their stored counts (R18: the deployment's counters). */
    countsOfMany(ids: readonly string[]): Promise<ReadonlyMap<string, DeploymentCounts>>;
  };
}

export interface VigilMetricsSources {
  readonly live?: LiveSource;
  readonly engine?: { readonly workers: number; readonly workerRestarts?: number };
  readonly db?: Kysely<VigilSchema>;
  /** Route patterns whose responses also count as searches (default: POST /v1/cases/:caseId/searches). */
  readonly searchRoutes?: readonly string[];
}

/** The parts of a Fastify request and reply the HTTP hook reads. */
export interface ResponseInfo {
  readonly method: string;
  readonly routeOptions: { readonly url?: string | undefined };
}
export interface ReplyInfo {
  readonly statusCode: number;
  /** Milliseconds since the request arrived (Fastify's `reply.elapsedTime`). */
  readonly elapsedTime: number;
}

export type AuditChainMetricsSource = Pick<
  AuditChainStatus,
  'state' | 'breaks' | 'entries' | 'witness' | 'triggersRestored'
>;

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const LIVE_PAGE = 200;

export class VigilMetrics {
  readonly registry = new MetricsRegistry();
  private readonly httpRequests: Counter;
  private readonly httpDuration: Histogram;
  private readonly searchDuration: Histogram;
  private readonly jobDuration: Histogram;
  private readonly jobFailures: Counter;
  private readonly queueDepthGauge: Gauge;
  private readonly queueDepths = new Map<string, () => number | Promise<number>>();
  private readonly searchRoutes: ReadonlySet<string>;

  constructor(private readonly sources: VigilMetricsSources = {}) {
    const r = this.registry;
    this.searchRoutes = new Set(sources.searchRoutes ?? ['POST /v1/cases/:caseId/searches']);
    this.httpRequests = r.counter('vigil_http_requests_total', 'HTTP requests answered', ['method', 'route', 'status']);
    this.httpDuration = r.histogram('vigil_http_request_duration_seconds', 'HTTP request duration', [
      'method',
      'route',
      'status',
    ]);
    this.searchDuration = r.histogram('vigil_search_duration_seconds', 'Retrospective search latency', ['outcome']);
    this.jobDuration = r.histogram('vigil_job_duration_seconds', 'Job run time', ['job', 'outcome']);
    this.jobFailures = r.counter('vigil_job_failures_total', 'Jobs that failed', ['job']);
    this.queueDepthGauge = r.gauge('vigil_queue_depth', 'Items waiting in a queue', ['queue']);
    r.addCollector(async () => {
      this.queueDepthGauge.reset();
      for (const [queue, depth] of this.queueDepths) this.queueDepthGauge.set({ queue }, await depth());
    });
    if (sources.engine) this.engineCollector(sources.engine);
    if (sources.db) this.auditCollector(sources.db);
    if (sources.live) this.liveCollector(sources.live);
  }

  /** A Fastify `onResponse` hook: `app.addHook('onResponse', metrics.onResponse)`. */
  readonly onResponse = async (request: ResponseInfo, reply: ReplyInfo): Promise<void> => {
    this.observeHttp(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  };

  /** Counts one request. `route` is the pattern (`/v1/cases/:caseId`), never the raw URL. */
  observeHttp(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method, route: route ?? '(no route)', status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
    if (this.searchRoutes.has(`${method} ${labels.route}`)) {
      this.observeSearch(seconds, status < 400 ? 'ok' : 'refused');
    }
  }

  observeSearch(seconds: number, outcome: 'ok' | 'refused' | 'failed'): void {
    this.searchDuration.observe({ outcome }, seconds);
  }

  /** For the job runner: one finished job. */
  observeJob(job: string, seconds: number, outcome: 'done' | 'failed' | 'retried'): void {
    this.jobDuration.observe({ job, outcome }, seconds);
    if (outcome === 'failed') this.jobFailures.inc({ job });
  }

  /** Registers (or replaces) a queue whose depth is read at each scrape. */
  queueDepth(queue: string, depth: () => number | Promise<number>): void {
    this.queueDepths.set(queue, depth);
  }

  /**
   * The audit chain's continuous check (R29): `vigil_audit_chain_ok` 1 while intact (or only
   * awaiting the acknowledgement of entries a crash left unwitnessed: alert on
   * `vigil_audit_unwitnessed_entries`), 0 once a break is found (alert on it), and the totals of
   * breaks and of append-only triggers restored.
   */
  auditChain(status: () => AuditChainMetricsSource): void {
    const r = this.registry;
    const ok = r.gauge('vigil_audit_chain_ok', '1 while the audit chain verifies, 0 once it was found broken');
    const breaks = r.counter('vigil_audit_chain_breaks_total', 'Times the audit chain was found broken');
    const verified = r.gauge('vigil_audit_chain_verified_entries', 'Audit entries verified intact by the last check');
    const pending = r.gauge(
      'vigil_audit_unwitnessed_entries',
      'Audit entries without a witness line: recent ones waiting for theirs, and those found so at start-up awaiting acknowledgement',
    );
    const restored = r.counter(
      'vigil_audit_triggers_restored_total',
      'Append-only audit triggers found missing and restored',
    );
    r.addCollector(() => {
      const s = status();
      ok.set({}, s.state === 'broken' ? 0 : 1);
      breaks.set({}, s.breaks);
      verified.set({}, s.entries);
      pending.set({}, s.witness.pending + (s.witness.unwitnessed?.count ?? 0));
      restored.set({}, s.triggersRestored);
    });
  }

  /** Times a search-like call into the search histogram. */
  async timeSearch<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await fn();
      this.observeSearch((performance.now() - started) / 1000, 'ok');
      return result;
    } catch (err) {
      this.observeSearch((performance.now() - started) / 1000, 'failed');
      throw err;
    }
  }

  render(): Promise<string> {
    return this.registry.render();
  }

  private engineCollector(engine: { readonly workers: number; readonly workerRestarts?: number }): void {
    const workers = this.registry.gauge('vigil_engine_workers', 'Face engine worker threads running');
    // Issue 14: a worker that crashed or hung was replaced; a rising count is a fault to look into.
    const restarts = this.registry.counter(
      'vigil_engine_worker_restarts_total',
      'Face engine workers replaced after a crash or a hang',
    );
    this.registry.addCollector(() => {
      workers.set({}, engine.workers);
      restarts.set({}, engine.workerRestarts ?? 0);
    });
  }

  private auditCollector(db: Kysely<VigilSchema>): void {
    const entries = this.registry.gauge('vigil_audit_entries', 'Entries in the audit log (the head seq)');
    this.registry.addCollector(async () => entries.set({}, (await auditHead(db))?.seq ?? 0));
  }

  private liveCollector(live: LiveSource): void {
    const r = this.registry;
    const camLabels = ['deployment', 'camera'];
    const framesIn = r.counter('vigil_camera_frames_in_total', 'Frames received from the camera', camLabels);
    const analysed = r.counter('vigil_camera_frames_analysed_total', 'Frames taken by the pipeline', camLabels);
    const dropped = r.counter('vigil_camera_frames_dropped_total', 'Frames dropped: the queue was full', camLabels);
    const queued = r.gauge('vigil_camera_frames_queued', 'Frames waiting in the camera queue', camLabels);
    const up = r.gauge('vigil_camera_connected', '1 while the camera delivers frames', camLabels);
    // Issue 14: a camera whose frames arrive but cannot be matched (engine, alert store) is visible.
    const failing = r.gauge(
      'vigil_camera_failing',
      '1 while the camera is failing: frames arrive, none matched',
      camLabels,
    );
    const errors = r.counter('vigil_camera_errors_total', 'Errors of the camera matching loop, by reason code', [
      ...camLabels,
      'reason',
    ]);
    const faces = r.counter('vigil_deployment_faces_seen_total', 'Faces seen in a live deployment', ['deployment']);
    const alerts = r.counter('vigil_deployment_alerts_total', 'Alerts raised in a live deployment', ['deployment']);
    const drops = r.counter('vigil_deployment_faces_dropped_total', 'Faces not compared, by reason', [
      'deployment',
      'reason',
    ]);
    const liveGauge = r.gauge('vigil_deployments_live', 'Live deployments');
    r.addCollector(async () => {
      for (const f of [framesIn, analysed, dropped, queued, up, failing, errors, faces, alerts, drops]) f.reset();
      let n = 0;
      for (let offset = 0; ; offset += LIVE_PAGE) {
        const page = await live.deployments.list({ limit: LIVE_PAGE, offset, status: 'live' });
        const storedCounts = await live.deployments.countsOfMany(page.map((d) => d.id));
        for (const d of page) {
          n++;
          const stored = storedCounts.get(d.id) ?? emptyCounts;
          const status = await live.status.status(d.id);
          const pending = status?.pendingCounts;
          faces.set({ deployment: d.id }, stored.facesSeen + (pending?.facesSeen ?? 0));
          alerts.set({ deployment: d.id }, stored.alerts + (pending?.alerts ?? 0));
          const reasons = new Set([...Object.keys(stored.dropped), ...Object.keys(pending?.dropped ?? {})]);
          for (const reason of reasons) {
            const total = (stored.dropped[reason] ?? 0) + (pending?.dropped[reason] ?? 0);
            drops.set({ deployment: d.id, reason }, total);
          }
          for (const [camera, s] of Object.entries(status?.cameras ?? {})) {
            const labels = { deployment: d.id, camera };
            framesIn.set(labels, num(s['framesReceived']));
            analysed.set(labels, num(s['framesPulled']));
            dropped.set(labels, num(s['framesDropped']));
            queued.set(labels, num(s['queued']));
            up.set(labels, s['state'] === 'connected' ? 1 : 0);
            failing.set(labels, s['matching'] === 'failing' ? 1 : 0);
            const byReason = s['errors'];
            if (byReason && typeof byReason === 'object') {
              // Reason codes only (camera-supervisor.ts's closed set): never an error text.
              for (const [reason, n] of Object.entries(byReason as Record<string, unknown>)) {
                if (cameraErrorReasons.includes(reason as CameraErrorReason)) errors.set({ ...labels, reason }, num(n));
              }
            }
          }
        }
        if (page.length < LIVE_PAGE) break;
      }
      liveGauge.set({}, n);
    });
  }
}
