/**
 * A live deployment's life: draft -> authorised -> live -> closed -> reviewed (R1-R6). Drafting
 * records what an authorisation needs; authorising checks it all (deployment-policy.ts), shows and
 * freezes the expected false alerts (R12) and the watchlist's hash (R9); going live is refused
 * outside the window, after a change, or without cameras; closing destroys the watchlist's
 * biometrics and keeps a manifest (R10, R11). Every step is audited in its own transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/database.ts';
import type { VigilSchema } from '../db/schema.ts';
import type { CalibrationFile } from '../faces/thresholds.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import {
  authorisationProblems,
  authorisedSnapshot,
  canMove,
  changedFields,
  startProblems,
  type AuthorisedSnapshot,
  type DeploymentFields,
} from './deployment-policy.ts';
import { cameraSourceProblems, refusalOf } from './camera-source-vetting.ts';
import { forecastFalseAlerts, type FalseAlertForecast } from './expected-false-alerts.ts';
import { liveRepository, type CameraRow, type DeploymentRow } from './live.repository.ts';
import type { DeploymentStatus } from '../db/tables/live.ts';
import { summarise, watchlistCompilers } from './watchlist.service.ts';
import { addDeploymentCounts, emptyCounts, type DeploymentCounts } from './deployment-counts.ts';

export interface DeploymentServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly media: MediaStore;
  readonly calibrations: () => CalibrationFile;
  /** The model that makes live templates (watchlist entries must be of it). */
  readonly modelId: string;
  /** The calibrated floor at the configured operating point (R14). */
  readonly thresholdFloor: () => number;
  readonly categories: readonly string[];
  readonly maxDurationHours: number;
  readonly now?: () => Date;
  /** Further checks before authorisation: the linked assessments and bias report (R26, R27). */
  readonly linkChecks?: (d: DeploymentRow) => Promise<string[]>;
  /**
   * Issue 12: refuses a camera source outside the configured hosts and folders (throws a
   * CameraSourceRefused, or the resolver's error for a name that does not resolve). Unset: none.
   */
  readonly vetCameraSource?: (source: CameraSourceSpec) => Promise<unknown>;
}

/** Told when a deployment goes live or closes, so its cameras start and stop (the live runner). */
export interface DeploymentLifecycle {
  onLive(d: DeploymentRow): Promise<void> | void;
  onClosed(id: string): Promise<void> | void;
}

export type DraftInput = Omit<DeploymentFields, 'categories_json' | 'notice_json'> & {
  readonly categories: readonly string[];
  readonly notice: { publishedAt?: string | undefined; signage?: string | undefined; exception?: string | undefined };
};

export interface CameraSourceSpec {
  readonly kind: 'rtsp' | 'http' | 'file' | 'folder';
  readonly url?: string | undefined;
  readonly path?: string | undefined;
  readonly loop?: boolean | undefined;
}

function fieldsOf(input: Partial<DraftInput>): Partial<DeploymentFields> {
  const { categories, notice, ...rest } = input;
  return {
    ...rest,
    ...(categories ? { categories_json: JSON.stringify(categories) } : {}),
    ...(notice ? { notice_json: JSON.stringify(notice) } : {}),
  };
}

export class DeploymentService {
  private lifecycle: DeploymentLifecycle | undefined;

  constructor(private readonly deps: DeploymentServiceDeps) {}

