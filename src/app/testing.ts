/** Test support: the real services over a given database, a throwaway data directory and key. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type VigilConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { loadCalibrations } from '../faces/thresholds.ts';
import { openServices, type VigilServices } from './services.ts';
import { videoProbeAnalyser, enhanceProbe } from './media-adapters.ts';

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
  const config = configSchema.parse({ dataDir, ...overrides });
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
