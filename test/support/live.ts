/** Test support for the live domain: a deployment service over a database and nothing else. */
import type { Kysely } from 'kysely';
import type { VigilSchema } from '../../src/db/schema.ts';
import type { MediaStore } from '../../src/storage/media-store.ts';
import { DeploymentService } from '../../src/live/deployment.service.ts';

/** A deployment service for tests of its data rules: no calibration, a media store that deletes nothing. */
export function bareDeploymentService(db: Kysely<VigilSchema>, now?: () => Date): DeploymentService {
  return new DeploymentService({
    db,
    media: { delete: async () => undefined } as unknown as MediaStore,
    calibrations: () => ({ models: {} }) as never,
    modelId: 'm',
    thresholdFloor: () => 0.9,
    categories: ['wanted'],
    maxDurationHours: 24,
    ...(now ? { now } : {}),
  });
}
