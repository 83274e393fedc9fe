/**
 * Rows of the retention module: the facts a purge plans from, the changes it applies, its runs,
 * the media it has still to delete (holds: legal-holds.repository.ts). Plain queries, usable in a
 * transaction; injected into the retention use cases by RetentionService.
 */
import { chunks } from '../../db/chunks.ts';
import type { Updateable } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import {
  ANONYMISED,
  PURGED,
  type ActiveHold,
  type AlertFacts,
  type CaseFacts,
  type PurgeFacts,
  type PurgePlan,
} from './purge-planner.ts';
import type { PurgeClass } from './retention-policy.ts';
import type { PurgeRunRow, PurgeRunsTable } from '../../db/tables/retention.ts';

function latest(...times: (string | null | undefined)[]): string {
  let best = '';
  let bestMs = -Infinity;
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t);
    if (Number.isFinite(ms) && ms > bestMs) [best, bestMs] = [t, ms];
  }
  return best;
}

async function loadAlerts(q: Queryable): Promise<AlertFacts[]> {
  const rows = await q
    .selectFrom('alerts')
    .innerJoin('deployments', 'deployments.id', 'alerts.deployment_id')
    .select([
      'alerts.id',
      'alerts.deployment_id',
      'alerts.subject_id',
      'alerts.created_at',
      'alerts.investigation_ref',
      'alerts.probe_media_id',
      'alerts.reference_media_id',
      'deployments.closed_at',
    ])
    // Only alerts with something left to purge: the rest are anonymised and have no images.
    .where((eb) =>
      eb.or([
        eb('alerts.probe_media_id', 'is not', null),
        eb('alerts.reference_media_id', 'is not', null),
        eb('alerts.subject_id', '!=', ANONYMISED),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    deploymentId: r.deployment_id,
    subjectId: r.subject_id,
    createdAt: r.created_at,
    investigationRef: r.investigation_ref,
    probeMediaId: r.probe_media_id,
    referenceMediaId: r.reference_media_id,
    anonymised: r.subject_id === ANONYMISED,
    deploymentClosedAt: r.closed_at,
  }));
}

async function loadCases(q: Queryable, heldSubjects: readonly string[]): Promise<CaseFacts[]> {
  const cases = await q.selectFrom('cases').select(['id', 'status', 'created_at']).execute();
  const probes = await q
    .selectFrom('probes')
    .select((eb) => ['case_id', eb.fn.max('created_at').as('at')])
    .groupBy('case_id')
    .execute();
  const searches = await q
    .selectFrom('searches')
    .select((eb) => ['case_id', eb.fn.max('created_at').as('at'), eb.fn.max('supervisor_review_at').as('reviewed')])
    .groupBy('case_id')
    .execute();
  const decisions = await q
    .selectFrom('search_candidates')
    .innerJoin('searches', 'searches.id', 'search_candidates.search_id')
    .select((eb) => [
      'searches.case_id',
      eb.fn.max('search_candidates.examiner_at').as('examined'),
      eb.fn.max('search_candidates.officer_at').as('decided'),
    ])
    .groupBy('searches.case_id')
    .execute();
  const heldPairs =
    heldSubjects.length === 0
      ? []
      : await q
          .selectFrom('search_candidates')
          .innerJoin('searches', 'searches.id', 'search_candidates.search_id')
          .select(['searches.case_id', 'search_candidates.subject_id'])
          .where('search_candidates.subject_id', 'in', [...heldSubjects])
          .distinct()
          .execute();
  const activity = new Map<string, (string | null)[]>();
  const add = (caseId: string, ...times: (string | null)[]) =>
    activity.set(caseId, [...(activity.get(caseId) ?? []), ...times]);
  for (const p of probes) add(p.case_id, p.at);
  for (const s of searches) add(s.case_id, s.at, s.reviewed);
  for (const d of decisions) add(d.case_id, d.examined, d.decided);
  const subjects = new Map<string, string[]>();
  for (const h of heldPairs) subjects.set(h.case_id, [...(subjects.get(h.case_id) ?? []), h.subject_id]);
  return cases.map((c) => ({
    id: c.id,
    status: c.status,
    lastActivityAt: latest(c.created_at, ...(activity.get(c.id) ?? [])),
    heldSubjectIds: subjects.get(c.id) ?? [],
  }));
}

export class RetentionRepository {
  async activeHolds(q: Queryable): Promise<ActiveHold[]> {
    const rows = await q
      .selectFrom('legal_holds')
      .select(['target_type', 'target_id'])
      .where('released_at', 'is', null)
      .execute();
    return rows.map((r) => ({ targetType: r.target_type, targetId: r.target_id }));
  }

