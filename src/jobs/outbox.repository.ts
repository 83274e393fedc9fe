/** The job outbox table (`job_outbox`, issue 14). Every method takes a handle or a transaction. */
import type { Queryable } from '../db/database.ts';
import type { JobOutboxTable } from '../db/tables/outbox.ts';

export type OutboxRow = Pick<JobOutboxTable, 'id' | 'name' | 'payload_json' | 'created_at' | 'attempts'>;

export class OutboxRepository {
  /** Records rows; an id already there waits again (`again`) or is left as it is. */
  async insert(q: Queryable, rows: readonly OutboxRow[], again: boolean): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await q
        .insertInto('job_outbox')
        .values(rows.slice(i, i + 200).map((r) => ({ ...r, relayed_at: null, last_error: null })))
        .onConflict((oc) =>
          again
            ? oc.column('id').doUpdateSet((eb) => ({ relayed_at: null, payload_json: eb.ref('excluded.payload_json') }))
            : oc.column('id').doNothing(),
        )
        .execute();
    }
  }

  /** Rows waiting to be relayed (all, or only `ids`): fewest failed attempts, then oldest, first. */
  waiting(q: Queryable, o: { ids?: readonly string[] | undefined; limit: number }): Promise<OutboxRow[]> {
    let query = q
      .selectFrom('job_outbox')
      .select(['id', 'name', 'payload_json', 'created_at', 'attempts'])
      .where('relayed_at', 'is', null);
    if (o.ids) query = query.where('id', 'in', o.ids);
    return query.orderBy('attempts').orderBy('created_at').orderBy('id').limit(o.limit).execute();
  }

  async markRelayed(q: Queryable, id: string, at: string): Promise<void> {
    await q.updateTable('job_outbox').set({ relayed_at: at, last_error: null }).where('id', '=', id).execute();
  }

  async markFailed(q: Queryable, id: string, error: string): Promise<void> {
    await q
      .updateTable('job_outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error }))
      .where('id', '=', id)
      .execute();
  }

  async countWaiting(q: Queryable): Promise<number> {
    const row = await q
      .selectFrom('job_outbox')
      .where('relayed_at', 'is', null)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Forgets rows relayed before `at`. */
  async deleteRelayedBefore(q: Queryable, at: string): Promise<void> {
    await q.deleteFrom('job_outbox').where('relayed_at', 'is not', null).where('relayed_at', '<', at).execute();
  }
}

/** What the outbox needs of its table (an in-memory one in the unit specs). */
export type OutboxStore = Pick<
  OutboxRepository,
  'insert' | 'waiting' | 'markRelayed' | 'markFailed' | 'countWaiting' | 'deleteRelayedBefore'
>;