  setLifecycle(lifecycle: DeploymentLifecycle): void {
    this.lifecycle = lifecycle;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Another request (or process) changed the deployment's status between reading and writing. */
  private movedMeanwhile(id: string): DomainError {
    return new DomainError(
      'conflict',
      'changed-meanwhile',
      `deployment ${id} changed meanwhile: reload it and try again`,
    );
  }

  async create(input: DraftInput, actor: string): Promise<DeploymentRow> {
    const row: DeploymentRow = {
      id: randomUUID(),
      status: 'draft',
      ...(fieldsOf(input) as DeploymentFields),
      model_id: this.deps.modelId,
      created_by: actor,
      created_at: nowIso(),
      authorised_by: null,
      authorised_at: null,
      authorisation_note: null,
      authorised_json: null,
      started_at: null,
      stopped_at: null,
      closed_at: null,
      close_reason: null,
      reviewed_by: null,
      reviewed_at: null,
      review_json: null,
      manifest_json: null,
      counts_json: JSON.stringify(emptyCounts),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await liveRepository.insertDeployment(trx, row);
      await appendAudit(trx, {
        actor,
        action: 'deployment.created',
        target: { type: 'deployment', id: row.id },
        details: { name: row.name },
      });
    });
    return row;
  }

  async get(id: string): Promise<DeploymentRow> {
    const d = await liveRepository.findDeployment(this.deps.db, id);
    if (!d) throw new DomainError('not-found', 'no-such-deployment', `deployment ${id} does not exist`);
    return d;
  }

  list(o: { limit: number; offset: number; status?: string | undefined }): Promise<DeploymentRow[]> {
    return liveRepository.listDeployments(this.deps.db, o);
  }

  /**
   * Changes only the fields sent whose value differs (a partial update; nothing sent or nothing
   * different changes nothing and records nothing). On an authorised deployment, changing a field
   * the authorisation covers (R3: the location; see `authorisedFields`) sends it back to draft;
   * changing only its name or published type does not.
   */
  async update(id: string, patch: Partial<DraftInput>, actor: string): Promise<DeploymentRow> {
    const d = await this.get(id);
    if (d.status !== 'draft' && d.status !== 'authorised') {
      throw new DomainError('refused', 'not-editable', `a ${d.status} deployment cannot be changed`);
    }
    const { changed, voids: covered } = changedFields(d, fieldsOf(patch));
    if (Object.keys(changed).length === 0) return d;
    const voids = d.status === 'authorised' && covered.length > 0;
    await this.deps.db.transaction().execute(async (trx) => {
      const set = {
        ...changed,
        ...(voids ? { status: 'draft' as const, authorised_by: null, authorised_at: null, authorised_json: null } : {}),
      };
      // Conditional on the status read: an authorisation or start meanwhile is not overwritten.
      if (!(await liveRepository.moveDeployment(trx, id, d.status, set))) throw this.movedMeanwhile(id);
      await appendAudit(trx, {
        actor,
        action: 'deployment.updated',
        target: { type: 'deployment', id },
        details: { fields: Object.keys(changed) },
      });
      if (voids) {
        await appendAudit(trx, {
          actor,
          action: 'deployment.authorisation-voided',
          target: { type: 'deployment', id },
          details: { why: 'authorised fields changed', fields: covered },
        });
      }
    });
    return this.get(id);
  }

