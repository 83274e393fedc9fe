/**
 * Face-api's FaceRecognitionNet (the dlib ResNet-29 face descriptor, 150x150 in, 128-d out) as an
 * ONNX graph. Pure: weights in, model bytes out.
 *
 * Face-api's forward pass (faceRecognitionNet/FaceRecognitionNet.ts) is reproduced layer by layer:
 * x = (rgb - [122.782, 117.001, 104.298]) / 256 (dlib's scale; face-api uses 255); conv 7x7/2 'valid' + scale + relu; maxpool 3/2
 * 'valid'; residual stages 32, 64, 128, 256 whose down-sampling blocks use a 3x3/2 'valid' conv and
 * a 2x2/2 average-pool shortcut, zero-padded in channels (and at the bottom/right edge when the
 * conv path comes out one smaller); spatial mean; matmul by `fc`. Each "scale layer" (x * w + b)
 * is folded into the preceding conv, and the input normalisation into the first conv (exact, as
 * that conv has no padding), so the graph takes raw 0..255 pixels as uint8 NHWC.
 */
import type { FaceApiWeights } from './faceapi-weights.ts';
import { OnnxGraphBuilder } from './onnx-builder.ts';
import { tfFilterToOnnx } from './tf-layout.ts';

/** Face-api's per-channel RGB mean, shared by the recognition and landmark nets. */
export const faceApiMeanRgb = [122.782, 117.001, 104.298] as const;

export const recognizerInputSize = 150;
export const recognizerDimensions = 128;

/** A conv in ONNX layout: weight [out, in/group, kh, kw], bias [out]. */
export interface OnnxConv {
  readonly weight: Float32Array;
  readonly dims: readonly [number, number, number, number];
  readonly bias: Float32Array;
}

/** A conv followed by face-api's scale layer, folded: W' = W * s, b' = b * s + t. */
function scaledConv(weights: FaceApiWeights, prefix: string): OnnxConv {
  const filter = tfFilterToOnnx(weights.get(`${prefix}/conv/filters`), prefix);
  const bias = weights.get(`${prefix}/conv/bias`).data;
  const s = weights.get(`${prefix}/scale/weights`).data;
  const t = weights.get(`${prefix}/scale/biases`).data;
  const [cout] = filter.dims;
  const per = filter.data.length / cout;
  const weight = new Float32Array(filter.data.length);
  const b = new Float32Array(cout);
  for (let o = 0; o < cout; o++) {
    const so = s[o]!;
    for (let k = 0; k < per; k++) weight[o * per + k] = filter.data[o * per + k]! * so;
    b[o] = bias[o]! * so + t[o]!;
  }
  return { weight, dims: filter.dims, bias: b };
}

/**
 * dlib scales input pixels by 1/256 after subtracting the mean (input_rgb_image); face-api's port
 * divides by 255. Vigil follows dlib, whose training the weights come from (measured +0.09 points
 * on LFW, see README).
 */
export const dlibInputScale = 256;

/** Folds x -> (x - mean[c]) / scale into a conv without padding. */
function foldInputNormalisation(conv: OnnxConv, mean: readonly number[], scale: number): OnnxConv {
  const [cout, cin, h, w] = conv.dims;
  const weight = new Float32Array(conv.weight.length);
  const bias = new Float32Array(cout);
  for (let o = 0; o < cout; o++) {
    let shift = 0;
    for (let i = 0; i < cin; i++) {
      for (let k = 0; k < h * w; k++) {
        const idx = (o * cin + i) * h * w + k;
        const v = conv.weight[idx]!;
        weight[idx] = v / scale;
        shift += (v * mean[i]!) / scale;
      }
    }
    bias[o] = conv.bias[o]! - shift;
  }
  return { weight, dims: conv.dims, bias };
}

class Emitter {
  constructor(readonly g: OnnxGraphBuilder) {}

  conv(x: string, c: OnnxConv, stride: number, pads: readonly number[], relu: boolean): string {
    const w = this.g.floats('w', c.weight, c.dims);
    const b = this.g.floats('b', c.bias, [c.dims[0]]);
    const k = [c.dims[2], c.dims[3]];
    const y = this.g.node('Conv', [x, w, b], { kernel_shape: k, strides: [stride, stride], pads });
    return relu ? this.g.node('Relu', [y]) : y;
  }

