/**
 * Converts a TensorFlow.js graph model (as read by tfjs-graph-model.ts) to an ONNX graph through
 * the project's onnx-builder. Pure: model in, ONNX bytes out.
 *
 * TensorFlow works in NHWC, ONNX convolutions in NCHW. The graph input stays NHWC (as the TF.js
 * model takes it) and is transposed once; every 4-d image tensor then lives as NCHW ("nchw"
 * layout), and is transposed back only where its memory order matters (Reshape, and 4-d graph
 * outputs), so outputs are element-for-element those of TF.js. Other tensors keep TF's layout.
 *
 * The ops are those of MediaPipe BlazeFace, FaceMesh and Iris as converted for TF.js:
 * _FusedConv2D (BiasAdd with an optional Relu/Relu6/Prelu), DepthwiseConv2dNative, AddV2, Relu,
 * Prelu, Sigmoid, MaxPool, Pad, Reshape, ConcatV2, Identity. 'SAME' padding is TensorFlow's (the
 * extra pixel after), which is ONNX's SAME_UPPER. Any other op is an error naming it.
 */
import { OnnxGraphBuilder } from './onnx-builder.ts';
import type { TfjsConstant, TfjsGraphModel, TfjsNode } from './tfjs-graph-model.ts';

type Layout = 'nchw' | 'tf';
/** A converted tensor: its ONNX name, layout and TF shape (-1 for the batch). */
interface Value {
  readonly name: string;
  readonly layout: Layout;
  readonly shape: readonly number[];
}

export interface TfjsToOnnxOptions {
  /** ONNX graph name. */
  readonly name: string;
  /** ONNX output name -> TF node name. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Recorded as the model's `source` metadata. */
  readonly source?: string;
}

const toNchw = [0, 3, 1, 2];
const toNhwc = [0, 2, 3, 1];
/** Where a TF NHWC axis lives in NCHW. */
const nhwcAxisInNchw = [0, 2, 3, 1];

function decodeString(s: string | undefined): string {
  return s === undefined ? '' : Buffer.from(s, 'base64').toString('utf8');
}

function attrInts(node: TfjsNode, key: string): number[] {
  return (node.attr?.[key]?.list?.i ?? []).map(Number);
}

function attrString(node: TfjsNode, key: string): string {
  return decodeString(node.attr?.[key]?.s);
}

function attrStrings(node: TfjsNode, key: string): string[] {
  return (node.attr?.[key]?.list?.s ?? []).map(decodeString);
}

/** Output side of a TF conv/pool along one axis. */
function outSide(inSide: number, k: number, stride: number, padding: string): number {
  if (inSide < 0) return -1;
  return padding === 'SAME' ? Math.ceil(inSide / stride) : Math.floor((inSide - k) / stride) + 1;
}

function padAttrs(padding: string, node: TfjsNode): Record<string, string | number[]> {
  if (padding === 'SAME') return { auto_pad: 'SAME_UPPER' };
  if (padding === 'VALID') return { pads: [0, 0, 0, 0] };
  throw new Error(`${node.name}: padding ${padding} is not supported`);
}

