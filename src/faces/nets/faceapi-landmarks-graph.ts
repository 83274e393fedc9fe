/**
 * Face-api's FaceLandmark68Net (112x112 in, 68 points out) as an ONNX graph. Pure: weights in,
 * model bytes out.
 *
 * The net (faceFeatureExtractor/FaceFeatureExtractor.ts, denseBlock.ts) is four dense blocks; each
 * starts with a stride-2 conv (a plain 3x3 conv in the first block, depthwise-separable after),
 * then three separable convs whose inputs are relu'd running sums of the earlier outputs. Every
 * conv is TensorFlow 'same': for stride 2 on an even side that pads one pixel at the bottom/right
 * only. A 7x7/2 'valid' average pool (over the 7x7 map: a global mean) and a fully connected layer
 * give 136 values, x/y interleaved, relative to the 112x112 input.
 *
 * The graph's input is the already normalised image, (rgb - mean) / 255 as float32 NCHW, because
 * the zero padding of the first conv acts on normalised values and so cannot be folded into it.
 */
import { tfDepthwiseToOnnx, tfFilterToOnnx } from './tf-layout.ts';
import type { FaceApiWeights } from './faceapi-weights.ts';
import { OnnxGraphBuilder } from './onnx-builder.ts';

export const landmarksInputSize = 112;
export const landmarkCount = 68;

/** TF 'same' padding for a 3x3 kernel: stride 1 pads all sides, stride 2 (even side) bottom/right only. */
function samePads(stride: number): number[] {
  return stride === 1 ? [1, 1, 1, 1] : [0, 0, 1, 1];
}

function conv(g: OnnxGraphBuilder, w: FaceApiWeights, x: string, prefix: string, stride: number): string {
  const f = tfFilterToOnnx(w.get(`${prefix}/filters`), prefix);
  const b = w.get(`${prefix}/bias`).data;
  const inputs = [x, g.floats('w', f.data, f.dims), g.floats('b', b, [b.length])];
  return g.node('Conv', inputs, {
    kernel_shape: [f.dims[2], f.dims[3]],
    strides: [stride, stride],
    pads: samePads(stride),
  });
}

/** tf.separableConv2d(depthwise, pointwise, 'same') + bias. */
function separable(g: OnnxGraphBuilder, w: FaceApiWeights, x: string, prefix: string, stride: number): string {
  const d = tfDepthwiseToOnnx(w.get(`${prefix}/depthwise_filter`), prefix);
  const p = tfFilterToOnnx(w.get(`${prefix}/pointwise_filter`), prefix);
  const b = w.get(`${prefix}/bias`).data;
  const dw = g.node('Conv', [x, g.floats('dw', d.data, d.dims)], {
    kernel_shape: [d.dims[2], d.dims[3]],
    strides: [stride, stride],
    pads: samePads(stride),
    group: d.dims[0],
  });
  return g.node('Conv', [dw, g.floats('pw', p.data, p.dims), g.floats('b', b, [b.length])], { kernel_shape: [1, 1] });
}

function denseBlock4(g: OnnxGraphBuilder, w: FaceApiWeights, x: string, prefix: string, first: boolean): string {
  const relu = (v: string): string => g.node('Relu', [v]);
  const add = (a: string, b: string): string => g.node('Add', [a, b]);
  const out1 = relu(first ? conv(g, w, x, `${prefix}/conv0`, 2) : separable(g, w, x, `${prefix}/conv0`, 2));
  const out2 = separable(g, w, out1, `${prefix}/conv1`, 1);
  const sum12 = add(out1, out2);
  const out3 = separable(g, w, relu(sum12), `${prefix}/conv2`, 1);
  const sum123 = add(sum12, out3);
  const out4 = separable(g, w, relu(sum123), `${prefix}/conv3`, 1);
  return relu(add(sum123, out4));
}

/**
 * Builds the landmark net: input `image` float32 [batch, 3, 112, 112], normalised as
 * (rgb - [122.782, 117.001, 104.298]) / 255; output `landmarks` float32 [batch, 136], x0 y0 x1 y1 ...
 * as fractions of the 112x112 input.
 */
export function buildFaceApiLandmarksOnnx(weights: FaceApiWeights): Uint8Array {
  const g = new OnnxGraphBuilder('faceapi_face_landmark_68_net');
  const size = landmarksInputSize;
  let x = g.input('image', 'float', ['batch', 3, size, size]);
  x = denseBlock4(g, weights, x, 'dense0', true);
  for (const block of ['dense1', 'dense2', 'dense3']) x = denseBlock4(g, weights, x, block, false);
  const pooled = g.node('Flatten', [g.node('GlobalAveragePool', [x])], { axis: 1 });
  const fcW = weights.get('fc/weights');
  const fcB = weights.get('fc/bias');
  g.node('Gemm', [pooled, g.floats('fc', fcW.data, fcW.shape), g.floats('fcb', fcB.data, fcB.shape)], {}, 'landmarks');
  g.output('landmarks', 'float', ['batch', landmarkCount * 2]);
  g.meta('source', `@vladmandic/face-api face_landmark_68_model sha256:${weights.sha256}`);
  return g.toBytes();
}
