/**
 * Alerts (R21, R23): raised by the live pipeline with the probe crop and the watchlist image
 * (each sealed, copied so the alert outlives the destroyed watchlist for its retention window),
 * the score and the threshold in force, camera, time, entry and category; pushed to subscribers
 * at once; then decided by people: the operator (confirm, reject, unable to determine, with the
 * time it took), then an engagement officer (engaged or not, and the outcome). Nothing automatic.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/database.ts';
import type { VigilSchema } from '../db/schema.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { InProcessEventBus, type EventBus } from '../events/event-bus.ts';
import { liveRepository, type AlertRow, type WatchlistEntryRow } from './live.repository.ts';

export const operatorDecisions = ['confirm', 'reject', 'unable-to-determine'] as const;
export type OperatorDecision = (typeof operatorDecisions)[number];
export const engagementOutcomes = ['arrest', 'other-disposal', 'no-further-action', 'not-the-person'] as const;
export type EngagementOutcome = (typeof engagementOutcomes)[number];

export interface RaisedAlert {
  readonly deploymentId: string;
  readonly cameraId: string;
  readonly capturedAt: number;
  readonly score: number;
  readonly threshold: number;
  readonly trackFrames: number;
  readonly entry: WatchlistEntryRow;
  /** JPEG of the face that alerted. */
  readonly probeCrop: Uint8Array;
  /** The watchlist entry's image. */
  readonly reference: Uint8Array | undefined;
}

export interface AlertEvent {
  readonly type: 'alert' | 'alert-updated';
  readonly alert: AlertRow;
  /** Milliseconds from frame capture to the alert being stored (for new alerts). */
  readonly latencyMs?: number;
}

/** The event channel of a deployment's alerts. */
const channelOf = (deploymentId: string) => `alerts.${deploymentId}`;

export class AlertService {
  private readonly events: EventBus;

  constructor(
    private readonly deps: {
      db: Kysely<VigilSchema>;
      media: MediaStore;
      now?: () => number;
      /** Where alert events go: in-process, or Redis so every API process's subscribers get them. */
      events?: EventBus;
    },
  ) {
    this.events = deps.events ?? new InProcessEventBus();
  }

  /** Subscribes to one deployment's alert events (from any process); returns the unsubscribe function. */
  subscribe(deploymentId: string, listener: (e: AlertEvent) => void): () => void {
    return this.events.subscribe(channelOf(deploymentId), (m) => listener(m as AlertEvent));
  }

  private emit(e: AlertEvent): void {
    // At most once, to whoever listens now: the stored alert is the record, the event a nudge.
    void this.events.publish(channelOf(e.alert.deployment_id), e).catch(() => undefined);
  }

  /**
   * Stores an alert and tells the subscribers. Refused unless the deployment is live when it is
   * written: a pipeline process that has not yet seen a close (it learns at its next heartbeat)
   * cannot add alerts to a closed or refused deployment.
   */
  async raise(a: RaisedAlert): Promise<AlertRow> {
    const probe = await this.deps.media.put(a.probeCrop);
    const reference = a.reference ? await this.deps.media.put(a.reference) : null;
    const row: AlertRow = {
      id: randomUUID(),
      deployment_id: a.deploymentId,
      camera_id: a.cameraId,
      captured_at: new Date(a.capturedAt).toISOString(),
      created_at: nowIso(),
      score: a.score,
      threshold: a.threshold,
      track_frames: a.trackFrames,
      entry_id: a.entry.id,
      subject_id: a.entry.subject_id,
      subject_reference: a.entry.subject_reference,
      category: a.entry.category,
      probe_media_id: probe,
      reference_media_id: reference,
      operator_decision: null,
      operator_by: null,
      operator_at: null,
      decision_ms: null,
      engagement: null,
      outcome: null,
      engagement_by: null,
      engagement_at: null,
      engagement_note: null,
      investigation_ref: null,
    };
    const stored = await this.deps.db.transaction().execute(async (trx) => {
      if ((await liveRepository.statusForWrite(trx, a.deploymentId)) !== 'live') return false;
      await liveRepository.insertAlert(trx, row);
      await appendAudit(trx, {
        actor: null,
        action: 'alert.raised',
        target: { type: 'alert', id: row.id },
        details: {
          deploymentId: a.deploymentId,
          cameraId: a.cameraId,
          score: a.score,
          threshold: a.threshold,
          entryId: a.entry.id,
        },
      });
      return true;
    });
    if (!stored) {
      await Promise.all([this.deps.media.delete(probe), reference ? this.deps.media.delete(reference) : undefined]);
      throw new DomainError('refused', 'not-live', `deployment ${a.deploymentId} is not live: no alert is raised`);
    }
    const now = this.deps.now?.() ?? Date.now();
    this.emit({ type: 'alert', alert: row, latencyMs: now - a.capturedAt });
    return row;
  }

