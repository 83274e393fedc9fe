/**
 * The face use cases of a process without the services (an HTTP app built for the face routes
 * alone, in tests): built here, in the composition root, like every other use case. A process
 * with services uses `VigilServices.faces`, whose threshold is `thresholdInForce` (R14).
 */
import { FacesService } from '../faces/faces.service.ts';
import type { FaceEngine } from '../faces/engine.ts';
import { ModelInventory, type ModelInventoryDeps } from '../faces/model-inventory.ts';
import { resolveThreshold, type CalibrationFile } from '../faces/thresholds.ts';
import type { VigilConfig } from './config.ts';

export interface FaceUseCaseDeps {
  readonly engine: Pick<FaceEngine, 'analyse' | 'pack'>;
  readonly config: VigilConfig;
  readonly calibrations: () => CalibrationFile;
}

/** Compare without a threshold policy (no database): the configured threshold, else the calibrated one. */
export function facesWithoutPolicy(deps: FaceUseCaseDeps): FacesService {
  const { config, calibrations } = deps;
  return new FacesService({
    engine: deps.engine,
    thresholdInForce: (id) => resolveThreshold(id, calibrations(), config.operatingFmr, config.thresholds[id]),
  });
}

export function modelInventory(deps: ModelInventoryDeps): ModelInventory {
  return new ModelInventory(deps);
}
