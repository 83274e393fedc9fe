/**
 * Rows of live deployments: deployments, their counters, watchlist entries and cameras (alerts:
 * alert.repository.ts). Plain queries, each taking the `Queryable` so a use case passes its
 * transaction. Injected into the live services by the composition root (app/services.ts).
 */
import { sql, type Updateable } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { chunks } from '../db/chunks.ts';
import { countsFromCounters, counterIncrements, type DeploymentCounts } from './deployment-counts.ts';
import { AlertRepository } from './alert.repository.ts';
import type { CameraRow, DeploymentRow, RecordedGap, WatchlistEntryRow } from './live-rows.ts';
import type { DeploymentsTable } from '../db/tables/live.ts';

export type {
  AlertDecisionRow,
  AlertRow,
  CameraRow,
  DeploymentRow,
  RecordedGap,
  WatchlistEntryRow,
} from './live-rows.ts';

export class LiveRepository {
  async insertDeployment(q: Queryable, row: DeploymentRow): Promise<void> {
    await q.insertInto('deployments').values(row).execute();
  }

  findDeployment(q: Queryable, id: string): Promise<DeploymentRow | undefined> {
    return q.selectFrom('deployments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listDeployments(
    q: Queryable,
    o: { limit: number; offset: number; status?: string | undefined },
  ): Promise<DeploymentRow[]> {
    let query = q.selectFrom('deployments').selectAll();
    if (o.status) query = query.where('status', '=', o.status as DeploymentRow['status']);
    return query.orderBy('planned_start', 'desc').orderBy('id').limit(o.limit).offset(o.offset).execute();
  }

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
  }

  async updateDeployment(q: Queryable, id: string, set: Updateable<DeploymentsTable>): Promise<void> {
    await q.updateTable('deployments').set(set).where('id', '=', id).execute();
  }

  /**
   * Adds to the deployment's counters (R18): one upsert per counter, `n = n + excluded.n`, atomic
   * on SQLite and PostgreSQL, so several pipeline processes adding at once lose no count.
   */
  async addCounts(q: Queryable, deploymentId: string, add: DeploymentCounts): Promise<void> {
    const rows = counterIncrements(add).map((c) => ({ deployment_id: deploymentId, ...c }));
    if (rows.length === 0) return;
    await q
      .insertInto('deployment_counters')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['deployment_id', 'name']).doUpdateSet({ n: sql<number>`deployment_counters.n + excluded.n` }),
      )
      .execute();
  }

  /** The deployment's counts (zeros when it has none). */
  async countsOf(q: Queryable, deploymentId: string): Promise<DeploymentCounts> {
    return (await this.countsOfMany(q, [deploymentId])).get(deploymentId) ?? countsFromCounters([]);
  }

  /** The counts of each of the given deployments (every one asked for is in the map). */
  async countsOfMany(q: Queryable, deploymentIds: readonly string[]): Promise<Map<string, DeploymentCounts>> {
    const byDeployment = new Map<string, { name: string; n: number | string }[]>();
    const ids = [...new Set(deploymentIds)];
    for (const id of ids) byDeployment.set(id, []);
    for (const part of chunks(ids)) {
      const rows = await q
        .selectFrom('deployment_counters')
        .select(['deployment_id', 'name', 'n'])
        .where('deployment_id', 'in', part)
        .execute();
      for (const r of rows) byDeployment.get(r.deployment_id)?.push(r);
    }
    return new Map([...byDeployment].map(([id, rows]) => [id, countsFromCounters(rows)]));
  }

  async insertEntry(q: Queryable, row: WatchlistEntryRow): Promise<void> {
    await q.insertInto('watchlist_entries').values(row).execute();
  }

  entriesOf(q: Queryable, deploymentId: string): Promise<WatchlistEntryRow[]> {
    return q
      .selectFrom('watchlist_entries')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
  }

  findEntry(q: Queryable, id: string): Promise<WatchlistEntryRow | undefined> {
    return q.selectFrom('watchlist_entries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deleteEntry(q: Queryable, id: string): Promise<void> {
    await q.deleteFrom('watchlist_entries').where('id', '=', id).execute();
  }

  /**
   * Everyone who ever compiled a deployment's watchlist (R30): who added an entry or removed one,
   * from the audit log (append-only, written in the change's own transaction), so removing one's
   * entries before authorising does not make one independent of the list.
   */
  async watchlistCompilers(q: Queryable, deploymentId: string): Promise<string[]> {
    const rows = await q
      .selectFrom('audit_log')
      .select('actor')
      .distinct()
      .where('action', 'in', ['watchlist.entry-added', 'watchlist.entry-removed'])
      .where('target_type', '=', 'deployment')
      .where('target_id', '=', deploymentId)
      .execute();
    return rows.flatMap((r) => (r.actor === null ? [] : [r.actor]));
  }

  /** R10: the list's templates and images are gone; the rest of each row is the manifest's source. */
  async destroyWatchlistBiometrics(q: Queryable, deploymentId: string): Promise<void> {
    await q
      .updateTable('watchlist_entries')
      .set({ template_sealed: null, image_media_id: null })
      .where('deployment_id', '=', deploymentId)
      .execute();
  }

  async insertCamera(q: Queryable, row: CameraRow): Promise<void> {
    await q.insertInto('cameras').values(row).execute();
  }

  camerasOf(q: Queryable, deploymentId: string): Promise<CameraRow[]> {
    return q
      .selectFrom('cameras')
      .selectAll()
      .where('deployment_id', '=', deploymentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async deleteCamera(q: Queryable, id: string): Promise<void> {
    await q.deleteFrom('cameras').where('id', '=', id).execute();
  }

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
  }
}

/** Binds an instance's methods, so they can be passed around and spread like the functions they were. */
function bound<T extends object>(o: T): T {
  const proto = Object.getPrototypeOf(o) as Record<string, unknown>;
  for (const k of Object.getOwnPropertyNames(proto)) {
    const f = proto[k];
    if (k !== 'constructor' && typeof f === 'function')
      Object.defineProperty(o, k, { value: f.bind(o), enumerable: true });
  }
  return o;
}

/**
 * Shared instances for fixtures that write rows directly (tests, migration tests). Services never
 * use it: they get their repositories injected (app/services.ts).
 */
export const liveRepository: LiveRepository & AlertRepository = Object.assign(
  bound(new LiveRepository()),
  bound(new AlertRepository()),
);
