/** An in-memory job outbox for the unit specs (the same rules as OutboxRepository's SQL). */
import type { JobOutboxTable } from '../../src/db/tables/outbox.ts';
import type { OutboxStore } from '../../src/jobs/outbox.repository.ts';

export function memoryOutboxStore(): OutboxStore & { rows: Map<string, JobOutboxTable> } {
  const rows = new Map<string, JobOutboxTable>();
  const order = (a: JobOutboxTable, b: JobOutboxTable) =>
    a.attempts - b.attempts || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
  return {
    rows,
    async insert(_q, inserted, again) {
      for (const r of inserted) {
        const had = rows.get(r.id);
        if (!had) rows.set(r.id, { ...r, relayed_at: null, last_error: null });
        else if (again) rows.set(r.id, { ...had, relayed_at: null, payload_json: r.payload_json });
      }
    },
    async waiting(_q, o) {
      return [...rows.values()]
        .filter((r) => r.relayed_at === null && (!o.ids || o.ids.includes(r.id)))
        .sort(order)
        .slice(0, o.limit)
        .map((r) => ({
          id: r.id,
          name: r.name,
          payload_json: r.payload_json,
          created_at: r.created_at,
          attempts: r.attempts,
        }));
    },
    async markRelayed(_q, id, at) {
      const r = rows.get(id);
      if (r) rows.set(id, { ...r, relayed_at: at, last_error: null });
    },
    async markFailed(_q, id, error) {
      const r = rows.get(id);
      if (r) rows.set(id, { ...r, attempts: r.attempts + 1, last_error: error });
    },
    async countWaiting() {
      return [...rows.values()].filter((r) => r.relayed_at === null).length;
    },
    async deleteRelayedBefore(_q, at) {
      for (const [id, r] of rows) if (r.relayed_at !== null && r.relayed_at < at) rows.delete(id);
    },
  };
}
