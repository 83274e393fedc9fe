/**
 * Alerts (R21, R23): raised by the live pipeline with the probe crop and the watchlist image
 * (each sealed, copied so the alert outlives the destroyed watchlist for its retention window),
 * the score and the threshold in force, camera, time, entry and category; pushed to subscribers
 * at once; then decided by people: the operator (confirm, reject, unable to determine, with the
 * time it took), then an engagement officer (engaged or not, and the outcome). Nothing automatic.
 * Each decision is a new revision row, never an overwrite, with its history shown beside the
 * alert (issue 12): the rules are in alert-decisions.ts. Every change takes the next number of
 * its deployment's alert sequence in its own transaction (issue 14, migration 0013): the stream's
 * event ids, from which a reconnecting client is sent what it missed.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { kyselyUnitOfWork, type UnitOfWork } from '../db/unit-of-work.ts';
import { chainedAudit, type AuditAppender } from '../governance/audit/audit-port.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { InProcessEventBus, type EventBus } from '../events/event-bus.ts';
import { isUniqueViolation } from '../gallery/gallery.service.ts';
import { userNames } from '../governance/identity/user-names.ts';
import {
  planEngagement,
  planOperatorDecision,
  type DecisionContext,
  type EngagementInput,
  type OperatorDecision,
  type PlannedDecision,
} from './alert-decisions.ts';
import type { AlertContext, AlertRows } from './alert-context.ts';
import { storeSighting } from './alert-raising.ts';
import { AlertRepository } from './alert.repository.ts';
import type { AlertDecisionRow, AlertRow } from './live.repository.ts';

export {
  engagementOutcomes,
  operatorDecisions,
  type EngagementInput,
  type EngagementOutcome,
  type OperatorDecision,
} from './alert-decisions.ts';
import type { RaisedAlert } from './raised-alert.ts';
export type { RaisedAlert } from './raised-alert.ts';

export interface AlertEvent {
  readonly type: 'alert' | 'alert-updated';
  readonly alert: AlertRow;
  /** The alert's decision revisions (for updates; a new alert has none). */
  readonly history?: readonly AlertDecisionRow[];
  /** Display names of the deciders in `history`, by username. */
  readonly names?: Readonly<Record<string, string>>;
  /** Milliseconds from frame capture to the alert being stored (for new alerts). */
  readonly latencyMs?: number;
}

/** The event channel of a deployment's alerts. */
const channelOf = (deploymentId: string) => `alerts.${deploymentId}`;

export interface AlertServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly media: Pick<MediaStore, 'get' | 'put' | 'delete'>;
  /** The latency clock in ms (default: `clock`). */
  readonly now?: () => number;
  /** Where alert events go: in-process, or Redis so every API process's subscribers get them. */
  readonly events?: EventBus;
  /** `live.alertGroupSeconds` in ms (R16): sightings this close update one alert. 0 or unset: none grouped. */
  readonly groupWindowMs?: number;
  /** Issue 16 seams, injected by the composition root; default: the real ones over `db`. */
  readonly rows?: AlertRows;
  readonly uow?: UnitOfWork;
  readonly audit?: AuditAppender;
  readonly clock?: Clock;
  /** Display names of usernames (default: the identity tables). */
  readonly names?: (usernames: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}

export class AlertService {
  private readonly events: EventBus;
  private readonly ctx: AlertContext;

