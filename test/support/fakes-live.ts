/**
 * In-memory live rows for the unit tier (`*.spec.ts`): deployments, watchlist entries, cameras,
 * counters and alerts with their decision revisions, behind the same methods as the live
 * repositories (the `Queryable` is ignored). No database; conditional moves behave as the SQL does.
 */
import type { Updateable } from 'kysely';
import type { AlertRows } from '../../src/live/alert-context.ts';
import type { DeploymentAlertRows, DeploymentRows } from '../../src/live/deployment-context.ts';
import { mergeCounts, emptyCounts, type DeploymentCounts } from '../../src/live/deployment-counts.ts';
import type {
  AlertDecisionRow,
  AlertRow,
  CameraRow,
  DeploymentRow,
  RecordedGap,
  WatchlistEntryRow,
} from '../../src/live/live.repository.ts';
import type { WatchlistRows } from '../../src/live/watchlist.service.ts';
import type { DeploymentsTable } from '../../src/db/tables/live.ts';

export class FakeLiveRows implements DeploymentRows, DeploymentAlertRows, WatchlistRows, AlertRows {
  readonly deployments = new Map<string, DeploymentRow>();
  readonly entries: WatchlistEntryRow[] = [];
  readonly cameras: CameraRow[] = [];
  readonly alerts: AlertRow[] = [];
  readonly decisions: AlertDecisionRow[] = [];
  readonly counters = new Map<string, DeploymentCounts>();
  /** Usernames who added or removed entries, by deployment (the audit history R30 reads). */
  readonly compilers = new Map<string, string[]>();
  private seq = new Map<string, number>();

