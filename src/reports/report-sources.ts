/**
 * The periodic report from the database: the period's deployments with their alerts, camera
 * counts and counters (R18), the search statistics by offence type (the R38 query), and the bias report of each
 * model used. Two sources are injected: the demographic group recorded for an alert (nothing
 * records one yet, so the default answers none) and the bias report of a model (by default the
 * JSON `vigil eval demographics` writes under `reports/`).
 */
import { chunks } from '../db/chunks.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import type { AlertRow, DeploymentRow } from '../live/live.repository.ts';
import { countsFromCounters } from '../live/deployment-counts.ts';
import { searchRepository } from '../retro/search.repository.ts';
import { repoRoot } from '../shared/paths.ts';
import { biasReference, type BiasThreshold } from './bias-reference.ts';
import { buildPeriodicReport, type DeploymentData } from './periodic-report.ts';
import type { BiasReference, PeriodicReport, ReportPeriod } from './report-types.ts';

/** Alert id to the demographic group recorded for it (R25 "where recorded"). */
export type DemographicGroupSource = (alerts: readonly AlertRow[]) => Promise<ReadonlyMap<string, string>>;

/** Nothing in Vigil records a demographic group for an alert yet. */
export const noDemographicRecording: DemographicGroupSource = async () => new Map();

/** A model's bias report: the parsed JSON and where it came from, or why there is none. */
export type BiasReportSource = (
  modelId: string,
) => Promise<{ readonly source: string; readonly json: unknown } | { readonly missing: string }>;

const safeModelId = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Reads `<dir>/demographics-<modelId>.json` (default: the repository's `reports/`). */
export function biasReportsIn(dir = join(repoRoot, 'reports'), shownAs = 'reports'): BiasReportSource {
  return async (modelId) => {
    if (!safeModelId.test(modelId)) return { missing: 'the model id cannot name a report file' };
    const name = `demographics-${modelId}.json`;
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return { missing: 'no bias report for this model: run `vigil eval demographics`' };
      }
      throw err;
    }
    try {
      return { source: `${shownAs}/${name}`, json: JSON.parse(text) as unknown };
    } catch {
      return { missing: `the bias report ${shownAs}/${name} is not valid JSON` };
    }
  };
}

export interface PeriodicReportOptions {
  readonly demographicGroups?: DemographicGroupSource;
  readonly biasReports?: BiasReportSource;
  /** The configured offence types (config.retro.offenceTypes): listed even without searches. */
  readonly offenceTypes?: readonly string[];
  /** Models whose bias report is included even if unused in the period (e.g. the one in force). */
  readonly modelIds?: readonly string[];
  readonly now?: () => Date;
}

/** Deployments that started in the period, or never started and were planned in it. */
function deploymentsIn(q: Queryable, p: ReportPeriod): Promise<DeploymentRow[]> {
  return q
    .selectFrom('deployments')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('started_at', '>=', p.from), eb('started_at', '<', p.to)]),
        eb.and([eb('started_at', 'is', null), eb('planned_start', '>=', p.from), eb('planned_start', '<', p.to)]),
      ]),
    )
    .execute();
}

async function deploymentData(q: Queryable, rows: readonly DeploymentRow[]): Promise<DeploymentData[]> {
  const alerts = new Map<string, AlertRow[]>();
  const cameras = new Map<string, number>();
  const counterRows = new Map<string, { name: string; n: number | string }[]>();
  for (const ids of chunks(rows.map((d) => d.id))) {
    const found = await q
      .selectFrom('alerts')
      .selectAll()
      .where('deployment_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const a of found) {
      const list = alerts.get(a.deployment_id) ?? [];
      list.push(a);
      alerts.set(a.deployment_id, list);
    }
    const counted = await q
      .selectFrom('cameras')
      .select(['deployment_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('deployment_id', 'in', ids)
      .groupBy('deployment_id')
      .execute();
    for (const c of counted) cameras.set(c.deployment_id, Number(c.n));
    const counters = await q
      .selectFrom('deployment_counters')
      .select(['deployment_id', 'name', 'n'])
      .where('deployment_id', 'in', ids)
      .execute();
    for (const c of counters) counterRows.set(c.deployment_id, [...(counterRows.get(c.deployment_id) ?? []), c]);
  }
  return rows.map((row) => ({
    row,
    alerts: alerts.get(row.id) ?? [],
    cameras: cameras.get(row.id) ?? 0,
    counts: countsFromCounters(counterRows.get(row.id) ?? []),
  }));
}

/** Model and threshold of each search in the period, counted. */
async function searchThresholds(q: Queryable, p: ReportPeriod) {
  const rows = await q
    .selectFrom('searches')
    .select(['model_id', 'threshold_in_force', sql<number>`count(*)`.as('n')])
    .where('created_at', '>=', p.from)
    .where('created_at', '<', p.to)
    .groupBy(['model_id', 'threshold_in_force'])
    .execute();
  return rows.map((r) => ({ modelId: r.model_id, threshold: r.threshold_in_force, count: Number(r.n) }));
}

async function biasReferences(
  used: readonly (BiasThreshold & { modelId: string })[],
  also: readonly string[],
  source: BiasReportSource,
): Promise<BiasReference[]> {
  const models = [...new Set([...used.map((u) => u.modelId), ...also])].sort();
  const out: BiasReference[] = [];
  for (const modelId of models) {
    const thresholds = used
      .filter((u) => u.modelId === modelId)
      .map((u) => ({ use: u.use, threshold: u.threshold, count: u.count }))
      .sort((a, b) => a.use.localeCompare(b.use) || a.threshold - b.threshold);
    const found = await source(modelId);
    out.push(
      'missing' in found
        ? biasReference(modelId, '', undefined, thresholds, found.missing)
        : biasReference(modelId, found.source, found.json, thresholds),
    );
  }
  return out;
}

/** The periodic report for [period.from, period.to) from the database (R25). */
export async function periodicReport(
  q: Queryable,
  period: ReportPeriod,
  o: PeriodicReportOptions = {},
): Promise<PeriodicReport> {
  const deployments = await deploymentData(q, await deploymentsIn(q, period));
  const started = deployments.filter((d) => d.row.started_at !== null);
  const groupOf = await (o.demographicGroups ?? noDemographicRecording)(started.flatMap((d) => d.alerts));
  const live = new Map<string, BiasThreshold & { modelId: string }>();
  for (const { row } of started) {
    const key = `${row.model_id}\n${row.threshold}`;
    const prev = live.get(key);
    live.set(key, { modelId: row.model_id, use: 'live', threshold: row.threshold, count: (prev?.count ?? 0) + 1 });
  }
  const retro = (await searchThresholds(q, period)).map((s) => ({ ...s, use: 'retrospective' as const }));
  return buildPeriodicReport({
    period,
    generatedAt: (o.now?.() ?? new Date()).toISOString(),
    deployments,
    groupOf,
    searchesByOffence: await searchRepository.statistics(q, 'offence_type', period),
    offenceTypes: o.offenceTypes ?? [],
    biasReports: await biasReferences([...live.values(), ...retro], o.modelIds ?? [], o.biasReports ?? biasReportsIn()),
  });
}