  pad(x: string, pads: readonly number[]): string {
    return this.g.node('Pad', [x, this.g.int64s('pads', pads)], { mode: 'constant' });
  }
}

const same3 = [1, 1, 1, 1];
const valid = [0, 0, 0, 0];

function residual(e: Emitter, weights: FaceApiWeights, x: string, prefix: string): string {
  const a = e.conv(x, scaledConv(weights, `${prefix}/conv1`), 1, same3, true);
  const b = e.conv(a, scaledConv(weights, `${prefix}/conv2`), 1, same3, false);
  return e.g.node('Relu', [e.g.node('Add', [b, x])]);
}

/**
 * Face-api's residualDown for a known input side: conv path 3x3/2 'valid', shortcut avgpool 2/2
 * 'valid' zero-padded from cin to cout channels; when the conv path is one pixel smaller it gets a
 * zero row and column appended (bottom/right).
 */
function residualDown(
  e: Emitter,
  weights: FaceApiWeights,
  x: string,
  prefix: string,
  side: number,
): { out: string; side: number } {
  const c1 = scaledConv(weights, `${prefix}/conv1`);
  const c2 = scaledConv(weights, `${prefix}/conv2`);
  const cin = c1.dims[1];
  const cout = c2.dims[0];
  let out = e.conv(e.conv(x, c1, 2, valid, true), c2, 1, same3, false);
  let pooled = e.g.node('AveragePool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
  const convSide = Math.floor((side - 3) / 2) + 1;
  const poolSide = Math.floor(side / 2);
  if (poolSide - convSide > 1 || poolSide < convSide)
    throw new Error(`${prefix}: unexpected sides ${convSide}/${poolSide}`);
  if (convSide !== poolSide) out = e.pad(out, [0, 0, 0, 0, 0, 0, 1, 1]);
  if (cout !== cin) pooled = e.pad(pooled, [0, 0, 0, 0, 0, cout - cin, 0, 0]);
  return { out: e.g.node('Relu', [e.g.node('Add', [pooled, out])]), side: poolSide };
}

/**
 * Builds the recognizer: input `chips` uint8 [batch, 150, 150, 3] (RGB, HWC as decoded), output
 * `descriptor` float32 [batch, 128], the raw (unnormalised) face-api descriptor.
 */
/** `inputScale` exists for the alignment ablation (face-api's 255 against dlib's 256). */
export function buildFaceApiRecognizerOnnx(weights: FaceApiWeights, inputScale = dlibInputScale): Uint8Array {
  const g = new OnnxGraphBuilder('faceapi_face_recognition_net');
  const e = new Emitter(g);
  const size = recognizerInputSize;
  const input = g.input('chips', 'uint8', ['batch', size, size, 3]);
  const nchw = g.node('Transpose', [g.node('Cast', [input], { to: 1 })], { perm: [0, 3, 1, 2] });

  const first = foldInputNormalisation(scaledConv(weights, 'conv32_down'), faceApiMeanRgb, inputScale);
  let x = e.conv(nchw, first, 2, valid, true);
  let side = Math.floor((size - 7) / 2) + 1;
  x = g.node('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2] });
  side = Math.floor((side - 3) / 2) + 1;

  const stages: readonly (readonly string[])[] = [
    ['conv32_1', 'conv32_2', 'conv32_3'],
    ['conv64_down', 'conv64_1', 'conv64_2', 'conv64_3'],
    ['conv128_down', 'conv128_1', 'conv128_2'],
    ['conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out'],
  ];
  for (const stage of stages) {
    for (const prefix of stage) {
      if (prefix.includes('down')) {
        const r = residualDown(e, weights, x, prefix, side);
        x = r.out;
        side = r.side;
      } else {
        x = residual(e, weights, x, prefix);
      }
    }
  }

  const pooled = g.node('ReduceMean', [x], { axes: [2, 3], keepdims: 0 });
  const fc = weights.get('fc');
  g.node('MatMul', [pooled, g.floats('fc', fc.data, fc.shape)], {}, 'descriptor');
  g.output('descriptor', 'float', ['batch', recognizerDimensions]);
  g.meta('source', `@vladmandic/face-api face_recognition_model sha256:${weights.sha256}`);
  return g.toBytes();
}
