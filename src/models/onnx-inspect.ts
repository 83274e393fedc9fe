/**
 * Opens an ONNX file with onnxruntime and describes its inputs and outputs; checks whether that
 * interface fits what Vigil expects of a model kind. `checkKind` is pure.
 */
import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { z } from 'zod';
import type { ModelKind } from './model-card.ts';

/** A dimension: a fixed size, or the symbolic name of a dynamic one ("batch", "height"; "?" if unnamed). */
export type InspectedDim = number | string;

export const tensorInfoSchema = z.object({
  name: z.string(),
  /** Element type as onnxruntime names it ("float32", "int64"), or "non-tensor". */
  type: z.string(),
  /** null when the runtime does not report a shape. */
  dims: z.array(z.union([z.number(), z.string()])).nullable(),
});
export type TensorInfo = z.infer<typeof tensorInfoSchema>;

export const onnxInspectionSchema = z.object({
  inputs: z.array(tensorInfoSchema),
  outputs: z.array(tensorInfoSchema),
});
export type OnnxInspection = z.infer<typeof onnxInspectionSchema>;

export class NotOnnxError extends Error {
  constructor(
    label: string,
    /** What onnxruntime said. */
    readonly reason: string,
    options?: { cause: unknown },
  ) {
    super(`${label} is not a loadable ONNX model: ${reason}`, options);
    this.name = 'NotOnnxError';
  }
}

type ValueMetadata = ort.InferenceSession.ValueMetadata;

function describeValue(name: string, meta: ValueMetadata | undefined): TensorInfo {
  if (meta === undefined) return { name, type: 'unknown', dims: null };
  if (!meta.isTensor) return { name, type: 'non-tensor', dims: null };
  const dims = meta.shape.map((d): InspectedDim => {
    if (typeof d === 'number') return d >= 0 ? d : '?';
    return d === '' ? '?' : d;
  });
  return { name, type: meta.type, dims };
}

/** Describes an open session's interface from onnxruntime's input/output metadata. */
export function describeSession(session: ort.InferenceSession): OnnxInspection {
  const inMeta = new Map((session.inputMetadata ?? []).map((m) => [m.name, m]));
  const outMeta = new Map((session.outputMetadata ?? []).map((m) => [m.name, m]));
  return {
    inputs: session.inputNames.map((n) => describeValue(n, inMeta.get(n))),
    outputs: session.outputNames.map((n) => describeValue(n, outMeta.get(n))),
  };
}

/**
 * Opens a model (path or bytes) just long enough to describe it. A file that onnxruntime cannot
 * load (not ONNX, truncated, unsupported opset) raises NotOnnxError naming the file.
 */
export async function inspectOnnx(source: string | Uint8Array): Promise<OnnxInspection> {
  const label = typeof source === 'string' ? source : `${source.length}-byte buffer`;
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new NotOnnxError(label, reason, { cause: err });
  }
  try {
    return describeSession(session);
  } finally {
    await session.release();
  }
}

export function formatDims(dims: readonly InspectedDim[] | null): string {
  return dims === null ? '[unknown shape]' : `[${dims.join(',')}]`;
}

function describeTensor(t: TensorInfo): string {
  return `${t.name} ${t.type}${formatDims(t.dims)}`;
}

/** Where the colour channels sit in a 4-d image input. */
export type ImageLayout = 'nchw' | 'nhwc';

/** The layout of a [N,3,112,112] or [N,112,112,3] input, or null if it is neither. */
export function arcfaceLayout(input: TensorInfo): ImageLayout | null {
  const d = input.dims;
  if (d === null || d.length !== 4) return null;
  if (d[1] === 3 && d[2] === 112 && d[3] === 112) return 'nchw';
  if (d[1] === 112 && d[2] === 112 && d[3] === 3) return 'nhwc';
  return null;
}

function checkImageInput(inspection: OnnxInspection, problems: string[]): void {
  if (inspection.inputs.length !== 1) {
    problems.push(`expected exactly one input, found ${inspection.inputs.length}`);
    return;
  }
  const input = inspection.inputs[0];
  if (input === undefined) return;
  if (input.type !== 'float32') problems.push(`input ${describeTensor(input)} should be float32`);
  if (input.dims === null || input.dims.length !== 4) {
    problems.push(`input ${describeTensor(input)} should be a 4-d NCHW image tensor`);
  } else if (input.dims[1] !== 3) {
    problems.push(`input ${describeTensor(input)} should have 3 channels in dimension 1 (NCHW)`);
  }
}