  async get(id: string): Promise<AlertRow> {
    const a = await liveRepository.findAlert(this.deps.db, id);
    if (!a) throw new DomainError('not-found', 'no-such-alert', `alert ${id} does not exist`);
    return a;
  }

  list(deploymentId: string, o: { limit: number; offset: number; pending?: boolean }): Promise<AlertRow[]> {
    return liveRepository.alertsOf(this.deps.db, deploymentId, o);
  }

  /** The probe crop or the watchlist image of an alert; viewing is audited. */
  async image(id: string, which: 'probe' | 'reference', actor: string): Promise<Buffer> {
    const a = await this.get(id);
    const mediaId = which === 'probe' ? a.probe_media_id : a.reference_media_id;
    if (!mediaId)
      throw new DomainError('not-found', 'image-gone', `the ${which} image of this alert has been deleted (retention)`);
    await this.deps.db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, { actor, action: 'alert.viewed', target: { type: 'alert', id }, details: { image: which } }),
      );
    return this.deps.media.get(mediaId);
  }

  async adjudicate(id: string, decision: OperatorDecision, actor: string): Promise<AlertRow> {
    const a = await this.get(id);
    if (a.operator_decision)
      throw new DomainError('conflict', 'already-decided', `this alert was already decided: ${a.operator_decision}`);
    const at = nowIso();
    const decisionMs = Date.parse(at) - Date.parse(a.created_at);
    await this.deps.db.transaction().execute(async (trx) => {
      await liveRepository.updateAlert(trx, id, {
        operator_decision: decision,
        operator_by: actor,
        operator_at: at,
        decision_ms: decisionMs,
      });
      await appendAudit(trx, {
        actor,
        action: 'alert.decided',
        target: { type: 'alert', id },
        details: { decision, decisionMs },
      });
    });
    return this.updated(id);
  }

  async engage(
    id: string,
    e: { engaged: boolean; outcome?: EngagementOutcome | undefined; note?: string | undefined },
    actor: string,
  ): Promise<AlertRow> {
    const a = await this.get(id);
    if (!a.operator_decision)
      throw new DomainError(
        'conflict',
        'operator-first',
        'the operator must decide on the alert before the engagement is recorded',
      );
    if (a.engagement)
      throw new DomainError('conflict', 'already-recorded', 'the engagement of this alert is already recorded');
    if (e.engaged && !e.outcome)
      throw new DomainError('invalid', 'outcome-required', 'an engagement needs its outcome');
    // R22 [EU]: the match is verified by two different people before anyone acts on it.
    if (a.operator_by === actor) {
      throw new DomainError(
        'forbidden',
        'two-person',
        'R22: the engagement must be recorded by someone other than the operator who decided the alert',
      );
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await liveRepository.updateAlert(trx, id, {
        engagement: e.engaged ? 'engaged' : 'not-engaged',
        outcome: e.engaged ? (e.outcome ?? null) : null,
        engagement_by: actor,
        engagement_at: nowIso(),
        engagement_note: e.note ?? null,
      });
      await appendAudit(trx, {
        actor,
        action: 'alert.engagement',
        target: { type: 'alert', id },
        details: { engaged: e.engaged, outcome: e.outcome ?? null },
      });
    });
    return this.updated(id);
  }

  /** Links an alert to an investigation, which keeps its images past the alert window (R19). */
  async link(id: string, investigationRef: string, actor: string): Promise<AlertRow> {
    await this.get(id);
    await this.deps.db.transaction().execute(async (trx) => {
      await liveRepository.updateAlert(trx, id, { investigation_ref: investigationRef });
      await appendAudit(trx, {
        actor,
        action: 'alert.linked',
        target: { type: 'alert', id },
        details: { investigationRef },
      });
    });
    return this.updated(id);
  }

  private async updated(id: string): Promise<AlertRow> {
    const a = await this.get(id);
    this.emit({ type: 'alert-updated', alert: a });
    return a;
  }
}
