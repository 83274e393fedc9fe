/** Rows of pending and decided role grants. Plain queries, no policy (see role-grants.service.ts). */
import type { Queryable } from '../../db/database.ts';
import type { RoleGrantRow, RoleGrantStatus } from '../../db/tables/identity.ts';

export class RoleGrantsRepository {
  async insert(q: Queryable, row: RoleGrantRow): Promise<void> {
    await q.insertInto('role_grants').values(row).execute();
  }

  find(q: Queryable, id: string): Promise<RoleGrantRow | undefined> {
    return q.selectFrom('role_grants').selectAll().where('id', '=', id).executeTakeFirst();
  }

  pending(q: Queryable, userId?: string): Promise<RoleGrantRow[]> {
    let query = q.selectFrom('role_grants').selectAll().where('status', '=', 'pending');
    if (userId) query = query.where('user_id', '=', userId);
    return query.orderBy('requested_at').orderBy('id').execute();
  }

  /** Decides a pending grant; 1 when this call decided it, 0 when someone else already had. */
  async decide(
    q: Queryable,
    id: string,
    status: Exclude<RoleGrantStatus, 'pending'>,
    decidedBy: string,
    decidedAt: string,
    reason: string | null,
  ): Promise<number> {
    const r = await q
      .updateTable('role_grants')
      .set({ status, decided_by: decidedBy, decided_at: decidedAt, reason })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

/** The stateless instance for callers without deps (seed, fixtures). */
export const roleGrantsRepository = new RoleGrantsRepository();