export function convertTfjsGraph(model: TfjsGraphModel, options: TfjsToOnnxOptions): Uint8Array {
  const g = new OnnxGraphBuilder(options.name);
  const values = new Map<string, Value>();
  const byName = new Map(model.nodes.map((n) => [n.name, n]));

  const constant = (name: string): TfjsConstant => {
    const c = model.constants.get(name);
    if (!c) throw new Error(`${model.name}: no constant named ${name}`);
    return c;
  };
  const floatsOf = (c: TfjsConstant): Float32Array =>
    c.data instanceof Float32Array ? c.data : Float32Array.from(c.data);
  const isConst = (name: string) => byName.get(name)?.op === 'Const';
  const inputName = (raw: string) => raw.replace(/:0$/, '');
  const value = (raw: string): Value => {
    const name = inputName(raw);
    const v = values.get(name);
    if (v) return v;
    if (isConst(name)) {
      const c = constant(name);
      const onnx =
        c.dtype === 'int32'
          ? g.constant('c', { type: 'int32', dims: c.shape, data: c.data as Int32Array })
          : g.floats('c', floatsOf(c), c.shape);
      const made: Value = { name: onnx, layout: 'tf', shape: c.shape };
      values.set(name, made);
      return made;
    }
    throw new Error(`${model.name}: node ${name} is used before it is defined`);
  };
  /** A per-channel constant ([C] or [1, 1, C]) reshaped to broadcast over NCHW: [C, 1, 1]. */
  const channelConst = (raw: string): string => {
    const c = constant(inputName(raw));
    const channels = c.shape.length === 0 ? 1 : c.shape[c.shape.length - 1]!;
    if (c.data.length !== channels) throw new Error(`${raw}: expected a per-channel constant`);
    return g.floats('ch', floatsOf(c), [channels, 1, 1]);
  };
  const nhwc = (v: Value): string => (v.layout === 'nchw' ? g.node('Transpose', [v.name], { perm: toNhwc }) : v.name);

  for (const node of model.nodes) {
    const ins = node.input ?? [];
    const set = (name: string, layout: Layout, shape: readonly number[]) =>
      values.set(node.name, { name, layout, shape });
    switch (node.op) {
      case 'Const':
        break;
      case 'Placeholder': {
        const dims = (node.attr?.['shape'] as { shape?: { dim?: { size?: string }[] } } | undefined)?.shape?.dim ?? [];
        const shape = dims.map((d) => Number(d.size ?? -1));
        if (shape.length !== 4) throw new Error(`${node.name}: only 4-d NHWC inputs are supported`);
        const onnxDims = shape.map((d, i) => (d < 0 || i === 0 ? 'batch' : d));
        const x = g.input(node.name, 'float', onnxDims);
        set(g.node('Transpose', [x], { perm: toNchw }), 'nchw', [-1, shape[1]!, shape[2]!, shape[3]!]);
        break;
      }
      case '_FusedConv2D':
      case 'DepthwiseConv2dNative': {
        const x = value(ins[0]!);
        if (x.layout !== 'nchw') throw new Error(`${node.name}: convolution of a non-image tensor`);
        const filter = constant(inputName(ins[1]!));
        const [kh, kw, cin, m] = filter.shape as [number, number, number, number];
        const strides = attrInts(node, 'strides');
        const dilations = attrInts(node, 'dilations');
        const padding = attrString(node, 'padding');
        const depthwise = node.op === 'DepthwiseConv2dNative';
        if (depthwise && m !== 1) throw new Error(`${node.name}: depth multiplier ${m} is not supported`);
        const cout = depthwise ? cin : m;
        const w = new Float32Array(filter.data.length);
        const f = filter.data;
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++)
            for (let i = 0; i < cin; i++)
              for (let o = 0; o < m; o++) {
                const src = ((a * kw + b) * cin + i) * m + o;
                // ONNX: [out, in/group, kh, kw]; depthwise: out = i (m == 1), in/group = 1.
                const dst = depthwise ? (i * kh + a) * kw + b : ((o * cin + i) * kh + a) * kw + b;
                w[dst] = f[src]!;
              }
        const inputs = [x.name, g.floats('w', w, depthwise ? [cin, 1, kh, kw] : [cout, cin, kh, kw])];
        const fused = node.op === '_FusedConv2D' ? attrStrings(node, 'fused_ops') : [];
        if (fused[0] === 'BiasAdd') inputs.push(g.floats('b', floatsOf(constant(inputName(ins[2]!))), [cout]));
        else if (fused.length > 0) throw new Error(`${node.name}: fused ops ${fused.join(',')} are not supported`);
        let y = g.node('Conv', inputs, {
          kernel_shape: [kh, kw],
          strides: [strides[1] ?? 1, strides[2] ?? 1],
          dilations: [dilations[1] ?? 1, dilations[2] ?? 1],
          ...(depthwise ? { group: cin } : {}),
          ...padAttrs(padding, node),
        });
        const activation = fused[1];
        if (activation === 'Relu') y = g.node('Relu', [y]);
        else if (activation === 'Relu6') y = g.node('Clip', [y, g.floats('lo', [0], []), g.floats('hi', [6], [])]);
        else if (activation === 'Prelu') y = g.node('PRelu', [y, channelConst(ins[3]!)]);
        else if (activation !== undefined) throw new Error(`${node.name}: fused ${activation} is not supported`);
        const [n, h, wd] = x.shape as [number, number, number];
        set(y, 'nchw', [n, outSide(h, kh, strides[1] ?? 1, padding), outSide(wd, kw, strides[2] ?? 1, padding), cout]);
        break;
      }
      case 'MaxPool': {
        const x = value(ins[0]!);
        const k = attrInts(node, 'ksize');
        const s = attrInts(node, 'strides');
        const padding = attrString(node, 'padding');
        const y = g.node('MaxPool', [x.name], {
          kernel_shape: [k[1]!, k[2]!],
          strides: [s[1]!, s[2]!],
          ...padAttrs(padding, node),
        });
        const [n, h, w, c] = x.shape as [number, number, number, number];
        set(y, 'nchw', [n, outSide(h, k[1]!, s[1]!, padding), outSide(w, k[2]!, s[2]!, padding), c]);
        break;
      }
      case 'AddV2': {
        const [a, b] = ins.map(inputName) as [string, string];
        if (isConst(a) || isConst(b)) {
          const x = value(isConst(a) ? b : a);
          const c = isConst(a) ? a : b;
          set(g.node('Add', [x.name, x.layout === 'nchw' ? channelConst(c) : value(c).name]), x.layout, x.shape);
        } else {
          const x = value(a);
          const y = value(b);
          if (x.layout !== y.layout) throw new Error(`${node.name}: adding tensors of different layouts`);
          set(g.node('Add', [x.name, y.name]), x.layout, x.shape);
        }
        break;
      }
      case 'Relu':
      case 'Sigmoid':
      case 'Identity': {
        const x = value(ins[0]!);
        set(node.op === 'Identity' ? x.name : g.node(node.op, [x.name]), x.layout, x.shape);
        break;
      }
      case 'Prelu': {
        const x = value(ins[0]!);
        const alpha = x.layout === 'nchw' ? channelConst(ins[1]!) : value(ins[1]!).name;
        set(g.node('PRelu', [x.name, alpha]), x.layout, x.shape);
        break;
      }
      case 'Pad': {
        const x = value(ins[0]!);
        const p = constant(inputName(ins[1]!)).data;
        const rank = x.shape.length;
        const axes = x.layout === 'nchw' ? toNchw : Array.from({ length: rank }, (_, i) => i);
        // ONNX pads: all begins (in ONNX axis order), then all ends.
        const pads = [...axes.map((a) => Number(p[2 * a])), ...axes.map((a) => Number(p[2 * a + 1]))];
        const y = g.node('Pad', [x.name, g.int64s('pads', pads)], { mode: 'constant' });
        set(
          y,
          x.layout,
          x.shape.map((d, i) => (d < 0 ? d : d + Number(p[2 * i]) + Number(p[2 * i + 1]))),
        );
        break;
      }
      case 'Reshape': {
        const x = value(ins[0]!);
        const shape = Array.from(constant(inputName(ins[1]!)).data, Number);
        set(g.node('Reshape', [nhwc(x), g.int64s('shape', shape)]), 'tf', shape);
        break;
      }
      case 'ConcatV2': {
        const parts = ins.slice(0, -1).map(value);
        const axisRaw = Number(constant(inputName(ins[ins.length - 1]!)).data[0]);
        const first = parts[0]!;
        const rank = first.shape.length;
        const axis = axisRaw < 0 ? axisRaw + rank : axisRaw;
        const layout = first.layout;
        if (parts.some((v) => v.layout !== layout)) throw new Error(`${node.name}: mixed layouts`);
        const y = g.node(
          'Concat',
          parts.map((v) => v.name),
          { axis: layout === 'nchw' ? nhwcAxisInNchw[axis]! : axis },
        );
        const shape = first.shape.map((d, i) => (i === axis ? parts.reduce((s, v) => s + v.shape[i]!, 0) : d));
        set(y, layout, shape);
        break;
      }
      default:
        throw new Error(`${model.name}: TF op ${node.op} (${node.name}) is not supported by the converter`);
    }
  }

  for (const [onnxName, tfName] of Object.entries(options.outputs)) {
    const v = values.get(tfName);
    if (!v) throw new Error(`${model.name}: no node ${tfName} to output`);
    g.node('Identity', [nhwc(v)], {}, onnxName);
    g.output(
      onnxName,
      'float',
      v.shape.map((d, i) => (d < 0 || i === 0 ? 'batch' : d)),
    );
  }
  g.meta('source', options.source ?? `${model.name} sha256:${model.sha256}`);
  return g.toBytes();
}
