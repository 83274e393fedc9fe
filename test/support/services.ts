/** Test support: the real services over a given database, a throwaway data directory and key. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type VigilConfig } from '../../src/app/config.ts';
import type { Database } from '../../src/db/database.ts';
import type { FaceEngine } from '../../src/faces/engine.ts';
import { loadCalibrations } from '../../src/faces/thresholds.ts';
import { openServices, type VigilServices } from '../../src/app/services.ts';
import { videoProbeAnalyser, enhanceProbe } from '../../src/app/media-adapters.ts';
import { signedStandInReport } from './assessments.ts';

export interface TestServices extends VigilServices {
  readonly config: VigilConfig;
  readonly dataDir: string;
}

export async function openTestServices(
  database: Database,
  engine: FaceEngine,
  overrides: Record<string, unknown> = {},
  now?: () => Date,
): Promise<TestServices> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-services-'));
  // No audit witness unless a test asks for one (its key and file would sit beside the temp folder).
  const config = configSchema.parse({ dataDir, audit: { witnessFile: false }, ...overrides });
  const services = await openServices({
    config,
    env: { VIGIL_MEDIA_KEY: randomBytes(32).toString('base64') },
    engine,
    calibrations: () => loadCalibrations(),
    analyseVideo: videoProbeAnalyser(engine, config),
    enhance: enhanceProbe(config),
    database,
    indexSaveEveryMs: 0,
    ...(now ? { now } : {}),
  });
  return {
    ...services,
    config,
    dataDir,
    async close() {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records the assessments a test deployment names (R26) and a bias report measuring `threshold`
 * for the engine's model (R27): the minimum an authorisation needs. The report is a stand-in
 * covering every group, signed with the services' evaluation key; real ones come from
 * `vigil eval demographics`.
 */
export async function recordTestAssessments(
  s: Pick<VigilServices, 'assessments'>,
  o: { modelId: string; threshold: number; dpia?: string; eia?: string; policy?: string },
): Promise<void> {
  const approved = { summary: 'test record', approvedBy: 'chief officer', approvedAt: new Date().toISOString() };
  for (const [kind, version] of [
    ['dpia', o.dpia ?? 'DPIA 1'],
    ['eia', o.eia ?? 'EIA 1'],
    ['policy', o.policy ?? 'policy 1'],
  ] as const) {
    if (!(await s.assessments.find(kind, version))) {
      await s.assessments.addAssessment({ kind, version, title: `${kind} ${version}`, ...approved }, 'dpo');
    }
  }
  await s.assessments.addBiasReport(
    signedStandInReport({ modelId: o.modelId, threshold: o.threshold }, s.assessments.evaluationKeyFile),
    'dpo',
  );
}