  /** Everything the planner needs: only what still holds something to purge. */
  async loadFacts(q: Queryable): Promise<PurgeFacts> {
    const holds = await this.activeHolds(q);
    const heldSubjects = holds.filter((h) => h.targetType === 'subject').map((h) => h.targetId);
    const probeFiles = await q
      .selectFrom('probes')
      .select(['id', 'case_id', 'kind', 'media_id', 'created_at'])
      .where('media_id', '!=', PURGED)
      .execute();
    const tracks = await q
      .selectFrom('probe_tracks')
      .innerJoin('probes', 'probes.id', 'probe_tracks.probe_id')
      .select(['probe_tracks.id', 'probe_tracks.probe_id', 'probes.case_id', 'frame_media_id', 'crop_media_id'])
      .where((eb) => eb.or([eb('frame_media_id', '!=', PURGED), eb('crop_media_id', '!=', PURGED)]))
      .execute();
    return {
      alerts: await loadAlerts(q),
      probeFiles: probeFiles.map((p) => ({
        id: p.id,
        caseId: p.case_id,
        kind: p.kind,
        mediaId: p.media_id,
        createdAt: p.created_at,
      })),
      tracks: tracks.map((t) => ({
        id: t.id,
        probeId: t.probe_id,
        caseId: t.case_id,
        mediaIds: [t.frame_media_id, t.crop_media_id].filter((m) => m !== PURGED),
      })),
      cases: await loadCases(q, heldSubjects),
      holds,
    };
  }

  /** The plan's database changes. Call inside the purge's transaction. */
  async applyPlan(q: Queryable, plan: PurgePlan): Promise<void> {
    for (const ids of chunks(plan.alertImages.map((a) => a.alertId))) {
      await q
        .updateTable('alerts')
        .set({ probe_media_id: null, reference_media_id: null })
        .where('id', 'in', ids)
        .execute();
    }
    for (const ids of chunks(plan.alertRecords)) {
      await q
        .updateTable('alerts')
        .set({ subject_id: ANONYMISED, subject_reference: ANONYMISED, entry_id: ANONYMISED, engagement_note: null })
        .where('id', 'in', ids)
        .execute();
      // The engagement notes kept in the alerts' decision history go too (the decisions stay).
      await q.updateTable('alert_decisions').set({ note: null }).where('alert_id', 'in', ids).execute();
    }
    const probeIds = [
      ...plan.footage.map((f) => f.probeId),
      ...plan.probes.flatMap((c) => c.probeFiles.map((p) => p.probeId)),
    ];
    for (const ids of chunks(probeIds)) {
      await q.updateTable('probes').set({ media_id: PURGED }).where('id', 'in', ids).execute();
    }
    for (const ids of chunks(plan.probes.flatMap((c) => c.tracks.map((t) => t.trackId)))) {
      await q
        .updateTable('probe_tracks')
        .set({ frame_media_id: PURGED, crop_media_id: PURGED })
        .where('id', 'in', ids)
        .execute();
    }
    // Probes, tracks, searches and candidates go with the case (ON DELETE CASCADE).
    for (const ids of chunks(plan.caseFiles.map((c) => c.caseId))) {
      await q.deleteFrom('cases').where('id', 'in', ids).execute();
    }
  }

  async queueMedia(
    q: Queryable,
    runId: string,
    at: string,
    media: readonly { mediaId: string; dataClass: PurgeClass }[],
  ): Promise<void> {
    for (const part of chunks(media)) {
      await q
        .insertInto('purge_pending_media')
        .values(part.map((m) => ({ media_id: m.mediaId, run_id: runId, data_class: m.dataClass, queued_at: at })))
        .onConflict((oc) => oc.column('media_id').doNothing())
        .execute();
    }
  }

  /** A page of the media still to delete, in media id order after `after`. */
  async pendingMedia(q: Queryable, limit: number, after = ''): Promise<{ mediaId: string; runId: string }[]> {
    const rows = await q
      .selectFrom('purge_pending_media')
      .select(['media_id', 'run_id'])
      .where('media_id', '>', after)
      .orderBy('media_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ mediaId: r.media_id, runId: r.run_id }));
  }

  async countPendingMedia(q: Queryable): Promise<number> {
    const row = await q
      .selectFrom('purge_pending_media')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async removePending(q: Queryable, mediaIds: readonly string[]): Promise<void> {
    for (const ids of chunks(mediaIds))
      await q.deleteFrom('purge_pending_media').where('media_id', 'in', ids).execute();
  }

  async insertRun(q: Queryable, row: PurgeRunRow): Promise<void> {
    await q.insertInto('purge_runs').values(row).execute();
  }

  async updateRun(q: Queryable, id: string, set: Updateable<PurgeRunsTable>): Promise<void> {
    await q.updateTable('purge_runs').set(set).where('id', '=', id).execute();
  }

  findRun(q: Queryable, id: string): Promise<PurgeRunRow | undefined> {
    return q.selectFrom('purge_runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listRuns(q: Queryable, o: { limit: number; offset: number }): Promise<{ runs: PurgeRunRow[]; total: number }> {
    const runs = await q
      .selectFrom('purge_runs')
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(o.limit)
      .offset(o.offset)
      .execute();
    const total = await q
      .selectFrom('purge_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return {
      runs: runs.map((r) => ({ ...r, audit_seq: r.audit_seq === null ? null : Number(r.audit_seq) })),
      total: Number(total?.n ?? 0),
    };
  }
}
