/**
 * Model packs: which detector, landmarker and recognizer work together. A pack spec is plain
 * data (it crosses into the engine workers); `createNets` turns it into running nets there.
 */
import { z } from 'zod';
import { faceApiWeightsSha256, type FaceApiNet } from './nets/faceapi-weights.ts';
import type { FaceNets } from './pipeline.ts';

export const netKinds = [
  'faceapi-ssd',
  'faceapi-tiny',
  'faceapi-landmarks68',
  'faceapi-resnet',
  'yunet',
  'scrfd',
  'arcface',
] as const;
export type NetKind = (typeof netKinds)[number];

export const netSpecSchema = z.object({
  kind: z.enum(netKinds),
  modelId: z.string().min(1),
  /** ONNX file for operator-registered models; absent for nets built from npm-shipped weights. */
  path: z.string().optional(),
});
export type NetSpec = z.infer<typeof netSpecSchema>;

export const packSpecSchema = z.object({
  name: z.string().min(1),
  detector: netSpecSchema,
  landmarker: netSpecSchema.optional(),
  recognizer: netSpecSchema,
});
export type PackSpec = z.infer<typeof packSpecSchema>;

const faceApiNetOfKind: Partial<Record<NetKind, FaceApiNet>> = {
  'faceapi-ssd': 'ssdMobilenetV1',
  'faceapi-tiny': 'tinyFaceDetector',
  'faceapi-landmarks68': 'landmarks68',
  'faceapi-resnet': 'recognizer',
};

/**
 * sha256 of each built-in net's weight files as shipped by @vladmandic/face-api 1.7.15. Templates
 * record the model id derived from it, so a changed file (another package version) is a different
 * model, and `vigil models verify` reports it.
 */
export const expectedFaceApiSha256: Record<FaceApiNet, string> = {
  recognizer: 'c2cf51e45a1f',
  landmarks68: '4c704c0213b9',
  ssdMobilenetV1: '44030ca4ed90',
  tinyFaceDetector: 'b904a79965e5',
};

export interface BuiltInNet {
  readonly kind: 'faceapi-ssd' | 'faceapi-tiny' | 'faceapi-landmarks68' | 'faceapi-resnet';
  readonly modelId: string;
  readonly sha256: string;
  /** The weights are those this version of Vigil was measured with. */
  readonly expected: boolean;
}

export async function builtInNets(): Promise<BuiltInNet[]> {
  const kinds = ['faceapi-ssd', 'faceapi-tiny', 'faceapi-landmarks68', 'faceapi-resnet'] as const;
  return Promise.all(
    kinds.map(async (kind) => {
      const net = faceApiNetOfKind[kind]!;
      const sha256 = await faceApiWeightsSha256(net);
      return {
        kind,
        modelId: `${kind}-${sha256.slice(0, 12)}`,
        sha256,
        expected: sha256.startsWith(expectedFaceApiSha256[net]),
      };
    }),
  );
}

/** Model id of a net built from face-api's shipped weights: `<kind>-<first 12 hex of sha256>`. */
export async function faceApiNetSpec(
  kind: 'faceapi-ssd' | 'faceapi-tiny' | 'faceapi-landmarks68' | 'faceapi-resnet',
): Promise<NetSpec> {
  const sha256 = await faceApiWeightsSha256(faceApiNetOfKind[kind]!);
  return { kind, modelId: `${kind}-${sha256.slice(0, 12)}` };
}

/** The packs that work offline right after `npm install`. */
export async function builtInPacks(): Promise<PackSpec[]> {
  const [ssd, tiny, landmarks, resnet] = await Promise.all([
    faceApiNetSpec('faceapi-ssd'),
    faceApiNetSpec('faceapi-tiny'),
    faceApiNetSpec('faceapi-landmarks68'),
    faceApiNetSpec('faceapi-resnet'),
  ]);
  return [
    { name: 'default', detector: ssd, landmarker: landmarks, recognizer: resnet },
    { name: 'default-tiny', detector: tiny, landmarker: landmarks, recognizer: resnet },
  ];
}

function needPath(spec: NetSpec): string {
  if (!spec.path) throw new Error(`model ${spec.modelId} (${spec.kind}) needs an ONNX file path`);
  return spec.path;
}

/** Builds the nets of a pack (call inside the worker that will run them). */
export async function createNets(pack: PackSpec, threads = 1): Promise<FaceNets> {
  const detector = await createDetector(pack.detector, threads);
  const landmarker = pack.landmarker ? await createLandmarker(pack.landmarker, threads) : undefined;
  const recognizer = await createRecognizer(pack.recognizer, threads);
  return landmarker ? { detector, landmarker, recognizer } : { detector, recognizer };
}

async function createDetector(spec: NetSpec, threads: number) {
  const { modelId } = spec;
  switch (spec.kind) {
    case 'faceapi-ssd':
      return (await import('./nets/faceapi-ssd.ts')).createFaceApiSsdDetector({ modelId, threads });
    case 'faceapi-tiny':
      return (await import('./nets/faceapi-tiny.ts')).createFaceApiTinyDetector({ modelId, threads });
    case 'yunet':
      return (await import('./nets/yunet.ts')).createYunetDetector({ modelId, modelPath: needPath(spec), threads });
    default:
      throw new Error(`${spec.kind} models cannot serve as a detector in this version`);
  }
}

async function createLandmarker(spec: NetSpec, threads: number) {
  if (spec.kind !== 'faceapi-landmarks68') throw new Error(`${spec.kind} models cannot serve as a landmarker`);
  return (await import('./nets/faceapi-landmarks.ts')).createFaceApiLandmarker({ modelId: spec.modelId, threads });
}

async function createRecognizer(spec: NetSpec, threads: number) {
  const { modelId } = spec;
  switch (spec.kind) {
    case 'faceapi-resnet':
      return (await import('./nets/faceapi-recognizer.ts')).createFaceApiRecognizer({ modelId, threads });
    case 'arcface':
      return (await import('./nets/onnx-recognizer.ts')).createOnnxRecognizer({
        modelId,
        modelPath: needPath(spec),
        threads,
      });
    default:
      throw new Error(`${spec.kind} models cannot serve as a recognizer`);
  }
}