  constructor(private readonly deps: AlertServiceDeps) {
    this.events = deps.events ?? new InProcessEventBus();
    this.ctx = {
      db: deps.db,
      rows: deps.rows ?? new AlertRepository(),
      uow: deps.uow ?? kyselyUnitOfWork(deps.db),
      audit: deps.audit ?? chainedAudit,
      clock: deps.clock ?? systemClock,
      media: deps.media,
      groupWindowMs: deps.groupWindowMs ?? 0,
      names: deps.names ?? ((u) => userNames(deps.db, u)),
    };
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
   * cannot add alerts to a closed or refused deployment. A sighting of the same entry on the same
   * camera within the grouping window updates that alert instead (R16, alert-grouping.ts): one
   * alert per person per camera per window, renumbered so the stream replays it.
   */
  async raise(a: RaisedAlert): Promise<AlertRow> {
    // A retry of a sighting already stored (the first try's commit was not seen): the stored one stands.
    const already = a.id ? await this.ctx.rows.findSighting(this.ctx.db, a.id) : undefined;
    if (already) return already;
    const id = a.id ?? randomUUID();
    const probe = await this.ctx.media.put(a.probeCrop);
    const reference = a.reference ? await this.ctx.media.put(a.reference) : null;
    const stored = await this.ctx.uow
      .run((trx) => storeSighting(this.ctx, trx, { ...a, id }, probe, reference))
      .catch(async (err: unknown) => {
        // Not stored: its images go too (R18), and the caller may retry with the same id.
        await this.dropMedia(probe, reference);
        throw err;
      });
    if (!stored) {
      await this.dropMedia(probe, reference);
      throw new DomainError('refused', 'not-live', `deployment ${a.deploymentId} is not live: no alert is raised`);
    }
    if (stored.kind === 'grouped') {
      // The crop not kept goes (the sighting's, or the one it replaced), and the unused reference copy.
      await this.dropMedia(stored.keepsCrop ? stored.alert.probe_media_id : probe, reference);
      return this.updated(stored.alert.id);
    }
    const now = this.deps.now?.() ?? this.ctx.clock.now().getTime();
    this.emit({ type: 'alert', alert: stored.alert, latencyMs: now - a.capturedAt });
    return stored.alert;
  }

  private async dropMedia(...ids: (string | null)[]): Promise<void> {
    await Promise.all(ids.map((m) => (m ? this.ctx.media.delete(m) : undefined))).catch(() => undefined);
  }

  async get(id: string): Promise<AlertRow> {
    const a = await this.ctx.rows.findAlert(this.ctx.db, id);
    if (!a) throw new DomainError('not-found', 'no-such-alert', `alert ${id} does not exist`);
    return a;
  }

  list(deploymentId: string, o: { limit: number; offset: number; pending?: boolean }): Promise<AlertRow[]> {
    return this.ctx.rows.alertsOf(this.ctx.db, deploymentId, o);
  }

  /** The deployment's stream position now: the sequence number of its latest alert change (issue 14). */
  cursor(deploymentId: string): Promise<number> {
    return this.ctx.rows.lastAlertSeq(this.ctx.db, deploymentId);
  }

  /** The alerts changed after stream position `after`, oldest change first, as they are now (replay). */
  changedSince(deploymentId: string, after: number, limit: number): Promise<AlertRow[]> {
    return this.ctx.rows.alertsChangedSince(this.ctx.db, deploymentId, after, limit);
  }

  /** The probe crop or the watchlist image of an alert; viewing is audited. */
  async image(id: string, which: 'probe' | 'reference', actor: string): Promise<Buffer> {
    const a = await this.get(id);
    const mediaId = which === 'probe' ? a.probe_media_id : a.reference_media_id;
    if (!mediaId)
      throw new DomainError('not-found', 'image-gone', `the ${which} image of this alert has been deleted (retention)`);
    await this.ctx.uow.run((trx) =>
      this.ctx.audit.append(trx, {
        actor,
        action: 'alert.viewed',
        target: { type: 'alert', id },
        details: { image: which },
      }),
    );
    return this.ctx.media.get(mediaId);
  }

  /** The operator's decision (R21); a correction by the operator of record needs `reason`. */
  adjudicate(id: string, decision: OperatorDecision, actor: string, reason?: string): Promise<AlertRow> {
    return this.appendDecision(id, actor, (a, history, ctx) => planOperatorDecision(a, history, decision, reason, ctx));
  }

  /** The engagement officer's record (R21, R22); a correction by the one of record needs `e.reason`. */
  engage(id: string, e: EngagementInput, actor: string): Promise<AlertRow> {
    return this.appendDecision(id, actor, (a, history, ctx) => planEngagement(a, history, e, ctx));
  }

  /** The decision revisions of the given alerts, oldest first per stage, with the deciders' names. */
  async history(
    ids: readonly string[],
  ): Promise<{ decisions: AlertDecisionRow[]; names: ReadonlyMap<string, string> }> {
    const decisions = await this.ctx.rows.alertDecisionsOf(this.ctx.db, ids);
    return {
      decisions,
      names: await this.ctx.names(decisions.map((d) => d.decided_by)),
    };
  }

  /**
   * Appends one decision revision, with its cache and audit, in one transaction over the locked
   * alert and its history so far; a concurrent second decision of the stage is refused.
   */
  private async appendDecision(
    id: string,
    actor: string,
    plan: (a: AlertRow, history: readonly AlertDecisionRow[], ctx: DecisionContext) => PlannedDecision,
  ): Promise<AlertRow> {
    try {
      await this.ctx.uow.run(async (trx) => {
        const a = await this.ctx.rows.lockAlert(trx, id);
        if (!a) throw new DomainError('not-found', 'no-such-alert', `alert ${id} does not exist`);
        const history = await this.ctx.rows.alertDecisionsOf(trx, [id]);
        const p = plan(a, history, { actor, at: this.ctx.clock.nowIso(), id: randomUUID() });
        await this.ctx.rows.insertAlertDecision(trx, p.row);
        const seq = await this.ctx.rows.nextAlertSeq(trx, a.deployment_id);
        await this.ctx.rows.updateAlert(trx, id, { ...p.cache, event_seq: seq });
        await this.ctx.audit.append(trx, {
          actor,
          action: p.audit.action,
          target: { type: 'alert', id },
          details: p.audit.details,
        });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError(
        'conflict',
        'concurrent-decision',
        `another decision on alert ${id} was recorded at the same moment; reload and look again`,
      );
    }
    return this.updated(id);
  }

  /** Links an alert to an investigation, which keeps its images past the alert window (R19). */
  async link(id: string, investigationRef: string, actor: string): Promise<AlertRow> {
    const { deployment_id } = await this.get(id);
    await this.ctx.uow.run(async (trx) => {
      const seq = await this.ctx.rows.nextAlertSeq(trx, deployment_id);
      await this.ctx.rows.updateAlert(trx, id, { investigation_ref: investigationRef, event_seq: seq });
      await this.ctx.audit.append(trx, {
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
    const { decisions, names } = await this.history([id]);
    this.emit({ type: 'alert-updated', alert: a, history: decisions, names: Object.fromEntries(names) });
    return a;
  }
}
