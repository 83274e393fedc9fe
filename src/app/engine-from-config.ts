/** Starts the face engine the configuration describes: one place for the CLI and the server. */
import type { VigilConfig } from './config.ts';
import type { ModelRegistry } from '../models/model-registry.ts';
import { FaceEngine } from '../faces/engine.ts';
import { resolvePack, type ModelLookup } from '../faces/pack-resolver.ts';

/** The registry as the pack resolver sees it: a model's kind and file by id. */
export function registryLookup(registry: ModelRegistry): ModelLookup {
  return {
    async get(id) {
      const m = await registry.get(id);
      return m ? { id: m.id, kind: m.kind, path: registry.pathOf(m) } : undefined;
    },
  };
}

/** The configured pack (or `pack`) on at most `maxWorkers` worker threads (default: config, else cores). */
export async function startEngineFromConfig(
  config: VigilConfig,
  models: ModelLookup,
  options: { pack?: string; maxWorkers?: number } = {},
): Promise<FaceEngine> {
  const spec = await resolvePack(options.pack ?? config.pack, config, models);
  const limit = Math.min(options.maxWorkers ?? Infinity, config.workers ?? Infinity);
  return FaceEngine.start({
    pack: spec,
    isolation: config.engine.isolation,
    ...(Number.isFinite(limit) ? { workers: limit } : {}),
    gates: config.quality,
    limits: { maxBytes: config.limits.maxImageBytes, maxPixels: config.limits.maxImagePixels },
    detect: config.detection,
  });
}
