/** The audit monitor's reads of stored hashes and anchors (R29). Plain queries, no policy. */
import type { Queryable } from '../../db/database.ts';

export class AuditChainReads {
  /** The stored hash of each of `seqs` (absent: no such entry). */
  async hashesOf(q: Queryable, seqs: readonly number[]): Promise<Map<number, string>> {
    if (seqs.length === 0) return new Map();
    const rows = await q
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', 'in', [...seqs])
      .execute();
    return new Map(rows.map((r) => [Number(r.seq), r.hash]));
  }

  async hashAt(q: Queryable, seq: number): Promise<string | undefined> {
    return (await q.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst())?.hash;
  }

  async anchorExists(q: Queryable, seq: number): Promise<boolean> {
    return (await q.selectFrom('audit_anchors').select('seq').where('seq', '=', seq).executeTakeFirst()) !== undefined;
  }

  async countAnchors(q: Queryable): Promise<number> {
    const row = await q
      .selectFrom('audit_anchors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
