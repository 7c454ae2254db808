// A minimal ONNX protobuf encoder (no dependency): the few messages a small model needs, written
// straight to bytes. Pure; the thread probe (thread-probe-model.ts) builds its graph with it.

/** ONNX TensorProto.DataType values used here. */
export const ONNX_TYPE = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
export type OnnxType = (typeof ONNX_TYPE)[keyof typeof ONNX_TYPE];

export interface OnnxTensor {
  name: string;
  type: OnnxType;
  dims: readonly number[];
  /** Little-endian element bytes (TensorProto.raw_data). */
  raw: Uint8Array;
}

export type OnnxAttribute =
  | { name: string; int: number }
  | { name: string; float: number }
  | { name: string; ints: readonly number[] };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: readonly OnnxAttribute[];
}

/** A graph input or output: a name, an element type and a shape (a string is a symbolic dim). */
export interface OnnxValue {
  name: string;
  type: OnnxType;
  shape: ReadonlyArray<number | string>;
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValue[];
  outputs: readonly OnnxValue[];
  /** Default-domain opset. */
  opset: number;
}

const encoder = new TextEncoder();

/** Appends protobuf fields to a growing list of byte chunks. */
class Writer {
  readonly #chunks: Uint8Array[] = [];

  varint(value: number): this {
    // Non-negative values only (ONNX ints written here are dims, enums, lengths, versions).
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint ${value}`);
    const bytes: number[] = [];
    let v = value;
    while (v >= 0x80) {
      bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    bytes.push(v);
    this.#chunks.push(Uint8Array.from(bytes));
    return this;
  }

  #key(field: number, wire: 0 | 2 | 5): this {
    return this.varint(field * 8 + wire);
  }

  int(field: number, value: number): this {
    return this.#key(field, 0).varint(value);
  }

  bytes(field: number, value: Uint8Array): this {
    this.#key(field, 2).varint(value.length);
    this.#chunks.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  message(field: number, write: (w: Writer) => void): this {
    const inner = new Writer();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setFloat32(0, value, true);
    this.#key(field, 5);
    this.#chunks.push(out);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

/** Protobuf varint bytes of `value` (exported for the encoder's own tests). */
export function varintBytes(value: number): Uint8Array {
  return new Writer().varint(value).finish();
}

// Field numbers below are those of onnx.proto (IR version 8).

function tensor(w: Writer, t: OnnxTensor): void {
  for (const dim of t.dims) w.int(1, dim);
  w.int(2, t.type).string(8, t.name).bytes(9, t.raw);
}

function attribute(w: Writer, a: OnnxAttribute): void {
  w.string(1, a.name);
  // AttributeProto.AttributeType: FLOAT 1, INT 2, INTS 7.
  if ('int' in a) w.int(3, a.int).int(20, 2);
  else if ('float' in a) w.float(2, a.float).int(20, 1);
  else {
    for (const i of a.ints) w.int(8, i);
    w.int(20, 7);
  }
}

function node(w: Writer, n: OnnxNode, index: number): void {
  for (const input of n.inputs) w.string(1, input);
  for (const output of n.outputs) w.string(2, output);
  w.string(3, `${n.op}_${index}`).string(4, n.op);
  for (const a of n.attributes ?? []) w.message(5, (m) => attribute(m, a));
}

function valueInfo(w: Writer, v: OnnxValue): void {
  w.string(1, v.name).message(2, (type) =>
    type.message(1, (tensorType) =>
      tensorType.int(1, v.type).message(2, (shape) => {
        for (const dim of v.shape)
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
      }),
    ),
  );
}

/** The serialized ModelProto of `graph`, ready for `InferenceSession.create(bytes)`. */
export function encodeModel(graph: OnnxGraph, producer = 'sieve'): Uint8Array {
  return new Writer()
    .int(1, 8) // ir_version
    .string(2, producer)
    .message(7, (g) => {
      graph.nodes.forEach((n, i) => g.message(1, (m) => node(m, n, i)));
      g.string(2, graph.name);
      for (const t of graph.initializers) g.message(5, (m) => tensor(m, t));
      for (const v of graph.inputs) g.message(11, (m) => valueInfo(m, v));
      for (const v of graph.outputs) g.message(12, (m) => valueInfo(m, v));
    })
    .message(8, (o) => o.string(1, '').int(2, graph.opset))
    .finish();
}
