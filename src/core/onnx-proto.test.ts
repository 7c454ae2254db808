// The hand-written ONNX encoder read back by an independent decoder (onnx-proto, protobufjs).
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { encodeModel, ONNX_TYPE, varintBytes } from './onnx-proto';

const { onnx } = onnxProto;

describe('onnx-proto encoder', () => {
  it('writes protobuf varints', () => {
    expect([...varintBytes(0)]).toEqual([0]);
    expect([...varintBytes(127)]).toEqual([127]);
    expect([...varintBytes(300)]).toEqual([0xac, 0x02]);
    expect([...varintBytes(2 ** 32)]).toEqual([0x80, 0x80, 0x80, 0x80, 0x10]);
    expect(() => varintBytes(-1)).toThrow(RangeError);
  });

  it('encodes a model that onnx-proto decodes field for field', () => {
    const raw = Uint8Array.from([1, 0xff, 3, 4, 5, 6]);
    const bytes = encodeModel({
      name: 'g',
      nodes: [
        { op: 'Cast', inputs: ['x'], outputs: ['c'], attributes: [{ name: 'to', int: 1 }] },
        {
          op: 'LeakyRelu',
          inputs: ['c'],
          outputs: ['y'],
          attributes: [{ name: 'alpha', float: 0.25 }],
        },
      ],
      initializers: [{ name: 'w', type: ONNX_TYPE.int8, dims: [2, 3], raw }],
      inputs: [{ name: 'x', type: ONNX_TYPE.int32, shape: ['rows', 3] }],
      outputs: [{ name: 'y', type: ONNX_TYPE.float, shape: ['rows', 3] }],
      opset: 17,
    });
    const model = onnx.ModelProto.decode(bytes);
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => Number(o.version))).toEqual([17]);
    const graph = model.graph as InstanceType<typeof onnx.GraphProto>;
    expect(graph.name).toBe('g');
    expect(graph.node.map((n) => [n.opType, n.input, n.output])).toEqual([
      ['Cast', ['x'], ['c']],
      ['LeakyRelu', ['c'], ['y']],
    ]);
    const [to] = graph.node[0]!.attribute ?? [];
    expect([to!.name, Number(to!.i), to!.type]).toEqual([
      'to',
      1,
      onnx.AttributeProto.AttributeType.INT,
    ]);
    const [alpha] = graph.node[1]!.attribute ?? [];
    expect([alpha!.f, alpha!.type]).toEqual([0.25, onnx.AttributeProto.AttributeType.FLOAT]);
    const [w] = graph.initializer;
    expect(w!.dims?.map(Number)).toEqual([2, 3]);
    expect(w!.dataType).toBe(onnx.TensorProto.DataType.INT8);
    expect([...(w!.rawData ?? [])]).toEqual([...raw]);
    const input = graph.input[0]!.type!.tensorType!;
    expect(input.elemType).toBe(onnx.TensorProto.DataType.INT32);
    expect(input.shape!.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['rows', 3]);
    expect(graph.output[0]!.name).toBe('y');
  });
});
