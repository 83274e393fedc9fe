/**
 * Face-api's Tiny Face Detector (a Tiny-YOLOv2 variant with depthwise-separable convolutions) as
 * an ONNX graph, after face-api's `tinyYolov2/TinyYolov2Base.runMobilenet` with the tiny face
 * detector's config (first layer a plain 'valid' 3x3 conv, no conv6/conv7).
 *
 * Inputs: `image` uint8 [1, H, W, 3] RGB and `pads` int64 [8] (see detector-graph.ts).
 * Output: `grid` [1, 25, S/32, S/32]: per cell, 5 anchors x (tx, ty, tw, th, objectness logit).
 */
import { OnnxGraphBuilder } from './onnx-builder.ts';
import type { FaceApiWeights } from './faceapi-weights.ts';
import { conv, faceApiInput, maxPoolSame } from './detector-graph.ts';
import { tfDepthwiseToOnnx, tfFilterToOnnx } from './tf-layout.ts';

/** Face-api's mean RGB for the tiny face detector (tinyFaceDetector/const.ts). */
export const TINY_MEAN_RGB = [117.001, 114.697, 97.404] as const;
/** Anchor sizes in grid cells (width, height). */
export const TINY_ANCHORS: readonly (readonly [number, number])[] = [
  [1.603231, 2.094468],
  [6.041143, 7.080126],
  [2.882459, 3.518061],
  [4.266906, 5.178857],
  [9.041765, 10.66308],
];
export const TINY_IOU_THRESHOLD = 0.4;

export function buildTinyGraph(w: FaceApiWeights, inputSize: number): Uint8Array {
  if (!Number.isInteger(inputSize) || inputSize % 32 !== 0 || inputSize <= 0) {
    throw new Error(`tiny face detector input size must be a positive multiple of 32, got ${inputSize}`);
  }
  const g = new OnnxGraphBuilder('faceapi_tiny_face_detector');
  const leaky = (x: string) => g.node('LeakyRelu', [x], { alpha: { float: 0.10000000149011612 } });

  const x = faceApiInput(g, inputSize);

  // conv0 is 'valid', so face-api's (x - mean) / 255 folds exactly into its weights and bias.
  const c0 = tfFilterToOnnx(w.get('conv0/filters'));
  const [cout, cin, kh, kw] = c0.dims as [number, number, number, number];
  const bias0 = Float32Array.from(w.get('conv0/bias').data);
  const weights0 = new Float32Array(c0.data.length);
  for (let o = 0; o < cout; o++) {
    for (let i = 0; i < cin; i++) {
      for (let k = 0; k < kh * kw; k++) {
        const idx = (o * cin + i) * kh * kw + k;
        weights0[idx] = c0.data[idx]! / 255;
        bias0[o] = bias0[o]! - (c0.data[idx]! * TINY_MEAN_RGB[i]!) / 255;
      }
    }
  }
  let out = leaky(conv(g, x, { weights: { data: weights0, dims: c0.dims }, bias: bias0, padding: 'valid' }));

  /** pad 1, depthwise 3x3 (no bias), pointwise 1x1 + bias, leaky (depthwiseSeparableConv.ts). */
  const separable = (input: string, name: string): string => {
    const dw = tfDepthwiseToOnnx(w.get(`${name}/depthwise_filter`));
    const channels = dw.dims[0]!;
    const d = conv(g, input, { weights: dw, padding: 1, group: channels });
    const p = conv(g, d, {
      weights: tfFilterToOnnx(w.get(`${name}/pointwise_filter`)),
      bias: w.get(`${name}/bias`).data,
      padding: 'valid',
    });
    return leaky(p);
  };

  for (const name of ['conv1', 'conv2', 'conv3', 'conv4', 'conv5']) {
    out = maxPoolSame(g, out, 2, 2);
    out = separable(out, name);
  }
  out = maxPoolSame(g, out, 2, 1);
  const grid = conv(g, out, {
    weights: tfFilterToOnnx(w.get('conv8/filters')),
    bias: w.get('conv8/bias').data,
    padding: 'valid',
  });
  g.node('Identity', [grid], {}, 'grid');
  const cells = inputSize / 32;
  g.output('grid', 'float', [1, TINY_ANCHORS.length * 5, cells, cells]);
  g.meta('source', `face-api tiny_face_detector_model sha256 ${w.sha256}; input ${inputSize}`);
  return g.toBytes();
}
