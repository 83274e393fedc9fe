/**
 * The CLI's composition root: configuration, the model registry, and a face engine started on
 * first use. Each command takes what it needs from here and nothing else.
 */
import type { VigilConfig } from '../config/config.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { registryLookup, startEngineFromConfig } from '../faces/engine-from-config.ts';
import type { ModelLookup } from '../faces/pack-resolver.ts';
import { loadCalibrations, type CalibrationFile } from '../faces/thresholds.ts';
import { ModelRegistry, modelsDir } from '../models/model-registry.ts';
import type { Output } from './output.ts';

export interface CliContext {
  readonly config: VigilConfig;
  readonly out: Output;
  readonly registry: ModelRegistry;
  readonly models: ModelLookup;
  /** The engine for a pack (default: the configured one) with at most `workers` threads. */
  engine(pack?: string, workers?: number): Promise<FaceEngine>;
  calibrations(): CalibrationFile;
  close(): Promise<void>;
}

export function createCliContext(config: VigilConfig, out: Output): CliContext {
  const registry = new ModelRegistry({ root: modelsDir(config.dataDir) });
  const models = registryLookup(registry);
  const engines: FaceEngine[] = [];
  return {
    config,
    out,
    registry,
    models,
    async engine(pack = config.pack, workers) {
      const engine = await startEngineFromConfig(config, models, { pack, ...(workers ? { maxWorkers: workers } : {}) });
      engines.push(engine);
      return engine;
    },
    calibrations: () => loadCalibrations(),
    async close() {
      await Promise.all(engines.map((e) => e.close()));
    },
  };
}
