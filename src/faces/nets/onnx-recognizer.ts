/**
 * Runs an ArcFace-style ONNX recognizer: 112x112 ArcFace-aligned RGB chips in, one embedding per
 * chip out. Layout (NCHW or NHWC), batch size and embedding size are read from the model itself.
 */
import ort from 'onnxruntime-node';
import type { Preprocessing } from '../../models/model-card.ts';
import { arcfaceLayout, checkKind, describeSession, embeddingDimensions } from '../../models/onnx-inspect.ts';
import type { ImageLayout } from '../../models/onnx-inspect.ts';
import type { Recognizer, RgbImage } from '../types.ts';

export const arcfaceChipSize = 112;

/** The common InsightFace convention: RGB, (pixel - 127.5) / 127.5. A model card may override it. */
export const arcfacePreprocessing: Preprocessing = { mean: 127.5, std: 127.5, channelOrder: 'rgb' };

export interface OnnxRecognizerOptions {
  readonly modelId: string;
  readonly modelPath: string;
  /** onnxruntime intra-op threads (default 1: engines run one recognizer per worker). */
  readonly threads?: number;
  readonly preprocessing?: Preprocessing;
  /** Most chips per run when the model's batch dimension is dynamic (default 32). */
  readonly maxBatch?: number;
}

export interface OnnxRecognizer extends Recognizer {
  readonly layout: ImageLayout;
  readonly preprocessing: Preprocessing;
  /** Fixed batch size of the model, or null when dynamic. */
  readonly fixedBatch: number | null;
  close(): Promise<void>;
}

/**
 * Packs chips into one float tensor's data, normalised as (pixel - mean) / std, channels in the
 * requested order and the model's layout. Pure.
 */
export function chipsToTensorData(
  chips: readonly RgbImage[],
  layout: ImageLayout,
  prep: Preprocessing,
  size: number = arcfaceChipSize,
): Float32Array {
  const plane = size * size;
  const out = new Float32Array(chips.length * plane * 3);
  const order = prep.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const scale = 1 / prep.std;
  chips.forEach((chip, n) => {
    if (chip.width !== size || chip.height !== size || chip.data.length !== plane * 3) {
      throw new Error(
        `chip ${n} is ${chip.width}x${chip.height} (${chip.data.length} bytes); expected ${size}x${size} RGB`,
      );
    }
    const base = n * plane * 3;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const value = ((chip.data[p * 3 + (order[c] ?? c)] ?? 0) - prep.mean) * scale;
        out[layout === 'nchw' ? base + c * plane + p : base + p * 3 + c] = value;
      }
    }
  });
  return out;
}

export async function createOnnxRecognizer(options: OnnxRecognizerOptions): Promise<OnnxRecognizer> {
  const threads = options.threads ?? 1;
  const session = await ort.InferenceSession.create(options.modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const inspection = describeSession(session);
  const problems = checkKind('arcface', inspection);
  const input = inspection.inputs[0];
  const output = inspection.outputs[0];
  const layout = input === undefined ? null : arcfaceLayout(input);
  const dimensions = embeddingDimensions(inspection);
  if (problems.length > 0 || input === undefined || output === undefined || layout === null || dimensions === null) {
    await session.release();
    throw new Error(`${options.modelPath} is not an arcface-style recognizer: ${problems.join('; ')}`);
  }
  const batchDim = input.dims?.[0];
  const fixedBatch = typeof batchDim === 'number' ? batchDim : null;
  const chunk = fixedBatch ?? Math.max(1, options.maxBatch ?? 32);
  const prep = options.preprocessing ?? arcfacePreprocessing;

  const runBatch = async (chips: readonly RgbImage[]): Promise<Float32Array[]> => {
    // A fixed-batch model is fed full batches; unused slots are zero and their outputs ignored.
    const n = fixedBatch ?? chips.length;
    const data = new Float32Array(n * arcfaceChipSize * arcfaceChipSize * 3);
    data.set(chipsToTensorData(chips, layout, prep));
    const s = arcfaceChipSize;
    const dims = layout === 'nchw' ? [n, 3, s, s] : [n, s, s, 3];
    const feeds = { [input.name]: new ort.Tensor('float32', data, dims) };
    const result = await session.run(feeds);
    const tensor = result[output.name];
    if (tensor === undefined || !(tensor.data instanceof Float32Array)) {
      throw new Error(`${options.modelId}: model returned no float32 output`);
    }
    const d = dimensions;
    if (tensor.data.length < chips.length * d) {
      throw new Error(`${options.modelId}: output has ${tensor.data.length} values for ${chips.length} chips of ${d}`);
    }
    return chips.map((_, i) => tensor.data.slice(i * d, (i + 1) * d) as Float32Array);
  };

  return {
    modelId: options.modelId,
    alignment: 'arcface-112',
    chipSize: arcfaceChipSize,
    dimensions,
    layout,
    preprocessing: prep,
    fixedBatch,
    async embed(chips: readonly RgbImage[]): Promise<Float32Array[]> {
      const out: Float32Array[] = [];
      for (let i = 0; i < chips.length; i += chunk) {
        out.push(...(await runBatch(chips.slice(i, i + chunk))));
      }
      return out;
    },
    async close(): Promise<void> {
      await session.release();
    },
  };
}