  async addCamera(id: string, name: string, source: CameraSourceSpec, actor: string): Promise<CameraRow> {
    const d = await this.get(id);
    if (d.status !== 'draft' && d.status !== 'authorised') {
      throw new DomainError('refused', 'not-editable', `cameras of a ${d.status} deployment cannot change`);
    }
    const cameras = await liveRepository.camerasOf(this.deps.db, id);
    if (cameras.length >= d.camera_count) {
      throw new DomainError(
        'refused',
        'camera-count',
        `R1: ${d.camera_count} camera(s) are planned; change the count first`,
      );
    }
    await this.vetCamera(id, name, source, actor);
    const row: CameraRow = {
      id: randomUUID(),
      deployment_id: id,
      name,
      source_json: JSON.stringify(source),
      created_at: nowIso(),
      gaps_json: '[]',
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await liveRepository.insertCamera(trx, row);
      await appendAudit(trx, {
        actor,
        action: 'camera.added',
        target: { type: 'deployment', id },
        details: { camera: row.id, name, kind: source.kind },
      });
    });
    return row;
  }

  /** Refuses a source the camera rules do not allow (issue 12), recording the attempt: which rule, never the source. */
  private async vetCamera(id: string, name: string, source: CameraSourceSpec, actor: string): Promise<void> {
    const refusal = this.deps.vetCameraSource && (await refusalOf(this.deps.vetCameraSource, source));
    if (!refusal) return;
    await appendAudit(this.deps.db, {
      actor,
      action: 'camera.refused',
      outcome: 'denied',
      target: { type: 'deployment', id },
      details: { name, kind: source.kind, reason: refusal.reason },
    });
    throw refusal;
  }

  cameras(id: string): Promise<CameraRow[]> {
    return liveRepository.camerasOf(this.deps.db, id);
  }

  /** The expected false alerts for the planned footfall, watchlist size and threshold (R12). */
  async forecast(id: string): Promise<FalseAlertForecast> {
    const d = await this.get(id);
    const calibration = this.deps.calibrations().models[d.model_id];
    if (!calibration) throw new DomainError('unavailable', 'not-calibrated', `model ${d.model_id} has no calibration`);
    const w = summarise(await liveRepository.entriesOf(this.deps.db, id));
    return forecastFalseAlerts(calibration, d.threshold, w.size, d.planned_footfall);
  }

  /** Why this deployment cannot be authorised now, for the authorising officer to see first. */
  async authorisationProblems(id: string, authoriser: string): Promise<string[]> {
    const d = await this.get(id);
    const current = summarise(await liveRepository.entriesOf(this.deps.db, id));
    // R30: everyone who ever compiled the list, not only those whose entries are still on it.
    const history = await watchlistCompilers(this.deps.db, id);
    const watchlist = { ...current, compilers: [...new Set([...current.compilers, ...history])] };
    const linked = (await this.deps.linkChecks?.(d)) ?? [];
    const rules = authorisationProblems({
      deployment: d,
      watchlist,
      authoriser,
      now: this.now(),
      thresholdFloor: this.deps.thresholdFloor(),
      closedCategories: this.deps.categories,
      maxDurationHours: this.deps.maxDurationHours,
    });
    return [...rules, ...linked];
  }

  async authorise(id: string, note: string, actor: string): Promise<DeploymentRow> {
    const problems = await this.authorisationProblems(id, actor);
    if (problems.length > 0) {
      throw new DomainError('refused', 'cannot-authorise', `cannot authorise: ${problems.join('; ')}`, { problems });
    }
    const d = await this.get(id);
    const forecast = await this.forecast(id);
    const watchlist = summarise(await liveRepository.entriesOf(this.deps.db, id));
    const snapshot = authorisedSnapshot(d, watchlist, forecast.expectedFalseAlerts);
    await this.deps.db.transaction().execute(async (trx) => {
      const moved = await liveRepository.moveDeployment(trx, id, d.status, {
        status: 'authorised',
        authorised_by: actor,
        authorised_at: nowIso(),
        authorisation_note: note,
        authorised_json: JSON.stringify(snapshot),
      });
      if (!moved) throw this.movedMeanwhile(id);
      await appendAudit(trx, {
        actor,
        action: 'deployment.authorised',
        target: { type: 'deployment', id },
        details: {
          watchlistId: id,
          watchlistHash: watchlist.hash,
          watchlistSize: watchlist.size,
          threshold: d.threshold,
          window: [d.planned_start, d.planned_end],
          location: d.location_name,
          expectedFalseAlerts: forecast.expectedFalseAlerts,
        },
      });
    });
    return this.get(id);
  }

  async start(id: string, actor: string): Promise<DeploymentRow> {
    const d = await this.get(id);
    const snapshot = d.authorised_json ? (JSON.parse(d.authorised_json) as AuthorisedSnapshot) : null;
    const watchlist = summarise(await liveRepository.entriesOf(this.deps.db, id));
    const cameras = await liveRepository.camerasOf(this.deps.db, id);
    const problems = [
      ...startProblems(d, snapshot, watchlist.hash, cameras.length, this.now()),
      // The rules may have changed since the cameras were added.
      ...(this.deps.vetCameraSource ? await cameraSourceProblems(this.deps.vetCameraSource, cameras) : []),
    ];
    if (problems.length > 0)
      throw new DomainError('refused', 'cannot-start', `cannot go live: ${problems.join('; ')}`, { problems });
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await liveRepository.moveDeployment(trx, id, d.status, { status: 'live', started_at: nowIso() }))) {
        throw this.movedMeanwhile(id);
      }
      await appendAudit(trx, {
        actor,
        action: 'deployment.started',
        target: { type: 'deployment', id },
        details: {
          watchlistId: id,
          watchlistHash: watchlist.hash,
          cameras: cameras.map((c) => c.id),
          threshold: d.threshold,
        },
      });
    });
    const live = await this.get(id);
    await this.lifecycle?.onLive(live);
    return live;
  }

  /**
   * Stops matching and closes: cameras stop, the watchlist's templates and images are destroyed
   * and its membership manifest kept (R10, R11). `actor` null: the system (end time reached, R2).
   * `note`: why the person stopping it did (issue 13: the console asks before this irreversible
   * step), recorded in the audit entry of the close.
   */
  async close(id: string, actor: string | null, reason: 'stopped' | 'end-time', note?: string): Promise<DeploymentRow> {
    const d = await this.get(id);
    if (!canMove(d.status, 'closed'))
      throw new DomainError('refused', 'cannot-close', `a ${d.status} deployment cannot be closed`);
    return this.shutDown(d, reason, { deleteAlerts: false }, (entries) => ({
      actor,
      action: 'deployment.closed',
      details: { reason, ...(note?.trim() ? { note: note.trim() } : {}), watchlistDestroyed: entries },
    }));
  }

  /**
   * R20 [EU]: a refused (or withdrawn) authorisation stops use at once and deletes all its inputs
   * and outputs: the watchlist's biometric copies and every alert with its images. The membership
   * manifest (no biometrics) and the audit trail remain, so the refusal itself is accountable.
   */
  async refuse(id: string, reason: string, actor: string): Promise<DeploymentRow> {
    const d = await this.get(id);
    if (d.status === 'closed' || d.status === 'reviewed') {
      throw new DomainError('refused', 'already-closed', `a ${d.status} deployment cannot be refused`);
    }
    if (reason.trim().length < 10)
      throw new DomainError('invalid', 'reason-required', 'R20: a refusal needs its reason');
    return this.shutDown(d, 'refused', { deleteAlerts: true }, (entries, alerts) => ({
      actor,
      action: 'deployment.refused',
      details: { reason: reason.trim(), wasStatus: d.status, alertsDeleted: alerts, watchlistDestroyed: entries },
    }));
  }

  /**
   * What closing and refusing share: stop the cameras, destroy the watchlist's biometrics (and the
   * alerts, when asked), keep the manifest, record it in the same transaction, then delete the media.
   */
  private async shutDown(
    d: DeploymentRow,
    closeReason: string,
    o: { deleteAlerts: boolean },
    audit: (
      entries: number,
      alerts: number,
    ) => { actor: string | null; action: string; details: Record<string, unknown> },
  ): Promise<DeploymentRow> {
    const id = d.id;
    await this.lifecycle?.onClosed(id);
    const entries = await liveRepository.entriesOf(this.deps.db, id);
    const manifest = entries.map((e) => ({
      subjectId: e.subject_id,
      reference: e.subject_reference,
      category: e.category,
      addedBy: e.added_by,
      addedAt: e.added_at,
    }));
    const alerts = await this.deps.db.transaction().execute(async (trx) => {
      // The deployment row first: on PostgreSQL this waits for an alert being stored by a pipeline
      // process (it share-locks the row), so the alerts read below include it (R20).
      // Conditional on the status it was read with: of two processes closing at once, one does.
      const moved = await liveRepository.moveDeployment(trx, id, d.status, {
        status: 'closed',
        stopped_at: d.status === 'live' ? nowIso() : d.stopped_at,
        closed_at: nowIso(),
        close_reason: closeReason,
        manifest_json: JSON.stringify(manifest),
      });
      if (!moved) {
        throw new DomainError('refused', 'cannot-close', `deployment ${id} was closed meanwhile (by another process)`);
      }
      const deleted = o.deleteAlerts ? await liveRepository.allAlertsOf(trx, id) : [];
      if (o.deleteAlerts) await trx.deleteFrom('alerts').where('deployment_id', '=', id).execute();
      await liveRepository.destroyWatchlistBiometrics(trx, id);
      await appendAudit(trx, { ...audit(entries.length, deleted.length), target: { type: 'deployment', id } });
      return deleted;
    });
    const media = [
      ...entries.map((e) => e.image_media_id),
      ...alerts.flatMap((a) => [a.probe_media_id, a.reference_media_id]),
    ];
    await Promise.all(media.map((m) => (m ? this.deps.media.delete(m) : undefined)));
    return this.get(id);
  }

  /** The post-deployment review completes the record (R6). */
  async review(id: string, review: { summary: string; arrestsOrDisposals?: number | undefined }, actor: string) {
    const d = await this.get(id);
    if (d.status !== 'closed')
      throw new DomainError('refused', 'cannot-review', `only a closed deployment is reviewed (this is ${d.status})`);
    await this.deps.db.transaction().execute(async (trx) => {
      const moved = await liveRepository.moveDeployment(trx, id, 'closed', {
        status: 'reviewed' satisfies DeploymentStatus,
        reviewed_by: actor,
        reviewed_at: nowIso(),
        review_json: JSON.stringify(review),
      });
      if (!moved) throw this.movedMeanwhile(id);
      await appendAudit(trx, {
        actor,
        action: 'deployment.reviewed',
        target: { type: 'deployment', id },
        details: review,
      });
    });
    return this.get(id);
  }

  /**
   * After a restart: deployments still marked live start matching again if their window is open,
   * and close (end time) if it has passed (R2).
   */
  async resumeLive(): Promise<{ resumed: string[]; closed: string[] }> {
    const closed = await this.closeOverdue();
    const live = await liveRepository.listDeployments(this.deps.db, { limit: 1000, offset: 0, status: 'live' });
    for (const d of live) await this.lifecycle?.onLive(d);
    return { resumed: live.map((d) => d.id), closed };
  }

  /**
   * Closes every live deployment whose authorised end has passed (R2). The pipeline running its
   * cameras closes it on time; this is the backstop for when none does (every pipeline process
   * down), run at start-up and every half minute by the API and pipeline roles. Several processes
   * may run it at once: a deployment another has just closed is skipped.
   */
  async closeOverdue(): Promise<string[]> {
    const live = await liveRepository.listDeployments(this.deps.db, { limit: 1000, offset: 0, status: 'live' });
    const closed: string[] = [];
    for (const d of live) {
      if (this.now().getTime() < Date.parse(d.planned_end)) continue;
      await this.close(d.id, null, 'end-time').catch((err: unknown) => {
        if (!(err instanceof DomainError && err.code === 'cannot-close')) throw err;
      });
      closed.push(d.id);
    }
    return closed;
  }

  /** Records a camera's gap (opened, or closed with its end): a dropped source is on the record. */
  async recordCameraGap(
    cameraId: string,
    gap: { from: number; to?: number | undefined; reason: string },
  ): Promise<void> {
    await liveRepository.recordCameraGap(this.deps.db, cameraId, {
      from: gap.from,
      ...(gap.to !== undefined ? { to: gap.to } : {}),
      reason: gap.reason,
    });
  }

  /** Adds the pipeline's counts (R18: only counts survive); safe with several pipeline processes. */
  addCounts(id: string, add: DeploymentCounts): Promise<void> {
    return addDeploymentCounts(this.deps.db, id, add);
  }
}
