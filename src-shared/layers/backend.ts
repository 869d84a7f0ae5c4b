/**
 * The arithmetic a network computes with, in one precision:
 * - float64 in the notebook's summation order (the kernels' `gemm64`: WebAssembly SIMD across
 *   columns, each element summed in order), so its numbers come out digit for digit;
 *   convolutions, BatchNorm, ReLU and pooling as the reference loops;
 * - float32 on the kernels (WebAssembly SIMD where the host has it).
 */
import { fastKernels, referenceKernels } from '../kernels/index.ts';
import type {
  ChannelAffineFusion,
  ConvForwardOptions,
  ConvGeometry,
  Kernels,
  PoolGeometry,
} from '../kernels/types.ts';
import type { TypedArray } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';
import { Scratch } from './scratch.ts';

export interface Backend {
  readonly precision: Precision;
  /** A zeroed array of this precision. */
  alloc(length: number): TypedArray;
  /** A copy of the values in this precision. */
  copy(values: ArrayLike<number>): TypedArray;
  /**
   * A layer's or a net's reusable buffer: in the kernels' memory when they have a heap of their
   * own (a float32 net's), so that the kernels take it in place.
   */
  scratch(): Scratch;
  /** c (m×n) = a · b; `transA`: a is given as (k×m); `transB`: b is given as (n×k). */
  gemm(
    m: number,
    n: number,
    k: number,
    a: TypedArray,
    b: TypedArray,
    c: TypedArray,
    options?: { transA?: boolean; transB?: boolean },
  ): void;
  conv2dForward(
    g: ConvGeometry,
    x: TypedArray,
    w: TypedArray,
    b: TypedArray,
    y: TypedArray,
    options?: ConvForwardOptions,
  ): void;
  /** Whether conv2dForward takes `pool` for this convolution (the kernels' `poolsInForward`). */
  poolsInForward(g: ConvGeometry): boolean;
  conv2dBackward(
    g: ConvGeometry,
    x: TypedArray,
    w: TypedArray,
    dy: TypedArray,
    dx: TypedArray | null,
    dw: TypedArray,
    db: TypedArray,
  ): void;
  /** BatchNorm's, ReLU's and pooling's passes, as the kernels' of the same names. */
  channelMoments(x: TypedArray, origin: Float64Array, sum: Float64Array, sum2: Float64Array): void;
  channelDots(
    dy: TypedArray,
    x: TypedArray,
    sum: Float64Array,
    sumProduct: Float64Array,
    gate?: TypedArray | null,
  ): void;
  channelAffine(
    u: TypedArray,
    v: TypedArray | null,
    a: Float64Array,
    b: Float64Array | null,
    k: Float64Array,
    out: TypedArray,
    fused?: { readonly gate?: TypedArray | null; readonly relu?: TypedArray | null },
  ): void;
  relu(x: TypedArray, y: TypedArray): void;
  reluBackward(y: TypedArray, dy: TypedArray, dx: TypedArray): void;
  maxPoolForward(g: PoolGeometry, x: TypedArray, y: TypedArray, argmax: Int32Array): void;
  maxPoolBackward(g: PoolGeometry, dy: TypedArray, argmax: Int32Array, dx: TypedArray): void;
  avgPoolForward(g: PoolGeometry, x: TypedArray, y: TypedArray): void;
  avgPoolBackward(g: PoolGeometry, dy: TypedArray, dx: TypedArray): void;
}

export const float64Backend: Backend = {
  precision: 'float64',
  alloc: (length) => new Float64Array(length),
  copy: (values) => Float64Array.from(values),
  scratch: () => new Scratch('float64'),
  gemm(m, n, k, a, b, c, options) {
    fastKernels().gemm64(m, n, k, a as Float64Array, b as Float64Array, c as Float64Array, options);
  },
  conv2dForward: referenceKernels.conv2dForward,
  poolsInForward: () => false,
  conv2dBackward: referenceKernels.conv2dBackward,
  channelMoments: referenceKernels.channelMoments,
  channelDots: referenceKernels.channelDots,
  channelAffine: referenceKernels.channelAffine,
  relu: referenceKernels.relu,
  reluBackward: referenceKernels.reluBackward,
  maxPoolForward: referenceKernels.maxPoolForward,
  maxPoolBackward: referenceKernels.maxPoolBackward,
  avgPoolForward: referenceKernels.avgPoolForward,
  avgPoolBackward: referenceKernels.avgPoolBackward,
};

/** float32 on the given kernels (the fastest this thread runs by default). */
export function float32Backend(kernels: Kernels = fastKernels()): Backend {
  const f32 = (a: TypedArray) => a as Float32Array;
  return {
    precision: 'float32',
    alloc: (length) => new Float32Array(length),
    copy: (values) => Float32Array.from(values),
    scratch: () => new Scratch('float32', kernels.heap),
    gemm: (m, n, k, a, b, c, options) => kernels.gemm(m, n, k, f32(a), f32(b), f32(c), options),
    conv2dForward: (g, x, w, b, y, options) =>
      kernels.conv2dForward(g, f32(x), f32(w), f32(b), f32(y), options),
    poolsInForward: (g) => kernels.poolsInForward?.(g) ?? false,
    conv2dBackward: (g, x, w, dy, dx, dw, db) =>
      kernels.conv2dBackward(g, f32(x), f32(w), f32(dy), dx && f32(dx), f32(dw), f32(db)),
    channelMoments: (x, origin, sum, sum2) => kernels.channelMoments(f32(x), origin, sum, sum2),
    channelDots: (dy, x, sum, sumProduct, gate) =>
      kernels.channelDots(f32(dy), f32(x), sum, sumProduct, gate && f32(gate)),
    channelAffine: (u, v, a, b, k, out, fused) =>
      kernels.channelAffine(f32(u), v && f32(v), a, b, k, f32(out), fused as ChannelAffineFusion),
    relu: (x, y) => kernels.relu(f32(x), f32(y)),
    reluBackward: (y, dy, dx) => kernels.reluBackward(f32(y), f32(dy), f32(dx)),
    maxPoolForward: (g, x, y, argmax) => kernels.maxPoolForward(g, f32(x), f32(y), argmax),
    maxPoolBackward: (g, dy, argmax, dx) => kernels.maxPoolBackward(g, f32(dy), argmax, f32(dx)),
    avgPoolForward: (g, x, y) => kernels.avgPoolForward(g, f32(x), f32(y)),
    avgPoolBackward: (g, dy, dx) => kernels.avgPoolBackward(g, f32(dy), f32(dx)),
  };
}

export function backendFor(precision: Precision, kernels?: Kernels): Backend {
  return precision === 'float64' ? float64Backend : float32Backend(kernels);
}
