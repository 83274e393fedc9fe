/**
 * The counts a live deployment keeps (R18: only counts survive a face that raised no alert): faces
 * seen and compared, tracks, alerts, faces dropped by reason. Several pipeline processes add to
 * one deployment's counts, so the write is conditional on the counts it read (compare and set),
 * retried after a short random wait on a clash: none is lost (on PostgreSQL, read committed, a
 * plain read-modify-write would lose one).
 */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../db/schema.ts';
import { liveRepository } from './live.repository.ts';

export const emptyCounts = {
  facesSeen: 0,
  facesCompared: 0,
  tracks: 0,
  alerts: 0,
  dropped: {} as Record<string, number>,
};
export type DeploymentCounts = typeof emptyCounts;

export function mergeCounts(c: DeploymentCounts, add: DeploymentCounts): DeploymentCounts {
  const dropped = { ...c.dropped };
  for (const [k, v] of Object.entries(add.dropped)) dropped[k] = (dropped[k] ?? 0) + v;
  return {
    facesSeen: c.facesSeen + add.facesSeen,
    facesCompared: c.facesCompared + add.facesCompared,
    tracks: c.tracks + add.tracks,
    alerts: c.alerts + add.alerts,
    dropped,
  };
}

export async function addDeploymentCounts(db: Kysely<VigilSchema>, id: string, add: DeploymentCounts): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    // After a clash, a short random wait, so the writers that clashed do not clash again.
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    const d = await liveRepository.findDeployment(db, id);
    if (!d) return;
    const next = mergeCounts(JSON.parse(d.counts_json) as DeploymentCounts, add);
    const written = await db
      .updateTable('deployments')
      .set({ counts_json: JSON.stringify(next) })
      .where('id', '=', id)
      .where('counts_json', '=', d.counts_json)
      .executeTakeFirst();
    if ((written.numUpdatedRows ?? 0n) > 0n) return;
  }
  throw new Error(`the counts of deployment ${id} kept changing under this write`);
}
