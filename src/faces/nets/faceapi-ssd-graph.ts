/**
 * Face-api's SSD MobileNetV1 face detector re-expressed as an ONNX graph, layer for layer after
 * face-api's `ssdMobilenetv1/` (mobileNetV1.ts, predictionLayer.ts, boxPredictionLayer.ts).
 *
 * Inputs: `image` uint8 [1, H, W, 3] RGB and `pads` int64 [8] (see detector-graph.ts).
 * Outputs: `box_encodings` [1, 5118, 4] (raw offsets, decoded against the anchors in TS) and
 * `scores` [1, 5118] (sigmoid of the face class logit).
 */
import { OnnxGraphBuilder } from './onnx-builder.ts';
import type { FaceApiWeights } from './faceapi-weights.ts';
import { conv, faceApiInput } from './detector-graph.ts';
import { tfDepthwiseToOnnx, tfFilterToOnnx } from './tf-layout.ts';

export const SSD_INPUT_SIZE = 512;
export const SSD_ANCHOR_COUNT = 5118;
/** Face-api's batch-norm epsilon for the depthwise layers (mobileNetV1.ts). */
const BN_EPSILON = 0.0010000000474974513;

function clip6(g: OnnxGraphBuilder, x: string, zero: string, six: string): string {
  return g.node('Clip', [x, zero, six]);
}

export function buildSsdGraph(w: FaceApiWeights): Uint8Array {
  const g = new OnnxGraphBuilder('faceapi_ssd_mobilenetv1');
  const zero = g.floats('zero', [0], []);
  const six = g.floats('six', [6], []);

  // face-api: x / 127.5 - 1 on the padded, resized image
  const raw = faceApiInput(g, SSD_INPUT_SIZE);
  const scaled = g.node('Mul', [raw, g.floats('inv127_5', [1 / 127.5], [])]);
  const x = g.node('Sub', [scaled, g.floats('one', [1], [])]);

  /** conv + batch-norm offset + relu6 (pointwiseConvLayer.ts; filters may be 3x3). */
  const pointwise = (input: string, prefix: string, stride: number): string => {
    const weights = tfFilterToOnnx(w.get(`${prefix}/weights`));
    const bias = w.get(`${prefix}/convolution_bn_offset`).data;
    return clip6(g, conv(g, input, { weights, bias, stride, padding: 'same' }), zero, six);
  };

  /** depthwise conv + batch norm (folded) + relu6. */
  const depthwise = (input: string, idx: number, stride: number): string => {
    const prefix = `MobilenetV1/Conv2d_${idx}_depthwise`;
    const filt = tfDepthwiseToOnnx(w.get(`${prefix}/depthwise_weights`));
    const gamma = w.get(`${prefix}/BatchNorm/gamma`).data;
    const beta = w.get(`${prefix}/BatchNorm/beta`).data;
    const mean = w.get(`${prefix}/BatchNorm/moving_mean`).data;
    const variance = w.get(`${prefix}/BatchNorm/moving_variance`).data;
    const channels = gamma.length;
    const per = filt.data.length / channels;
    const data = new Float32Array(filt.data.length);
    const bias = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      const k = gamma[c]! / Math.sqrt(variance[c]! + BN_EPSILON);
      for (let i = 0; i < per; i++) data[c * per + i] = filt.data[c * per + i]! * k;
      bias[c] = beta[c]! - mean[c]! * k;
    }
    const y = conv(g, input, { weights: { data, dims: filt.dims }, bias, stride, padding: 'same', group: channels });
    return clip6(g, y, zero, six);
  };

  // MobileNetV1 body
  let out = pointwise(x, 'MobilenetV1/Conv2d_0_pointwise', 2);
  let conv11 = '';
  for (let idx = 1; idx <= 13; idx++) {
    const stride = [2, 4, 6, 12].includes(idx) ? 2 : 1;
    out = depthwise(out, idx, stride);
    out = pointwise(out, `MobilenetV1/Conv2d_${idx}_pointwise`, 1);
    if (idx === 11) conv11 = out;
  }

  // prediction layer
  const p = (input: string, idx: number, stride: number) =>
    pointwise(input, `Prediction/Conv2d_${idx}_pointwise`, stride);
  const c0 = p(out, 0, 1);
  const c1 = p(c0, 1, 2);
  const c3 = p(p(c1, 2, 1), 3, 2);
  const c5 = p(p(c3, 4, 1), 5, 2);
  const c7 = p(p(c5, 6, 1), 7, 2);

  const boxParts: string[] = [];
  const classParts: string[] = [];
  const features = [conv11, out, c1, c3, c5, c7];
  features.forEach((feature, idx) => {
    const head = (kind: string, width: number): string => {
      const prefix = `Prediction/BoxPredictor_${idx}/${kind}`;
      const y = conv(g, feature, {
        weights: tfFilterToOnnx(w.get(`${prefix}/weights`)),
        bias: w.get(`${prefix}/biases`).data,
        padding: 'same',
      });
      // TF reshapes the NHWC map, so anchors run over (row, column, anchor)
      const nhwc = g.node('Transpose', [y], { perm: [0, 2, 3, 1] });
      return g.node('Reshape', [nhwc, g.int64s('shape', [1, -1, width])]);
    };
    boxParts.push(head('BoxEncodingPredictor', 4));
    classParts.push(head('ClassPredictor', 3));
  });

  g.node('Concat', boxParts, { axis: 1 }, 'box_encodings');
  const classes = g.node('Concat', classParts, { axis: 1 });
  const faceLogit = g.node('Slice', [classes, g.int64s('start', [1]), g.int64s('end', [2]), g.int64s('axes', [2])]);
  const squeezed = g.node('Squeeze', [faceLogit, g.int64s('axes', [2])]);
  g.node('Sigmoid', [squeezed], {}, 'scores');

  g.output('box_encodings', 'float', [1, SSD_ANCHOR_COUNT, 4]);
  g.output('scores', 'float', [1, SSD_ANCHOR_COUNT]);
  g.meta('source', `face-api ssd_mobilenetv1_model sha256 ${w.sha256}`);
  return g.toBytes();
}
