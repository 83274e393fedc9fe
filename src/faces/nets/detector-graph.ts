/**
 * Graph-building helpers shared by the face-api detector graphs (SSD MobileNetV1, Tiny Face
 * Detector): TensorFlow-layout weights to ONNX layout, and face-api's input preparation
 * (`NetInput.toBatchTensor`) expressed as graph nodes.
 */
import type { OnnxGraphBuilder } from './onnx-builder.ts';

export interface ConvSpec {
  readonly weights: { data: Float32Array; dims: readonly number[] };
  readonly bias?: Float32Array;
  readonly stride?: number;
  /** 'same' is TensorFlow's (extra padding at the end), 'valid' none, a number pads every side. */
  readonly padding: 'same' | 'valid' | number;
  readonly group?: number;
}

/** Adds a Conv node. */
export function conv(g: OnnxGraphBuilder, x: string, spec: ConvSpec): string {
  const [, , kh, kw] = spec.weights.dims;
  const stride = spec.stride ?? 1;
  const inputs = [x, g.floats('w', spec.weights.data, spec.weights.dims)];
  if (spec.bias) inputs.push(g.floats('b', spec.bias, [spec.bias.length]));
  const attrs: Record<string, number | string | number[]> = {
    kernel_shape: [kh ?? 1, kw ?? 1],
    strides: [stride, stride],
    group: spec.group ?? 1,
  };
  if (spec.padding === 'same') attrs['auto_pad'] = 'SAME_UPPER';
  else if (typeof spec.padding === 'number') attrs['pads'] = [spec.padding, spec.padding, spec.padding, spec.padding];
  return g.node('Conv', inputs, attrs);
}

/** TensorFlow 'same' max pooling (padding only at the end; padded cells never win). */
export function maxPoolSame(g: OnnxGraphBuilder, x: string, kernel: number, stride: number): string {
  return g.node('MaxPool', [x], { kernel_shape: [kernel, kernel], strides: [stride, stride], auto_pad: 'SAME_UPPER' });
}

/**
 * Graph inputs and nodes for face-api's `toBatchTensor(size, false)` on a tensor input:
 * `image` is uint8 [1, H, W, 3] (RGB, any size); it is made planar, zero-padded by `pads`
 * (int64 [8], NCHW order, see {@link squarePads}) to a square at the bottom or right, then
 * resized as TensorFlow's resizeBilinear (align_corners=false, half_pixel_centers=false, which is
 * ONNX 'asymmetric') to [1, 3, size, size] float 0..255.
 */
export function faceApiInput(g: OnnxGraphBuilder, size: number): string {
  const image = g.input('image', 'uint8', [1, 'height', 'width', 3]);
  const pads = g.input('pads', 'int64', [8]);
  const planar = g.node('Transpose', [image], { perm: [0, 3, 1, 2] });
  const square = g.node('Pad', [planar, pads], { mode: 'constant' });
  const f = g.node('Cast', [square], { to: 1 });
  return g.node('Resize', [f, '', '', g.int64s('sizes', [1, 3, size, size])], {
    mode: 'linear',
    coordinate_transformation_mode: 'asymmetric',
  });
}

/** The `pads` input for {@link faceApiInput}: face-api pads the shorter side at its end. */
export function squarePads(width: number, height: number): BigInt64Array {
  const side = Math.max(width, height);
  return BigInt64Array.from([0n, 0n, 0n, 0n, 0n, 0n, BigInt(side - height), BigInt(side - width)]);
}

/**
 * Face-api maps detections back through `computeReshapedDimensions`: the image's size once its
 * longer side is scaled to `inputSize`, rounded. Relative coordinates in the padded square are
 * multiplied by `inputSize / reshaped` to become relative to the image.
 */
export function reshapedCorrection(width: number, height: number, inputSize: number): { x: number; y: number } {
  const scale = inputSize / Math.max(width, height);
  return { x: inputSize / Math.round(width * scale), y: inputSize / Math.round(height * scale) };
}
