/**
 * A small writer for ONNX model files (protobuf wire format), so that Vigil can re-express
 * published network weights as ONNX graphs for onnxruntime-node without a Python toolchain.
 * Only the parts of onnx.proto that graph building needs are encoded.
 */

const enum Wire {
  Varint = 0,
  Bytes = 2,
  Fixed32 = 5,
}

/** Accumulates protobuf fields; nested messages are encoded bottom-up. */
class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  private key(field: number, wire: Wire): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): this {
    this.key(field, Wire.Varint);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, Wire.Fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, Wire.Bytes);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

/** ONNX TensorProto.DataType values used here. */
export const OnnxType = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
export type OnnxElementType = keyof typeof OnnxType;

/**
 * Attribute values: a whole number is an INT, other numbers FLOAT; `{ float: 1 }` forces FLOAT,
 * a number array is INTS, `{ floats: [...] }` is FLOATS.
 */
export type AttributeValue = number | string | readonly number[] | { floats: readonly number[] } | { float: number };

/** A dimension is a fixed size or a symbolic name such as "batch". */
export type Dim = number | string;

export interface TensorValue {
  readonly type: OnnxElementType;
  readonly dims: readonly number[];
  readonly data: Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;
}

function tensorProto(name: string, t: TensorValue): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, OnnxType[t.type]);
  w.string(8, name);
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return w;
}

function valueInfo(name: string, type: OnnxElementType, dims: readonly Dim[]): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, OnnxType[type]).message(2, shape);
  const typeProto = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, name).message(2, typeProto);
}

function attribute(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if (typeof value === 'number') {
    if (Number.isInteger(value)) w.int(3, value).int(20, 2);
    else w.float(2, value).int(20, 1);
  } else if (typeof value === 'string') {
    w.string(4, value).int(20, 3);
  } else if ('floats' in value) {
    for (const f of value.floats) w.float(7, f);
    w.int(20, 6);
  } else if ('float' in value) {
    w.float(2, value.float).int(20, 1);
  } else {
    w.packedInts(8, value).int(20, 7);
  }
  return w;
}

/**
 * Builds one ONNX graph. Node outputs get unique generated names unless given.
 */
export class OnnxGraphBuilder {
  private readonly nodes: ProtoWriter[] = [];
  private readonly initializers: ProtoWriter[] = [];
  private readonly inputs: ProtoWriter[] = [];
  private readonly outputs: ProtoWriter[] = [];
  private readonly metadata = new Map<string, string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  input(name: string, type: OnnxElementType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: OnnxElementType, dims: readonly Dim[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  constant(prefix: string, tensor: TensorValue): string {
    const name = `${prefix}_${this.counter++}`;
    this.initializers.push(tensorProto(name, tensor));
    return name;
  }

  floats(prefix: string, data: Float32Array | readonly number[], dims: readonly number[]): string {
    const f = data instanceof Float32Array ? data : Float32Array.from(data);
    return this.constant(prefix, { type: 'float', dims, data: f });
  }

  int64s(prefix: string, data: readonly number[]): string {
    return this.constant(prefix, { type: 'int64', dims: [data.length], data: BigInt64Array.from(data.map(BigInt)) });
  }

  node(op: string, inputs: readonly string[], attrs: Record<string, AttributeValue> = {}, outputName?: string): string {
    const out = outputName ?? `${op.toLowerCase()}_${this.counter++}`;
    this.nodesMulti(op, inputs, [out], attrs);
    return out;
  }

  nodesMulti(
    op: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attrs: Record<string, AttributeValue> = {},
  ): readonly string[] {
    const w = new ProtoWriter();
    for (const i of inputs) w.string(1, i);
    for (const o of outputs) w.string(2, o);
    w.string(3, `${op}_${this.counter++}`);
    w.string(4, op);
    for (const [k, v] of Object.entries(attrs)) w.message(5, attribute(k, v));
    this.nodes.push(w);
    return outputs;
  }

  meta(key: string, value: string): void {
    this.metadata.set(key, value);
  }

  /** Serialises the model (IR version 8, default opset 17). */
  toBytes(opset = 17): Uint8Array {
    const graph = new ProtoWriter();
    for (const n of this.nodes) graph.message(1, n);
    graph.string(2, this.name);
    for (const t of this.initializers) graph.message(5, t);
    for (const i of this.inputs) graph.message(11, i);
    for (const o of this.outputs) graph.message(12, o);
    const model = new ProtoWriter().int(1, 8).string(2, 'vigil').string(3, '1');
    model.message(7, graph);
    model.message(8, new ProtoWriter().string(1, '').int(2, opset));
    for (const [k, v] of this.metadata) model.message(14, new ProtoWriter().string(1, k).string(2, v));
    return model.finish();
  }
}
