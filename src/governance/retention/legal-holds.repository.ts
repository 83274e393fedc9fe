/** Rows of legal holds (R19). Plain queries, usable in a transaction. */
import type { Queryable } from '../../db/database.ts';
import type { HoldTargetType, LegalHoldRow } from '../../db/tables/retention.ts';

export class LegalHoldsRepository {
  async insertHold(q: Queryable, row: LegalHoldRow): Promise<void> {
    await q.insertInto('legal_holds').values(row).execute();
  }

  findHold(q: Queryable, id: string): Promise<LegalHoldRow | undefined> {
    return q.selectFrom('legal_holds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listHolds(
    q: Queryable,
    o: { active?: boolean | undefined; targetType?: HoldTargetType | undefined; targetId?: string | undefined },
  ): Promise<LegalHoldRow[]> {
    let query = q.selectFrom('legal_holds').selectAll();
    if (o.active === true) query = query.where('released_at', 'is', null);
    if (o.active === false) query = query.where('released_at', 'is not', null);
    if (o.targetType) query = query.where('target_type', '=', o.targetType);
    if (o.targetId) query = query.where('target_id', '=', o.targetId);
    return query.orderBy('placed_at', 'desc').orderBy('id').execute();
  }

  /** Releases an active hold; false when it was not active (already released). */
  async releaseHold(q: Queryable, id: string, by: string, at: string, note: string | null): Promise<boolean> {
    const r = await q
      .updateTable('legal_holds')
      .set({ released_by: by, released_at: at, release_note: note })
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Does the target of a hold exist? A subject counts if the gallery or any alert names it. */
  async targetExists(q: Queryable, type: HoldTargetType, id: string): Promise<boolean> {
    switch (type) {
      case 'case':
        return (await q.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
      case 'deployment':
        return (await q.selectFrom('deployments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
      case 'alert':
        return (await q.selectFrom('alerts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
      case 'subject': {
        const subject = await q.selectFrom('subjects').select('id').where('id', '=', id).executeTakeFirst();
        if (subject) return true;
        const alert = await q
          .selectFrom('alerts')
          .select('id')
          .where('subject_id', '=', id)
          .limit(1)
          .executeTakeFirst();
        return alert !== undefined;
      }
    }
  }
}
