/**
 * Rows of a deployment's alerts: alerts, their decision revisions (append-only, R21-R23) and the
 * per-deployment sequence of their changes (issue 14). Plain queries, each taking the `Queryable`
 * so a use case passes its transaction. Injected into the alert service (app/services.ts).
 */
import { sql, type Updateable } from 'kysely';
import { isPostgres, type Queryable } from '../db/database.ts';
import { chunks } from '../db/chunks.ts';
import type { AlertsTable } from '../db/tables/live.ts';
import type { AlertDecisionRow, AlertRow, DeploymentRow } from './live-rows.ts';

export class AlertRepository {
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
  }

  async insertAlert(q: Queryable, row: AlertRow): Promise<void> {
    await q.insertInto('alerts').values(row).execute();
  }

  findAlert(q: Queryable, id: string): Promise<AlertRow | undefined> {
    return q.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The alert a sighting with this pipeline id went into: raised with it, or its latest grouped sighting. */
  findSighting(q: Queryable, sightingId: string): Promise<AlertRow | undefined> {
    return q
      .selectFrom('alerts')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', sightingId), eb('last_sighting_id', '=', sightingId)]))
      .executeTakeFirst();
  }

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
  }

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
  }

  alertsOf(
    q: Queryable,
    deploymentId: string,
    o: { limit: number; offset: number; pending?: boolean },
  ): Promise<AlertRow[]> {
    let query = q.selectFrom('alerts').selectAll().where('deployment_id', '=', deploymentId);
    if (o.pending) query = query.where('operator_decision', 'is', null);
    return query.orderBy('created_at', 'desc').orderBy('id').limit(o.limit).offset(o.offset).execute();
  }

  allAlertsOf(q: Queryable, deploymentId: string): Promise<AlertRow[]> {
    return q.selectFrom('alerts').selectAll().where('deployment_id', '=', deploymentId).orderBy('created_at').execute();
  }

  /** Deletes every alert of the deployment (R20: a refusal deletes its outputs). */
  async deleteAlertsOf(q: Queryable, deploymentId: string): Promise<void> {
    await q.deleteFrom('alerts').where('deployment_id', '=', deploymentId).execute();
  }

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
  }

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
  }

  async insertAlertDecision(q: Queryable, row: AlertDecisionRow): Promise<void> {
    await q.insertInto('alert_decisions').values(row).execute();
  }

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
  }

  /** The deployment's last alert sequence number (0 before its first alert). */
  async lastAlertSeq(q: Queryable, deploymentId: string): Promise<number> {
    const row = await q
      .selectFrom('alert_sequences')
      .select('last_seq')
      .where('deployment_id', '=', deploymentId)
      .executeTakeFirst();
    return Number(row?.last_seq ?? 0);
  }

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
  }

  /** Writes an alert's columns; its decision columns only as the cache of its latest decision revisions. */
  async updateAlert(q: Queryable, id: string, set: Updateable<AlertsTable>): Promise<void> {
    await q.updateTable('alerts').set(set).where('id', '=', id).execute();
  }
}