const strides = [8, 16, 32] as const;
const yunetHeads = { cls: 1, obj: 1, bbox: 4, kps: 10 } as const;

function checkYunet(inspection: OnnxInspection, problems: string[]): void {
  checkImageInput(inspection, problems);
  const byName = new Map(inspection.outputs.map((o) => [o.name, o]));
  const missing: string[] = [];
  for (const [head, width] of Object.entries(yunetHeads)) {
    for (const s of strides) {
      const out = byName.get(`${head}_${s}`);
      if (out === undefined) {
        missing.push(`${head}_${s}`);
        continue;
      }
      const last = out.dims?.at(-1);
      if (typeof last === 'number' && last !== width) {
        problems.push(`output ${describeTensor(out)} should end in ${width}`);
      }
    }
  }
  if (missing.length > 0) {
    const found = inspection.outputs.map((o) => o.name).join(', ') || 'none';
    problems.push(`missing YuNet outputs ${missing.join(', ')} (found: ${found})`);
  }
}

function checkScrfd(inspection: OnnxInspection, problems: string[]): void {
  checkImageInput(inspection, problems);
  const n = inspection.outputs.length;
  if (n !== 6 && n !== 9) {
    problems.push(
      `expected 6 outputs (score and bbox for strides 8/16/32) or 9 (with keypoints), found ${n}: ` +
        inspection.outputs.map(describeTensor).join(', '),
    );
    return;
  }
  const lasts = inspection.outputs.map((o) => o.dims?.at(-1));
  if (lasts.every((l) => typeof l === 'number')) {
    const count = (w: number): number => lasts.filter((l) => l === w).length;
    const want = { 1: 3, 4: 3, 10: n === 9 ? 3 : 0 };
    for (const [width, expected] of Object.entries(want)) {
      const got = count(Number(width));
      if (got !== expected) {
        problems.push(`expected ${expected} outputs ending in ${width}, found ${got}`);
      }
    }
  }
}

function checkArcface(inspection: OnnxInspection, problems: string[]): void {
  if (inspection.inputs.length !== 1) {
    problems.push(`expected exactly one input [N,3,112,112], found ${inspection.inputs.length}`);
  } else {
    const input = inspection.inputs[0];
    if (input !== undefined) {
      if (input.type !== 'float32') problems.push(`input ${describeTensor(input)} should be float32`);
      if (arcfaceLayout(input) === null) {
        problems.push(`input ${describeTensor(input)} should be [N,3,112,112] or [N,112,112,3]`);
      }
    }
  }
  if (inspection.outputs.length !== 1) {
    problems.push(
      `expected exactly one output [N,D] (an embedding), found ${inspection.outputs.length}: ` +
        inspection.outputs.map((o) => o.name).join(', '),
    );
    return;
  }
  const out = inspection.outputs[0];
  if (out === undefined) return;
  if (out.type !== 'float32') problems.push(`output ${describeTensor(out)} should be float32`);
  const dim = out.dims?.[1];
  if (out.dims === null || out.dims.length !== 2) {
    problems.push(`output ${describeTensor(out)} should be 2-d [N,D]`);
  } else if (typeof dim !== 'number' || dim < 128 || dim > 1024) {
    problems.push(`output ${describeTensor(out)} should have a fixed embedding size D between 128 and 1024`);
  }
}

/**
 * Human-readable reasons why a model does not fit a kind; an empty list means it fits. Dimensions
 * that the model leaves dynamic are accepted wherever only their size is in question.
 */
export function checkKind(kind: ModelKind, inspection: OnnxInspection): string[] {
  const problems: string[] = [];
  switch (kind) {
    case 'yunet':
      checkYunet(inspection, problems);
      break;
    case 'scrfd':
      checkScrfd(inspection, problems);
      break;
    case 'arcface':
      checkArcface(inspection, problems);
      break;
    case 'faceapi-ssd':
    case 'faceapi-tiny':
    case 'faceapi-landmarks68':
    case 'faceapi-resnet':
      problems.push(`${kind} nets are TensorFlow.js weights bundled with face-api, not ONNX files`);
      break;
  }
  return problems;
}

/** The embedding size of an arcface-kind model, or null when it is not fixed. */
export function embeddingDimensions(inspection: OnnxInspection): number | null {
  const d = inspection.outputs[0]?.dims?.[1];
  return typeof d === 'number' ? d : null;
}
