/**
 * Camera leases (issue 7): plain queries. A lease is claimed when it is absent or expired, with
 * one conditional upsert, so two pipeline processes racing for a camera never both win; renewed
 * and released only by its holder. Times are wall-clock milliseconds.
 */
import type { Selectable } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { CameraLeasesTable } from '../db/tables/live.ts';
import type { CameraRow } from './live.repository.ts';

export type CameraLeaseRow = Selectable<CameraLeasesTable>;

/** A camera of a live deployment that no live lease covers, with the lease it had (if any). */
export interface ClaimableCamera {
  readonly camera: CameraRow;
  readonly previous: Pick<CameraLeaseRow, 'holder' | 'heartbeat_ms'> | null;
}

const changed = (n: bigint | undefined): boolean => (n ?? 0n) > 0n;

export const cameraLeaseRepository = {
  /** Cameras of live deployments without a lease in force at `now`, oldest deployment first. */
  async claimable(q: Queryable, now: number, limit: number): Promise<ClaimableCamera[]> {
    const rows = await q
      .selectFrom('cameras as c')
      .innerJoin('deployments as d', 'd.id', 'c.deployment_id')
      .leftJoin('camera_leases as l', 'l.camera_id', 'c.id')
      .selectAll('c')
      .select(['l.holder as lease_holder', 'l.heartbeat_ms as lease_heartbeat_ms'])
      .where('d.status', '=', 'live')
      .where((eb) => eb.or([eb('l.camera_id', 'is', null), eb('l.expires_ms', '<=', now)]))
      .orderBy('d.started_at')
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows.map(({ lease_holder, lease_heartbeat_ms, ...camera }) => ({
      camera,
      previous:
        lease_holder !== null && lease_heartbeat_ms !== null
          ? { holder: lease_holder, heartbeat_ms: Number(lease_heartbeat_ms) }
          : null,
    }));
  },

  /** Takes the camera's lease if it is absent or expired at `now`; true when this holder won it. */
  async claim(
    q: Queryable,
    o: { cameraId: string; deploymentId: string; holder: string; now: number; leaseMs: number },
  ): Promise<boolean> {
    const row = {
      camera_id: o.cameraId,
      deployment_id: o.deploymentId,
      holder: o.holder,
      acquired_ms: o.now,
      heartbeat_ms: o.now,
      expires_ms: o.now + o.leaseMs,
      status_json: null,
    };
    const result = await q
      .insertInto('camera_leases')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('camera_id')
          .doUpdateSet({
            deployment_id: row.deployment_id,
            holder: row.holder,
            acquired_ms: row.acquired_ms,
            heartbeat_ms: row.heartbeat_ms,
            expires_ms: row.expires_ms,
            status_json: null,
          })
          .where('camera_leases.expires_ms', '<=', o.now),
      )
      .executeTakeFirst();
    return changed(result.numInsertedOrUpdatedRows);
  },

  /** Extends a lease this holder has; false when it is no longer theirs (another process took it). */
  async renew(
    q: Queryable,
    o: { cameraId: string; holder: string; now: number; leaseMs: number; statusJson: string | null },
  ): Promise<boolean> {
    const result = await q
      .updateTable('camera_leases')
      .set({ heartbeat_ms: o.now, expires_ms: o.now + o.leaseMs, status_json: o.statusJson })
      .where('camera_id', '=', o.cameraId)
      .where('holder', '=', o.holder)
      .where('expires_ms', '>', 0)
      .executeTakeFirst();
    return changed(result.numUpdatedRows);
  },

  /** Hands the camera back at once (graceful shutdown): the next claimer records the gap from `now`. */
  async release(q: Queryable, o: { cameraId: string; holder: string; now: number }): Promise<void> {
    await q
      .updateTable('camera_leases')
      .set({ heartbeat_ms: o.now, expires_ms: 0 })
      .where('camera_id', '=', o.cameraId)
      .where('holder', '=', o.holder)
      .execute();
  },

  /** Drops this holder's lease (the deployment is over). */
  async remove(q: Queryable, o: { cameraId: string; holder: string }): Promise<void> {
    await q.deleteFrom('camera_leases').where('camera_id', '=', o.cameraId).where('holder', '=', o.holder).execute();
  },

  leasesOf(q: Queryable, deploymentId: string): Promise<CameraLeaseRow[]> {
    return q.selectFrom('camera_leases').selectAll().where('deployment_id', '=', deploymentId).execute();
  },
};
