/** Weight layout conversion from TensorFlow.js (filters [h, w, in, out]) to ONNX ([out, in, h, w]). */
import type { WeightTensor } from './faceapi-weights.ts';

function shape4(t: WeightTensor, name: string): [number, number, number, number] {
  const [h, w, i, o] = t.shape;
  if (t.shape.length !== 4 || h === undefined || w === undefined || i === undefined || o === undefined) {
    throw new Error(`${name}: expected a 4-d filter, got [${t.shape.join(', ')}]`);
  }
  return [h, w, i, o];
}

/** TF conv filter [h, w, in, out] to ONNX [out, in, h, w]. */
export function tfFilterToOnnx(
  t: WeightTensor,
  name = 'filter',
): { data: Float32Array; dims: [number, number, number, number] } {
  const [h, w, cin, cout] = shape4(t, name);
  const out = new Float32Array(t.data.length);
  for (let kh = 0; kh < h; kh++) {
    for (let kw = 0; kw < w; kw++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) {
          out[((o * cin + i) * h + kh) * w + kw] = t.data[((kh * w + kw) * cin + i) * cout + o]!;
        }
      }
    }
  }
  return { data: out, dims: [cout, cin, h, w] };
}

/** TF depthwise filter [h, w, c, 1] to ONNX grouped-conv weight [c, 1, h, w]. */
export function tfDepthwiseToOnnx(
  t: WeightTensor,
  name = 'depthwise',
): { data: Float32Array; dims: [number, number, number, number] } {
  const [h, w, c, m] = shape4(t, name);
  if (m !== 1) throw new Error(`${name}: depth multiplier ${m} is not supported`);
  const out = new Float32Array(t.data.length);
  for (let kh = 0; kh < h; kh++) {
    for (let kw = 0; kw < w; kw++) {
      for (let i = 0; i < c; i++) out[(i * h + kh) * w + kw] = t.data[(kh * w + kw) * c + i]!;
    }
  }
  return { data: out, dims: [c, 1, h, w] };
}
