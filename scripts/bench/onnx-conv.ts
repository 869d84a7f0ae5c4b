/**
 * A real convolution library as the conv reference: ONNX Runtime's CPU provider (its MLAS
 * kernels, onnxruntime-node) running a one-node Conv model. The model is encoded here, a few
 * protobuf fields by hand, because no ONNX writer is among the dependencies. ONNX's Conv is NCHW
 * (weights cout × cin × kh × kw); Weightcraft's is NHWC: each side runs its own native layout.
 */
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';

// --- protobuf wire format: varints and length-delimited fields are all a Conv model needs ---

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

const key = (field: number, wire: 0 | 2) => varint(field * 8 + wire);
const intField = (field: number, value: number) => [...key(field, 0), ...varint(value)];
function bytesField(field: number, bytes: ArrayLike<number>): number[] {
  return [...key(field, 2), ...varint(bytes.length), ...Array.from(bytes)];
}
const stringField = (field: number, text: string) =>
  bytesField(field, new TextEncoder().encode(text));

const FLOAT = 1; // TensorProto.DataType.FLOAT
const INTS = 7; // AttributeProto.AttributeType.INTS

function intsAttribute(name: string, values: readonly number[]): number[] {
  // AttributeProto: name = 1, ints = 8, type = 20
  return [...stringField(1, name), ...values.flatMap((v) => intField(8, v)), ...intField(20, INTS)];
}

function floatTensor(name: string, dims: readonly number[], data: Float32Array): number[] {
  // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian floats)
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return [
    ...dims.flatMap((d) => intField(1, d)),
    ...intField(2, FLOAT),
    ...stringField(8, name),
    ...bytesField(9, raw),
  ];
}

function valueInfo(name: string, dims: readonly number[]): number[] {
  // ValueInfoProto{name = 1, type = 2: TypeProto{tensor_type = 1: {elem_type = 1, shape = 2:
  // TensorShapeProto{dim = 1: {dim_value = 1}}}}}
  const shape = dims.flatMap((d) => bytesField(1, intField(1, d)));
  const tensorType = [...intField(1, FLOAT), ...bytesField(2, shape)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/** The NCHW shapes of `g`'s input, weights and output, as ONNX's Conv takes them. */
export function onnxConvShapes(g: ConvGeometry) {
  return {
    x: [g.batch, g.inChannels, g.height, g.width],
    w: [g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth],
    y: [g.batch, g.outChannels, g.outHeight, g.outWidth],
  };
}

/** A serialized ONNX model (opset 13) of one Conv with bias: input "x", output "y". */
export function onnxConvModel(
  g: ConvGeometry,
  weights: Float32Array,
  bias: Float32Array,
): Uint8Array {
  const shapes = onnxConvShapes(g);
  const p = g.padding;
  const node = [
    ...['x', 'w', 'b'].flatMap((name) => stringField(1, name)),
    ...stringField(2, 'y'),
    ...stringField(4, 'Conv'),
    ...bytesField(5, intsAttribute('kernel_shape', [g.kernelHeight, g.kernelWidth])),
    ...bytesField(5, intsAttribute('pads', [p, p, p, p])),
    ...bytesField(5, intsAttribute('strides', [g.stride, g.stride])),
  ];
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, 'conv'),
    ...bytesField(5, floatTensor('w', shapes.w, weights)),
    ...bytesField(5, floatTensor('b', [g.outChannels], bias)),
    ...bytesField(11, valueInfo('x', shapes.x)),
    ...bytesField(12, valueInfo('y', shapes.y)),
  ];
  // ModelProto: ir_version = 1, graph = 7, opset_import = 8 {version = 2}
  return Uint8Array.from([
    ...intField(1, 7),
    ...bytesField(7, graph),
    ...bytesField(8, intField(2, 13)),
  ]);
}

type Ort = typeof import('onnxruntime-node');

/** onnxruntime-node, or why it cannot run here. */
export async function loadOrt(): Promise<Ort | { error: string }> {
  try {
    return await import('onnxruntime-node');
  } catch (error) {
    return { error: `onnxruntime-node did not load (${(error as Error).message.split('\n')[0]})` };
  }
}

/** A Conv session on `threads` intra-op threads and its one call, for timing. */
export async function onnxConv(
  ort: Ort,
  g: ConvGeometry,
  threads: number,
  data: { x: Float32Array; w: Float32Array; bias: Float32Array },
): Promise<{ run: () => Promise<Float32Array>; close: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(onnxConvModel(g, data.w, data.bias), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const x = new ort.Tensor('float32', data.x, onnxConvShapes(g).x);
  return {
    run: async () => (await session.run({ x }))['y']!.data as Float32Array,
    close: () => session.release(),
  };
}
