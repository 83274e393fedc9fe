/** Test helpers for the HTTP API: multipart bodies, a stand-in engine, a calibration file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type VigilConfig } from '../../src/app/config.ts';
import type { ImageAnalysis } from '../../src/faces/engine.ts';
import type { PackSpec } from '../../src/faces/packs.ts';
import { loadCalibrations, saveCalibration, type CalibrationFile } from '../../src/faces/thresholds.ts';
import type { FaceAnalyser } from '../../src/faces/faces.service.ts';

/** A multipart/form-data body: Uint8Array values become file parts, strings text fields. */
export async function multipart(
  fields: Record<string, Uint8Array | string>,
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value]), `${name}.bin`);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  };
}

export function testConfig(overrides: Record<string, unknown> = {}): VigilConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-http-'));
  return configSchema.parse({ dataDir, ...overrides });
}

/** A calibration file with one model whose thresholds at every FMR are `threshold`. */
export function calibrationWith(modelId: string, threshold: number): () => CalibrationFile {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-cal-')), 'calibration.json');
  saveCalibration(
    modelId,
    {
      measuredAt: new Date(0).toISOString(),
      dataset: 'test',
      command: 'test',
      impostorPairs: 0,
      genuinePairs: 0,
      thresholds: { '1e-2': threshold, '1e-3': threshold, '1e-4': threshold },
    },
    path,
  );
  return () => loadCalibrations(path);
}

export const fakePack: PackSpec = {
  name: 'fake',
  detector: { kind: 'faceapi-ssd', modelId: 'faceapi-ssd-000000000000' },
  // The default pipeline's shape, so its templates carry the recognizer's id (pipeline-id.ts).
  landmarker: { kind: 'faceapi-landmarks68', modelId: 'faceapi-landmarks68-000000000000' },
  recognizer: { kind: 'faceapi-resnet', modelId: 'faceapi-resnet-000000000000' },
};

/** A stand-in engine that answers every image with `analyse` (or throws what it throws). */
export function fakeEngine(
  analyse: (bytes: Uint8Array) => ImageAnalysis | Promise<ImageAnalysis>,
  workers = 1,
): FaceAnalyser {
  return { pack: fakePack, workers, analyse: async (bytes) => analyse(bytes) };
}
