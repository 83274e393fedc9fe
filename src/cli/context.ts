/**
 * The CLI's composition root: configuration, the model registry, and a face engine started on
 * first use. Each command takes what it needs from here and nothing else.
 */
import type { VigilConfig } from '../config/config.ts';
import { FaceEngine } from '../faces/engine.ts';
import { resolvePack, type ModelLookup } from '../faces/pack-resolver.ts';
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
  const models: ModelLookup = {
    async get(id) {
      const m = await registry.get(id);
      return m ? { id: m.id, kind: m.kind, path: registry.pathOf(m) } : undefined;
    },
  };
  const engines: FaceEngine[] = [];
  return {
    config,
    out,
    registry,
    models,
    async engine(pack = config.pack, workers) {
      const spec = await resolvePack(pack, config, models);
      const count = Math.min(workers ?? Number.POSITIVE_INFINITY, config.workers ?? Number.POSITIVE_INFINITY);
      const engine = await FaceEngine.start({
        pack: spec,
        ...(Number.isFinite(count) ? { workers: count } : {}),
        gates: config.quality,
        limits: { maxBytes: config.limits.maxImageBytes, maxPixels: config.limits.maxImagePixels },
        detect: config.detection,
      });
      engines.push(engine);
      return engine;
    },
    calibrations: () => loadCalibrations(),
    async close() {
      await Promise.all(engines.map((e) => e.close()));
    },
  };
}
