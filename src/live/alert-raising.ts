/**
 * Storing a sighting as an alert (R16, R21, R23), inside the caller's transaction: refused (none
 * stored) unless the deployment is live when written; a sighting of the same entry on the same
 * camera within the grouping window updates that alert (alert-grouping.ts), else a new alert is
 * raised; either takes the deployment's next alert sequence number and is audited.
 */
import type { Queryable } from '../db/database.ts';
import type { AlertContext } from './alert-context.ts';
import { groupingSince, newAlertRow, planSeenAgain } from './alert-grouping.ts';
import type { AlertRow } from './live.repository.ts';
import type { RaisedAlert } from './raised-alert.ts';

/** What storing a sighting did: raised a new alert, or updated the one it groups into. */
export interface Stored {
  readonly kind: 'raised' | 'grouped';
  /** The new row; for `grouped`, the alert as it was before. */
  readonly alert: AlertRow;
  readonly keepsCrop: boolean;
}

export async function storeSighting(
  ctx: AlertContext,
  trx: Queryable,
  a: RaisedAlert & { readonly id: string },
  probe: string,
  reference: string | null,
): Promise<Stored | undefined> {
  const { id } = a;
  const windowMs = ctx.groupWindowMs;
  if ((await ctx.rows.statusForWrite(trx, a.deploymentId)) !== 'live') return undefined;
  const group =
    windowMs > 0
      ? await ctx.rows.groupAlertFor(trx, {
          deploymentId: a.deploymentId,
          cameraId: a.cameraId,
          entryId: a.entry.id,
          since: groupingSince(a.capturedAt, windowMs),
        })
      : undefined;
  const seq = await ctx.rows.nextAlertSeq(trx, a.deploymentId);
  if (group) {
    const plan = planSeenAgain(group, a, probe);
    await ctx.rows.updateAlert(trx, group.id, { ...plan.set, event_seq: seq });
    await ctx.audit.append(trx, {
      actor: null,
      action: 'alert.seen-again',
      target: { type: 'alert', id: group.id },
      details: { seenCount: plan.seenCount, score: a.score, bestCropReplaced: plan.keepsCrop },
    });
    return { kind: 'grouped', alert: group, keepsCrop: plan.keepsCrop };
  }
  const numbered = newAlertRow(
    a,
    id,
    probe,
    reference,
    seq,
    ctx.clock.nowIso(),
    await ctx.rows.alertNames(trx, a.cameraId, a.entry.subject_id),
  );
  await ctx.rows.insertAlert(trx, numbered);
  await ctx.audit.append(trx, {
    actor: null,
    action: 'alert.raised',
    target: { type: 'alert', id },
    details: {
      deploymentId: a.deploymentId,
      cameraId: a.cameraId,
      score: a.score,
      threshold: a.threshold,
      entryId: a.entry.id,
    },
  });
  return { kind: 'raised', alert: numbered, keepsCrop: true };
}
