/**
 * The CLI's composition root: configuration, the model registry, and a face engine started on
 * first use. Each command takes what it needs from here and nothing else.
 */
import type { VigilConfig } from '../app/config.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { registryLookup, startEngineFromConfig } from '../app/engine-from-config.ts';
import type { ModelLookup } from '../faces/pack-resolver.ts';
import { loadCalibrations, type CalibrationFile } from '../faces/thresholds.ts';
import { ModelRegistry, modelsDir } from '../models/model-registry.ts';
import type { Output } from './output.ts';
import { openServices, type VigilServices } from '../app/services.ts';
import { isIndexLockHeld } from '../gallery/gallery-index-lock.ts';
import { enhanceProbe, videoProbeAnalyser } from '../app/media-adapters.ts';
import { resolveCliPrincipal, type CliPrincipal } from './principal.ts';

export interface CliContext {
  readonly config: VigilConfig;
  readonly out: Output;
  readonly registry: ModelRegistry;
  readonly models: ModelLookup;
  /** The engine for a pack (default: the configured one) with at most `workers` threads. */
  engine(pack?: string, workers?: number): Promise<FaceEngine>;
  calibrations(): CalibrationFile;
  /** The database, media store, gallery and case services, opened once with this engine. */
  services(engine: FaceEngine): Promise<VigilServices>;
  /**
   * The user this command acts as: the one whose API token it holds (`VIGIL_TOKEN`, `--token-file`
   * or `VIGIL_TOKEN_FILE`), resolved against the database; refused (exit 2) without a valid one.
   * Never a name from a flag. Offline administrative commands use `localActor()` instead.
   */
  principal(): Promise<CliPrincipal>;
  close(): Promise<void>;
}

export interface CliContextOptions {
  /** The global `--token-file` option, read when a command first asks for its principal. */
  readonly tokenFile?: () => string | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

export function createCliContext(config: VigilConfig, out: Output, options: CliContextOptions = {}): CliContext {
  const registry = new ModelRegistry({ root: modelsDir(config.dataDir) });
  const models = registryLookup(registry);
  const engines: FaceEngine[] = [];
  let services: Promise<VigilServices> | undefined;
  let principal: Promise<CliPrincipal> | undefined;
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
    services(engine) {
      const open = (galleryIndex: 'writer' | 'replica') =>
        openServices({
          config,
          env: process.env,
          engine,
          calibrations: () => loadCalibrations(),
          analyseVideo: videoProbeAnalyser(engine, config),
          enhance: enhanceProbe(config),
          galleryIndex,
        });
      // With a shared queue the installation is scaled out: its workers own the index snapshots.
      // Otherwise the CLI writes the index files only while no other process (a running server)
      // holds them; then it follows the database as a replica, and the holder catches up (issue 14).
      services ??= process.env['VIGIL_QUEUE_URL']
        ? open('replica')
        : open('writer').catch((err: unknown) => (isIndexLockHeld(err) ? open('replica') : Promise.reject(err)));
      return services;
    },
    principal() {
      principal ??= resolveCliPrincipal(config, {
        env: options.env ?? process.env,
        tokenFile: options.tokenFile?.(),
        warn: (line) => process.stderr.write(line + '\n'),
      });
      return principal;
    },
    async close() {
      // Services first (they save the gallery index), then the engines they used.
      if (services) await (await services.catch(() => undefined))?.close();
      await Promise.all(engines.map((e) => e.close()));
    },
  };
}