  async insertDeployment(_q: unknown, row: DeploymentRow): Promise<void> {
    this.deployments.set(row.id, { ...row });
  }
  async findDeployment(_q: unknown, id: string): Promise<DeploymentRow | undefined> {
    const d = this.deployments.get(id);
    return d && { ...d };
  }
  async listDeployments(_q: unknown, o: { limit: number; offset: number; status?: string | undefined }) {
    return [...this.deployments.values()]
      .filter((d) => !o.status || d.status === o.status)
      .slice(o.offset, o.offset + o.limit)
      .map((d) => ({ ...d }));
  }
  async moveDeployment(
    _q: unknown,
    id: string,
    from: DeploymentRow['status'],
    set: Updateable<DeploymentsTable>,
  ): Promise<boolean> {
    const d = this.deployments.get(id);
    if (!d || d.status !== from) return false;
    this.deployments.set(id, { ...d, ...(set as Partial<DeploymentRow>) });
    return true;
  }
  async updateDeployment(_q: unknown, id: string, set: Updateable<DeploymentsTable>): Promise<void> {
    const d = this.deployments.get(id);
    if (d) this.deployments.set(id, { ...d, ...(set as Partial<DeploymentRow>) });
  }
  async statusForWrite(_q: unknown, id: string) {
    return this.deployments.get(id)?.status;
  }
  async addCounts(_q: unknown, id: string, add: DeploymentCounts): Promise<void> {
    this.counters.set(id, mergeCounts(this.counters.get(id) ?? structuredClone(emptyCounts), add));
  }
  async countsOf(_q: unknown, id: string): Promise<DeploymentCounts> {
    return structuredClone(this.counters.get(id) ?? emptyCounts);
  }
  async countsOfMany(_q: unknown, ids: readonly string[]) {
    return new Map(ids.map((id) => [id, structuredClone(this.counters.get(id) ?? emptyCounts)]));
  }
  async insertEntry(_q: unknown, row: WatchlistEntryRow): Promise<void> {
    this.entries.push({ ...row });
    this.compilers.set(row.deployment_id, [...(this.compilers.get(row.deployment_id) ?? []), row.added_by]);
  }
  async entriesOf(_q: unknown, deploymentId: string): Promise<WatchlistEntryRow[]> {
    return this.entries.filter((e) => e.deployment_id === deploymentId).map((e) => ({ ...e }));
  }
  async findEntry(_q: unknown, id: string) {
    return this.entries.find((e) => e.id === id);
  }
  async deleteEntry(_q: unknown, id: string): Promise<void> {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i >= 0) this.entries.splice(i, 1);
  }
  async watchlistCompilers(_q: unknown, deploymentId: string): Promise<string[]> {
    return [...new Set(this.compilers.get(deploymentId) ?? [])];
  }
  async destroyWatchlistBiometrics(_q: unknown, deploymentId: string): Promise<void> {
    for (const e of this.entries)
      if (e.deployment_id === deploymentId) Object.assign(e, { template_sealed: null, image_media_id: null });
  }
  async insertCamera(_q: unknown, row: CameraRow): Promise<void> {
    this.cameras.push({ ...row });
  }
  async camerasOf(_q: unknown, deploymentId: string): Promise<CameraRow[]> {
    return this.cameras.filter((c) => c.deployment_id === deploymentId);
  }
  async recordCameraGap(_q: unknown, cameraId: string, gap: RecordedGap): Promise<void> {
    const c = this.cameras.find((x) => x.id === cameraId);
    if (c) c.gaps_json = JSON.stringify([...(JSON.parse(c.gaps_json) as RecordedGap[]), gap]);
  }
  async insertAlert(_q: unknown, row: AlertRow): Promise<void> {
    this.alerts.push({ ...row });
  }
  async findAlert(_q: unknown, id: string) {
    const a = this.alerts.find((x) => x.id === id);
    return a && { ...a };
  }
  async findSighting(_q: unknown, id: string) {
    return this.alerts.find((a) => a.id === id || a.last_sighting_id === id);
  }
  async groupAlertFor(): Promise<AlertRow | undefined> {
    return undefined;
  }
  async alertNames() {
    return { camera_name: null, subject_name: null };
  }
  async alertsOf(_q: unknown, deploymentId: string) {
    return this.alerts.filter((a) => a.deployment_id === deploymentId);
  }
  async allAlertsOf(_q: unknown, deploymentId: string) {
    return this.alerts.filter((a) => a.deployment_id === deploymentId);
  }
  async deleteAlertsOf(_q: unknown, deploymentId: string): Promise<void> {
    for (let i = this.alerts.length - 1; i >= 0; i--)
      if (this.alerts[i]!.deployment_id === deploymentId) this.alerts.splice(i, 1);
  }
  lockAlert(q: unknown, id: string) {
    return this.findAlert(q, id);
  }
  async alertDecisionsOf(_q: unknown, ids: readonly string[]) {
    return this.decisions.filter((d) => ids.includes(d.alert_id)).map((d) => ({ ...d }));
  }
  async insertAlertDecision(_q: unknown, row: AlertDecisionRow): Promise<void> {
    if (this.decisions.some((d) => d.alert_id === row.alert_id && d.stage === row.stage && d.revision === row.revision))
      throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    this.decisions.push({ ...row });
  }
  async nextAlertSeq(_q: unknown, deploymentId: string): Promise<number> {
    const n = (this.seq.get(deploymentId) ?? 0) + 1;
    this.seq.set(deploymentId, n);
    return n;
  }
  async lastAlertSeq(_q: unknown, deploymentId: string): Promise<number> {
    return this.seq.get(deploymentId) ?? 0;
  }
  async alertsChangedSince(_q: unknown, deploymentId: string, after: number, limit: number) {
    return this.alerts
      .filter((a) => a.deployment_id === deploymentId && Number(a.event_seq) > after)
      .sort((a, b) => Number(a.event_seq) - Number(b.event_seq))
      .slice(0, limit);
  }
  async updateAlert(_q: unknown, id: string, set: Partial<AlertRow>): Promise<void> {
    const a = this.alerts.find((x) => x.id === id);
    if (a) Object.assign(a, set);
  }
}

/** A media store that keeps bytes in memory and remembers what was deleted. */
export function memoryMedia() {
  const items = new Map<string, Buffer>();
  const deleted: string[] = [];
  let n = 0;
  return {
    items,
    deleted,
    put: async (b: Uint8Array) => {
      const id = `m${++n}`;
      items.set(id, Buffer.from(b));
      return id;
    },
    get: async (id: string) => items.get(id) ?? Buffer.alloc(0),
    delete: async (id: string) => void (deleted.push(id), items.delete(id)),
  };
}
