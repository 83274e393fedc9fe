/**
 * The counts a live deployment keeps (R18: only counts survive a face that raised no alert): faces
 * seen and compared, tracks, alerts, faces dropped by reason. Stored as one row per counter
 * (`deployment_counters`, migration 0017) and added to with an atomic upsert, so several pipeline
 * processes adding at once lose none; read back into this one shape. Pure: no I/O here.
 */
export const emptyCounts = {
  facesSeen: 0,
  facesCompared: 0,
  tracks: 0,
  alerts: 0,
  dropped: {} as Record<string, number>,
};
export type DeploymentCounts = typeof emptyCounts;

const scalarCounters = ['facesSeen', 'facesCompared', 'tracks', 'alerts'] as const;
const droppedPrefix = 'dropped:';

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

/** The counter rows an addition writes (zeros left out: adding nothing writes nothing). */
export function counterIncrements(add: DeploymentCounts): { name: string; n: number }[] {
  const named = [
    ...scalarCounters.map((k) => ({ name: k as string, n: add[k] })),
    ...Object.entries(add.dropped).map(([reason, n]) => ({ name: `${droppedPrefix}${reason}`, n })),
  ];
  return named.filter((c) => c.n !== 0);
}

/** The counts of the stored counter rows (names not known are ignored). */
export function countsFromCounters(rows: readonly { name: string; n: number | string }[]): DeploymentCounts {
  const out: DeploymentCounts = structuredClone(emptyCounts);
  for (const r of rows) {
    const n = Number(r.n);
    if (r.name.startsWith(droppedPrefix)) {
      const reason = r.name.slice(droppedPrefix.length);
      out.dropped[reason] = (out.dropped[reason] ?? 0) + n;
    } else if ((scalarCounters as readonly string[]).includes(r.name)) {
      out[r.name as (typeof scalarCounters)[number]] += n;
    }
  }
  return out;
}
