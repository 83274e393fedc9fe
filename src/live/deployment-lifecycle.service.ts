/**
 * A live deployment's life after drafting: authorised -> live -> closed -> reviewed (R1-R6, R20).
 * Authorising checks it all (deployment-policy.ts; R30: nobody who compiled the watchlist), shows
 * and freezes the expected false alerts (R12) and the watchlist's hash (R9); going live is refused
 * outside the window, after a change, or without cameras; closing (by hand or at the end time,
 * R2) destroys the watchlist's biometrics and keeps a manifest (R10, R11); a refusal also deletes
 * the alerts (R20). Every step is audited in its own transaction, conditional on the status read.
 */
import { DomainError } from '../shared/domain-error.ts';
import type { DeploymentStatus } from '../db/tables/live.ts';
import { cameraSourceProblems } from './camera-source-vetting.ts';
import {
  authorisationProblems,
  authorisedSnapshot,
  canMove,
  startProblems,
  type AuthorisedSnapshot,
} from './deployment-policy.ts';
import { deploymentOf, movedMeanwhile, type DeploymentContext } from './deployment-context.ts';
import { forecastFalseAlerts } from './expected-false-alerts.ts';
import type { DeploymentRow } from './live.repository.ts';
import { summarise } from './watchlist-summary.ts';
import { closeAndDestroy } from './deployment-shutdown.ts';

/** Told when a deployment goes live or closes, so its cameras start and stop (the live runner). */
export interface DeploymentLifecycle {
  onLive(d: DeploymentRow): Promise<void> | void;
  onClosed(id: string): Promise<void> | void;
}

export class DeploymentLifecycleService {
  private listener: DeploymentLifecycle | undefined;

  constructor(private readonly ctx: DeploymentContext) {}

  setLifecycle(listener: DeploymentLifecycle): void {
    this.listener = listener;
  }

  /** Why this deployment cannot be authorised now, for the authorising officer to see first. */
  async authorisationProblems(id: string, authoriser: string): Promise<string[]> {
    const { ctx } = this;
    const d = await deploymentOf(ctx, id);
    const current = summarise(await ctx.rows.entriesOf(ctx.db, id));
    // R30: everyone who ever compiled the list, not only those whose entries are still on it.
    const history = await ctx.rows.watchlistCompilers(ctx.db, id);
    const watchlist = { ...current, compilers: [...new Set([...current.compilers, ...history])] };
    const linked = (await ctx.settings.linkChecks?.(d)) ?? [];
    const rules = authorisationProblems({
      deployment: d,
      watchlist,
      authoriser,
      now: ctx.clock.now(),
      thresholdFloor: ctx.settings.thresholdFloor(),
      closedCategories: ctx.settings.categories,
      maxDurationHours: ctx.settings.maxDurationHours,
    });
    return [...rules, ...linked];
  }

