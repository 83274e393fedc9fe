/** Rows of the RFR case workspace: cases, their probes, and the face tracks of video probes. */
import type { Queryable } from '../db/database.ts';
import type { CaseRow, ProbeRow, ProbeTrackRow } from '../db/schema.ts';

export class CaseRepository {
  async insertCase(q: Queryable, row: CaseRow): Promise<void> {
    await q.insertInto('cases').values(row).execute();
  }

  findCase(q: Queryable, id: string): Promise<CaseRow | undefined> {
    return q.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findCaseByReference(q: Queryable, reference: string): Promise<CaseRow | undefined> {
    return q.selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirst();
  }

  /** Cases, newest first; `visibleTo`: only those the user opened or is a member of. */
  listCases(
    q: Queryable,
    o: { limit: number; offset: number; createdBy?: string | undefined; visibleTo?: string | undefined },
  ): Promise<CaseRow[]> {
    let query = q.selectFrom('cases').selectAll();
    if (o.createdBy) query = query.where('created_by', '=', o.createdBy);
    const user = o.visibleTo;
    if (user !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('created_by', '=', user),
          eb.exists(
            eb
              .selectFrom('case_members')
              .select('case_members.case_id')
              .whereRef('case_members.case_id', '=', 'cases.id')
              .where('case_members.username', '=', user),
          ),
        ]),
      );
    }
    return query.orderBy('created_at', 'desc').orderBy('id').limit(o.limit).offset(o.offset).execute();
  }

  async isMember(q: Queryable, caseId: string, username: string): Promise<boolean> {
    const row = await q
      .selectFrom('case_members')
      .select('username')
      .where('case_id', '=', caseId)
      .where('username', '=', username)
      .executeTakeFirst();
    return row !== undefined;
  }

  async addMember(q: Queryable, caseId: string, username: string, addedBy: string, at: string): Promise<void> {
    await q.insertInto('case_members').values({ case_id: caseId, username, added_by: addedBy, added_at: at }).execute();
  }

  async membersOf(q: Queryable, caseId: string): Promise<string[]> {
    const rows = await q
      .selectFrom('case_members')
      .select('username')
      .where('case_id', '=', caseId)
      .orderBy('username')
      .execute();
    return rows.map((r) => r.username);
  }

  async setAuthorisationRef(q: Queryable, id: string, ref: string): Promise<void> {
    await q.updateTable('cases').set({ authorisation_ref: ref }).where('id', '=', id).execute();
  }

  async insertProbe(q: Queryable, row: ProbeRow): Promise<void> {
    await q.insertInto('probes').values(row).execute();
  }

  findProbe(q: Queryable, id: string): Promise<ProbeRow | undefined> {
    return q.selectFrom('probes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  probesOf(q: Queryable, caseId: string): Promise<ProbeRow[]> {
    return q
      .selectFrom('probes')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async insertTrack(q: Queryable, row: ProbeTrackRow): Promise<void> {
    await q.insertInto('probe_tracks').values(row).execute();
  }

  tracksOf(q: Queryable, probeId: string): Promise<ProbeTrackRow[]> {
    return q.selectFrom('probe_tracks').selectAll().where('probe_id', '=', probeId).orderBy('track_no').execute();
  }

  findTrack(q: Queryable, id: string): Promise<ProbeTrackRow | undefined> {
    return q.selectFrom('probe_tracks').selectAll().where('id', '=', id).executeTakeFirst();
  }
}

/** The shared instance, for callers not yet given theirs through their deps (issue 16). */
export const caseRepository = new CaseRepository();
