/** Rows of live deployments: deployments, watchlist entries, cameras and alerts. Plain queries. */
import { sql, type Selectable, type Updateable } from 'kysely';
import { isPostgres, type Queryable } from '../db/database.ts';
import { chunks } from '../db/chunks.ts';
import type {
  AlertDecisionsTable,
  AlertsTable,
  CamerasTable,
  DeploymentsTable,
  WatchlistEntriesTable,
} from '../db/tables/live.ts';

export type DeploymentRow = Selectable<DeploymentsTable>;
export type WatchlistEntryRow = Selectable<WatchlistEntriesTable>;
export type CameraRow = Selectable<CamerasTable>;
export type AlertRow = Selectable<AlertsTable>;
export type AlertDecisionRow = Selectable<AlertDecisionsTable>;

/** A gap in a camera's coverage, as kept in `cameras.gaps_json` (wall-clock ms; `to` absent while open). */
export interface RecordedGap {
  readonly from: number;
  readonly to?: number;
  readonly reason: string;
}

export const liveRepository = {
  async insertDeployment(q: Queryable, row: DeploymentRow): Promise<void> {
    await q.insertInto('deployments').values(row).execute();
  },

  /**
   * The deployment's status inside a transaction that writes on the strength of it (an alert is
   * stored only while live). PostgreSQL: the row is share-locked until the transaction ends, so a
   * close or refusal in flight is waited for and seen, and one that comes later waits for this
   * write and then sees (and deletes) what it wrote. SQLite's single writer serialises anyway.
   */
  async statusForWrite(q: Queryable, id: string): Promise<DeploymentRow['status'] | undefined> {
    const row = await q
      .selectFrom('deployments')
      .select('status')
      .where('id', '=', id)
      .$if(isPostgres(q), (qb) => qb.forShare())
      .executeTakeFirst();
    return row?.status;
  },

  findDeployment(q: Queryable, id: string): Promise<DeploymentRow | undefined> {
    return q.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  listDeployments(
    q: Queryable,
    o: { limit: number; offset: number; status?: string | undefined },
  ): Promise<DeploymentRow[]> {
    let query = q.selectFrom('deployments').selectAll();
    if (o.status) query = query.where('status', '=', o.status as DeploymentRow['status']);
    return query.orderBy('planned_start', 'desc').orderBy('id').limit(o.limit).offset(o.offset).execute();
  },

  /**
   * Moves a deployment on from the status it was read in: false when it is no longer in that
   * status (another process moved it first), so each step of the life happens once.
   */
  async moveDeployment(
    q: Queryable,
    id: string,
    from: DeploymentRow['status'],
    set: Updateable<DeploymentsTable>,
  ): Promise<boolean> {
    const r = await q
      .updateTable('deployments')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return (r.numUpdatedRows ?? 0n) > 0n;
  },

  async updateDeployment(q: Queryable, id: string, set: Updateable<DeploymentsTable>): Promise<void> {
    await q.updateTable('deployments').set(set).where('id', '=', id).execute();
  },

  async insertEntry(q: Queryable, row: WatchlistEntryRow): Promise<void> {
    await q.insertInto('watchlist_entries').values(row).execute();
  },

  entriesOf(q: Queryable, deploymentId: string): Promise<WatchlistEntryRow[]> {
    return q
      .selectFrom('watchlist_entries')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
  },

  findEntry(q: Queryable, id: string): Promise<WatchlistEntryRow | undefined> {
    return q.selectFrom('watchlist_entries').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async deleteEntry(q: Queryable, id: string): Promise<void> {
    await q.deleteFrom('watchlist_entries').where('id', '=', id).execute();
  },

  /** R10: the list's templates and images are gone; the rest of each row is the manifest's source. */
  async destroyWatchlistBiometrics(q: Queryable, deploymentId: string): Promise<void> {
    await q
      .updateTable('watchlist_entries')
      .set({ template_sealed: null, image_media_id: null })
      .where('deployment_id', '=', deploymentId)
      .execute();
  },

  async insertCamera(q: Queryable, row: CameraRow): Promise<void> {
    await q.insertInto('cameras').values(row).execute();
  },

  camerasOf(q: Queryable, deploymentId: string): Promise<CameraRow[]> {
    return q
      .selectFrom('cameras')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async deleteCamera(q: Queryable, id: string): Promise<void> {
    await q.deleteFrom('cameras').where('id', '=', id).execute();
  },

  /** Adds a gap to the camera's recorded coverage, or completes the one with the same start and reason. */
  async recordCameraGap(q: Queryable, cameraId: string, gap: RecordedGap): Promise<void> {
    const camera = await q.selectFrom('cameras').select('gaps_json').where('id', '=', cameraId).executeTakeFirst();
    if (!camera) return;
    const gaps = JSON.parse(camera.gaps_json) as RecordedGap[];
    const open = gaps.findIndex((g) => g.from === gap.from && g.reason === gap.reason);
    if (open >= 0) gaps[open] = gap;
    else gaps.push(gap);
    await q
      .updateTable('cameras')
      .set({ gaps_json: JSON.stringify(gaps) })
      .where('id', '=', cameraId)
      .execute();
  },

  async insertAlert(q: Queryable, row: AlertRow): Promise<void> {
    await q.insertInto('alerts').values(row).execute();
  },

  findAlert(q: Queryable, id: string): Promise<AlertRow | undefined> {
    return q.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The alert a sighting with this pipeline id went into: raised with it, or its latest grouped sighting. */
  findSighting(q: Queryable, sightingId: string): Promise<AlertRow | undefined> {
    return q
      .selectFrom('alerts')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', sightingId), eb('last_sighting_id', '=', sightingId)]))
      .executeTakeFirst();
  },

  /**
   * The alert a new sighting of `entryId` on `cameraId` joins (R16, migration 0015): the latest one
   * last seen at or after `since`. PostgreSQL: locked until the transaction ends.
   */
  groupAlertFor(
    q: Queryable,
    o: { deploymentId: string; cameraId: string; entryId: string; since: string },
  ): Promise<AlertRow | undefined> {
    return q
      .selectFrom('alerts')
      .selectAll()
      .where('deployment_id', '=', o.deploymentId)
      .where('camera_id', '=', o.cameraId)
      .where('entry_id', '=', o.entryId)
      .where(sql<string>`coalesce(last_seen_at, captured_at)`, '>=', o.since)
      .orderBy('raised_seq', 'desc')
      .limit(1)
      .$if(isPostgres(q), (qb) => qb.forUpdate())
      .executeTakeFirst();
  },

  /** The names an alert is shown with, copied when it is raised (migration 0015). */
  async alertNames(
    q: Queryable,
    cameraId: string,
    subjectId: string,
  ): Promise<{ camera_name: string | null; subject_name: string | null }> {
    const camera = await q.selectFrom('cameras').select('name').where('id', '=', cameraId).executeTakeFirst();
    const subject = await q
      .selectFrom('subjects')
      .select('display_name')
      .where('id', '=', subjectId)
      .executeTakeFirst();
    return { camera_name: camera?.name ?? null, subject_name: subject?.display_name ?? null };
  },

  alertsOf(
    q: Queryable,
    deploymentId: string,
    o: { limit: number; offset: number; pending?: boolean },
  ): Promise<AlertRow[]> {
    let query = q.selectFrom('alerts').selectAll().where('deployment_id', '=', deploymentId);
    if (o.pending) query = query.where('operator_decision', 'is', null);
    return query.orderBy('created_at', 'desc').orderBy('id').limit(o.limit).offset(o.offset).execute();
  },

  allAlertsOf(q: Queryable, deploymentId: string): Promise<AlertRow[]> {
    return q.selectFrom('alerts').selectAll().where('deployment_id', '=', deploymentId).orderBy('created_at').execute();
  },

  /**
   * The alert inside the transaction that appends its next decision. PostgreSQL: the row is
   * locked until the transaction ends, so two decisions on one alert are taken one after the
   * other, each seeing the one before. SQLite's single writer serialises anyway.
   */
  lockAlert(q: Queryable, id: string): Promise<AlertRow | undefined> {
    return q
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', id)
      .$if(isPostgres(q), (qb) => qb.forUpdate())
      .executeTakeFirst();
  },

  /** The decision revisions of the given alerts, by alert, stage and revision (never updated). */
  async alertDecisionsOf(q: Queryable, alertIds: readonly string[]): Promise<AlertDecisionRow[]> {
    const out: AlertDecisionRow[] = [];
    for (const part of chunks([...new Set(alertIds)])) {
      out.push(
        ...(await q
          .selectFrom('alert_decisions')
          .selectAll()
          .where('alert_id', 'in', part)
          .orderBy('alert_id')
          .orderBy('stage', 'desc')
          .orderBy('revision')
          .execute()),
      );
    }
    return out;
  },

  async insertAlertDecision(q: Queryable, row: AlertDecisionRow): Promise<void> {
    await q.insertInto('alert_decisions').values(row).execute();
  },

  /**
   * The next number of the deployment's alert sequence (issue 14), inside the transaction that
   * makes the change it numbers. The sequence row stays locked until that transaction ends, so a
   * second change waits and gets the next number: per deployment the numbers are in commit order,
   * whatever process writes (SQLite's single writer serialises anyway). Take it after the row
   * locks of the change and before the audit append.
   */
  async nextAlertSeq(q: Queryable, deploymentId: string): Promise<number> {
    const row = await q
      .insertInto('alert_sequences')
      .values({ deployment_id: deploymentId, last_seq: 1 })
      .onConflict((oc) =>
        oc.column('deployment_id').doUpdateSet({ last_seq: sql<number>`alert_sequences.last_seq + 1` }),
      )
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return Number(row.last_seq);
  },

  /** The deployment's last alert sequence number (0 before its first alert). */
  async lastAlertSeq(q: Queryable, deploymentId: string): Promise<number> {
    const row = await q
      .selectFrom('alert_sequences')
      .select('last_seq')
      .where('deployment_id', '=', deploymentId)
      .executeTakeFirst();
    return Number(row?.last_seq ?? 0);
  },

  /**
   * The alerts changed after sequence number `after`, in sequence order, each as it is now. One
   * statement, one snapshot: since numbers are given in commit order, it sees every change up to
   * its last row, so the next call can start from there without missing one.
   */
  alertsChangedSince(q: Queryable, deploymentId: string, after: number, limit: number): Promise<AlertRow[]> {
    return q
      .selectFrom('alerts')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .where('event_seq', '>', after)
      .orderBy('event_seq')
      .limit(limit)
      .execute();
  },

  /** Writes an alert's columns; its decision columns only as the cache of its latest decision revisions. */
  async updateAlert(q: Queryable, id: string, set: Updateable<AlertsTable>): Promise<void> {
    await q.updateTable('alerts').set(set).where('id', '=', id).execute();
  },
};
