/**
 * A deployment's counts as rows (R18, issue 16): one row per deployment and counter name, added to
 * with one atomic upsert (`INSERT ... ON CONFLICT (deployment_id, name) DO UPDATE SET n = n +
 * excluded.n`) instead of the compare-and-set loop over `deployments.counts_json`. The blob's
 * values move into rows (`facesSeen`, `facesCompared`, `tracks`, `alerts`, `dropped:<reason>`;
 * zeros are not stored), then the column is dropped: one source of the counts, so no reader can
 * keep reading a stale copy. Forward only, like every migration here.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

interface StoredCounts {
  facesSeen?: number;
  facesCompared?: number;
  tracks?: number;
  alerts?: number;
  dropped?: Record<string, number>;
}

/** The rows a stored blob becomes (names as src/live/deployment-counts.ts writes them). */
export function counterRowsOf(
  deploymentId: string,
  json: string,
): { deployment_id: string; name: string; n: number }[] {
  let c: StoredCounts;
  try {
    c = JSON.parse(json) as StoredCounts;
  } catch {
    return [];
  }
  const named: [string, unknown][] = [
    ['facesSeen', c.facesSeen],
    ['facesCompared', c.facesCompared],
    ['tracks', c.tracks],
    ['alerts', c.alerts],
    ...Object.entries(c.dropped ?? {}).map(([reason, n]): [string, unknown] => [`dropped:${reason}`, n]),
  ];
  return named.flatMap(([name, n]) =>
    typeof n === 'number' && Number.isFinite(n) && n !== 0 ? [{ deployment_id: deploymentId, name, n }] : [],
  );
}

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('deployment_counters')
    .addColumn('deployment_id', 'text', (c) => c.notNull().references('deployments.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_counters_pk', ['deployment_id', 'name'])
    .execute();
  const q = db as unknown as Kysely<{
    deployments: { id: string; counts_json: string };
    deployment_counters: { deployment_id: string; name: string; n: number };
  }>;
  const rows = await q.selectFrom('deployments').select(['id', 'counts_json']).execute();
  for (const d of rows) {
    const counters = counterRowsOf(d.id, d.counts_json);
    if (counters.length > 0) await q.insertInto('deployment_counters').values(counters).execute();
  }
  await db.schema.alterTable('deployments').dropColumn('counts_json').execute();
}