  async authorise(id: string, note: string, actor: string): Promise<DeploymentRow> {
    const { ctx } = this;
    const problems = await this.authorisationProblems(id, actor);
    if (problems.length > 0) {
      throw new DomainError('refused', 'cannot-authorise', `cannot authorise: ${problems.join('; ')}`, { problems });
    }
    const d = await deploymentOf(ctx, id);
    const calibration = ctx.settings.calibrations().models[d.model_id];
    if (!calibration) throw new DomainError('unavailable', 'not-calibrated', `model ${d.model_id} has no calibration`);
    const watchlist = summarise(await ctx.rows.entriesOf(ctx.db, id));
    const forecast = forecastFalseAlerts(calibration, d.threshold, watchlist.size, d.planned_footfall);
    const snapshot = authorisedSnapshot(d, watchlist, forecast.expectedFalseAlerts);
    await ctx.uow.run(async (trx) => {
      const moved = await ctx.rows.moveDeployment(trx, id, d.status, {
        status: 'authorised',
        authorised_by: actor,
        authorised_at: ctx.clock.nowIso(),
        authorisation_note: note,
        authorised_json: JSON.stringify(snapshot),
      });
      if (!moved) throw movedMeanwhile(id);
      await ctx.audit.append(trx, {
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
    return deploymentOf(ctx, id);
  }

  async start(id: string, actor: string): Promise<DeploymentRow> {
    const { ctx } = this;
    const d = await deploymentOf(ctx, id);
    const snapshot = d.authorised_json ? (JSON.parse(d.authorised_json) as AuthorisedSnapshot) : null;
    const watchlist = summarise(await ctx.rows.entriesOf(ctx.db, id));
    const cameras = await ctx.rows.camerasOf(ctx.db, id);
    const vet = ctx.settings.vetCameraSource;
    const problems = [
      ...startProblems(d, snapshot, watchlist.hash, cameras.length, ctx.clock.now()),
      // The rules may have changed since the cameras were added.
      ...(vet ? await cameraSourceProblems(vet, cameras) : []),
    ];
    if (problems.length > 0)
      throw new DomainError('refused', 'cannot-start', `cannot go live: ${problems.join('; ')}`, { problems });
    await ctx.uow.run(async (trx) => {
      if (!(await ctx.rows.moveDeployment(trx, id, d.status, { status: 'live', started_at: ctx.clock.nowIso() }))) {
        throw movedMeanwhile(id);
      }
      await ctx.audit.append(trx, {
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
    const live = await deploymentOf(ctx, id);
    await this.listener?.onLive(live);
    return live;
  }

  /**
   * Stops matching and closes: cameras stop, the watchlist's templates and images are destroyed
   * and its membership manifest kept (R10, R11). `actor` null: the system (end time reached, R2).
   * `note`: why the person stopping it did (issue 13: the console asks before this irreversible
   * step), recorded in the audit entry of the close.
   */
  async close(id: string, actor: string | null, reason: 'stopped' | 'end-time', note?: string): Promise<DeploymentRow> {
    const d = await deploymentOf(this.ctx, id);
    if (!canMove(d.status, 'closed'))
      throw new DomainError('refused', 'cannot-close', `a ${d.status} deployment cannot be closed`);
    await this.listener?.onClosed(id);
    return closeAndDestroy(this.ctx, d, reason, { deleteAlerts: false }, (entries) => ({
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
    const d = await deploymentOf(this.ctx, id);
    if (d.status === 'closed' || d.status === 'reviewed') {
      throw new DomainError('refused', 'already-closed', `a ${d.status} deployment cannot be refused`);
    }
    if (reason.trim().length < 10)
      throw new DomainError('invalid', 'reason-required', 'R20: a refusal needs its reason');
    await this.listener?.onClosed(id);
    return closeAndDestroy(this.ctx, d, 'refused', { deleteAlerts: true }, (entries, alerts) => ({
      actor,
      action: 'deployment.refused',
      details: { reason: reason.trim(), wasStatus: d.status, alertsDeleted: alerts, watchlistDestroyed: entries },
    }));
  }

  /** The post-deployment review completes the record (R6). */
  async review(
    id: string,
    review: { summary: string; arrestsOrDisposals?: number | undefined },
    actor: string,
  ): Promise<DeploymentRow> {
    const { ctx } = this;
    const d = await deploymentOf(ctx, id);
    if (d.status !== 'closed')
      throw new DomainError('refused', 'cannot-review', `only a closed deployment is reviewed (this is ${d.status})`);
    await ctx.uow.run(async (trx) => {
      const moved = await ctx.rows.moveDeployment(trx, id, 'closed', {
        status: 'reviewed' satisfies DeploymentStatus,
        reviewed_by: actor,
        reviewed_at: ctx.clock.nowIso(),
        review_json: JSON.stringify(review),
      });
      if (!moved) throw movedMeanwhile(id);
      await ctx.audit.append(trx, {
        actor,
        action: 'deployment.reviewed',
        target: { type: 'deployment', id },
        details: review,
      });
    });
    return deploymentOf(ctx, id);
  }

  /**
   * After a restart: deployments still marked live start matching again if their window is open,
   * and close (end time) if it has passed (R2).
   */
  async resumeLive(): Promise<{ resumed: string[]; closed: string[] }> {
    const closed = await this.closeOverdue();
    const live = await this.ctx.rows.listDeployments(this.ctx.db, { limit: 1000, offset: 0, status: 'live' });
    for (const d of live) await this.listener?.onLive(d);
    return { resumed: live.map((d) => d.id), closed };
  }

  /**
   * Closes every live deployment whose authorised end has passed (R2). The pipeline running its
   * cameras closes it on time; this is the backstop for when none does (every pipeline process
   * down), run at start-up and every half minute by the API and pipeline roles. Several processes
   * may run it at once: a deployment another has just closed is skipped.
   */
  async closeOverdue(): Promise<string[]> {
    const live = await this.ctx.rows.listDeployments(this.ctx.db, { limit: 1000, offset: 0, status: 'live' });
    const closed: string[] = [];
    for (const d of live) {
      if (this.ctx.clock.now().getTime() < Date.parse(d.planned_end)) continue;
      await this.close(d.id, null, 'end-time').catch((err: unknown) => {
        if (!(err instanceof DomainError && err.code === 'cannot-close')) throw err;
      });
      closed.push(d.id);
    }
    return closed;
  }
}
