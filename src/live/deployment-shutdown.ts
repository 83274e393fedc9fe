/**
 * What closing and refusing a deployment share (R10, R11, R20): the watchlist's biometrics (and
 * the alerts, when asked) are destroyed, the membership manifest kept, all recorded in the same
 * transaction, then the media deleted. The cameras are stopped by the caller first.
 */
import { DomainError } from '../shared/domain-error.ts';
import { deploymentOf, type DeploymentContext } from './deployment-context.ts';
import type { DeploymentRow } from './live.repository.ts';

export type ShutdownAudit = (
  entries: number,
  alerts: number,
) => { actor: string | null; action: string; details: Record<string, unknown> };

export async function closeAndDestroy(
  ctx: DeploymentContext,
  d: DeploymentRow,
  closeReason: string,
  o: { deleteAlerts: boolean },
  audit: ShutdownAudit,
): Promise<DeploymentRow> {
  const id = d.id;
  const entries = await ctx.rows.entriesOf(ctx.db, id);
  const manifest = entries.map((e) => ({
    subjectId: e.subject_id,
    reference: e.subject_reference,
    category: e.category,
    addedBy: e.added_by,
    addedAt: e.added_at,
  }));
  const alerts = await ctx.uow.run(async (trx) => {
    // The deployment row first: on PostgreSQL this waits for an alert being stored by a pipeline
    // process (it share-locks the row), so the alerts read below include it (R20).
    // Conditional on the status it was read with: of two processes closing at once, one does.
    const at = ctx.clock.nowIso();
    const moved = await ctx.rows.moveDeployment(trx, id, d.status, {
      status: 'closed',
      stopped_at: d.status === 'live' ? at : d.stopped_at,
      closed_at: at,
      close_reason: closeReason,
      manifest_json: JSON.stringify(manifest),
    });
    if (!moved) {
      throw new DomainError('refused', 'cannot-close', `deployment ${id} was closed meanwhile (by another process)`);
    }
    const deleted = o.deleteAlerts ? await ctx.alertRows.allAlertsOf(trx, id) : [];
    if (o.deleteAlerts) await ctx.alertRows.deleteAlertsOf(trx, id);
    await ctx.rows.destroyWatchlistBiometrics(trx, id);
    await ctx.audit.append(trx, { ...audit(entries.length, deleted.length), target: { type: 'deployment', id } });
    return deleted;
  });
  const media = [
    ...entries.map((e) => e.image_media_id),
    ...alerts.flatMap((a) => [a.probe_media_id, a.reference_media_id]),
  ];
  await Promise.all(media.map((m) => (m ? ctx.media.delete(m) : undefined)));
  return deploymentOf(ctx, id);
}
