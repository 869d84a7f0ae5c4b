/**
 * The kernels as plain loops: the definition that the fast kernels are tested against, the
 * fallback where WebAssembly SIMD is missing, and the float64 convolutions, BatchNorm, ReLU and
 * pooling passes (any float array).
 */
import { matmul, matmulTransposeA, matmulTransposeB } from '../tensor/matmul.ts';
import type { TypedArray } from '../tensor/tensor.ts';
import {
  poolOutputSize,
  type ChannelAffineFusion,
  type ConvForwardOptions,
  type ConvGeometry,
  type GemmOptions,
  type Kernels,
  type PoolGeometry,
} from './types.ts';

function gemm(
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  b: TypedArray,
  c: TypedArray,
  { transA = false, transB = false, accumulate = false }: GemmOptions = {},
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i]! : a[i * k + p]!;
        const bv = transB ? b[j * k + p]! : b[p * n + j]!;
        sum += av * bv;
      }
      c[i * n + j] = accumulate ? c[i * n + j]! + sum : sum;
    }
  }
}

/** Index of input pixel (b, y, x, 0), or -1 where the kernel reads padding. */
function inputIndex(g: ConvGeometry, b: number, y: number, x: number): number {
  if (y < 0 || x < 0 || y >= g.height || x >= g.width) return -1;
  return ((b * g.height + y) * g.width + x) * g.inChannels;
}

function conv2dForward(
  g: ConvGeometry,
  x: TypedArray,
  w: TypedArray,
  bias: TypedArray,
  y: TypedArray,
  { relu = false, pool = false }: ConvForwardOptions = {},
): void {
  if (pool) throw new Error('conv2d: the reference loops pool in no convolution (poolsInForward)');
  const { inChannels: cin, outChannels: cout } = g;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        const out = ((b * g.outHeight + oy) * g.outWidth + ox) * cout;
        for (let co = 0; co < cout; co++) {
          let sum = bias[co]!;
          for (let ky = 0; ky < g.kernelHeight; ky++) {
            for (let kx = 0; kx < g.kernelWidth; kx++) {
              const at = inputIndex(
                g,
                b,
                oy * g.stride + ky - g.padding,
                ox * g.stride + kx - g.padding,
              );
              if (at < 0) continue;
              const wAt = (ky * g.kernelWidth + kx) * cin * cout + co;
              for (let ci = 0; ci < cin; ci++) sum += x[at + ci]! * w[wAt + ci * cout]!;
            }
          }
          y[out + co] = relu ? Math.max(0, sum) : sum;
        }
      }
    }
  }
}

function conv2dBackward(
  g: ConvGeometry,
  x: TypedArray,
  w: TypedArray,
  dy: TypedArray,
  dx: TypedArray | null,
  dw: TypedArray,
  db: TypedArray,
): void {
  const { inChannels: cin, outChannels: cout } = g;
  dw.fill(0);
  db.fill(0);
  dx?.fill(0);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        const out = ((b * g.outHeight + oy) * g.outWidth + ox) * cout;
        for (let co = 0; co < cout; co++) {
          const grad = dy[out + co]!;
          db[co] = db[co]! + grad;
          for (let ky = 0; ky < g.kernelHeight; ky++) {
            for (let kx = 0; kx < g.kernelWidth; kx++) {
              const at = inputIndex(
                g,
                b,
                oy * g.stride + ky - g.padding,
                ox * g.stride + kx - g.padding,
              );
              if (at < 0) continue;
              const wAt = (ky * g.kernelWidth + kx) * cin * cout + co;
              for (let ci = 0; ci < cin; ci++) {
                dw[wAt + ci * cout] = dw[wAt + ci * cout]! + x[at + ci]! * grad;
                if (dx) dx[at + ci] = dx[at + ci]! + w[wAt + ci * cout]! * grad;
              }
            }
          }
        }
      }
    }
  }
}

/** The blocked plain loops of tensor/matmul.ts, which keep the contract's summation order. */
function gemm64(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  { transA = false, transB = false }: Omit<GemmOptions, 'accumulate'> = {},
): void {
  if (transA && transB) throw new Error('gemm64: transA and transB together are not needed');
  if (transA) matmulTransposeA(a, b, c, k, m, n);
  else if (transB) matmulTransposeB(a, b, c, m, k, n);
  else matmul(a, b, c, m, k, n);
}

function channelMoments(
  x: TypedArray,
  origin: TypedArray,
  sum: TypedArray,
  sum2: TypedArray,
): void {
  const channels = origin.length;
  sum.fill(0);
  sum2.fill(0);
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) {
      const d = x[at + c]! - origin[c]!;
      sum[c] = sum[c]! + d;
      sum2[c] = sum2[c]! + d * d;
    }
  }
}

function channelDots(
  dy: TypedArray,
  x: TypedArray,
  sum: TypedArray,
  sumProduct: TypedArray,
  gate: TypedArray | null = null,
): void {
  const channels = sum.length;
  sum.fill(0);
  sumProduct.fill(0);
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) {
      const g = gate ? dy[at + c]! * +(gate[at + c]! > 0) : dy[at + c]!;
      sum[c] = sum[c]! + g;
      sumProduct[c] = sumProduct[c]! + g * x[at + c]!;
    }
  }
}

function channelAffine(
  u: TypedArray,
  v: TypedArray | null,
  a: TypedArray,
  b: TypedArray | null,
  k: TypedArray,
  out: TypedArray,
  { gate = null, relu = null }: ChannelAffineFusion = {},
): void {
  const channels = a.length;
  for (let at = 0; at < u.length; at += channels) {
    for (let c = 0; c < channels; c++) {
      const x = gate ? u[at + c]! * +(gate[at + c]! > 0) : u[at + c]!;
      out[at + c] = v && b ? a[c]! * x + b[c]! * v[at + c]! + k[c]! : x * a[c]! + k[c]!;
      if (relu) relu[at + c] = Math.max(0, out[at + c]!);
    }
  }
}

function relu(x: TypedArray, y: TypedArray): void {
  for (let i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]!);
}

// dy where the output is positive, 0 elsewhere (the kink at 0 gets 0, as nnfs and PyTorch).
function reluBackward(y: TypedArray, dy: TypedArray, dx: TypedArray): void {
  for (let i = 0; i < dy.length; i++) dx[i] = dy[i]! * +(y[i]! > 0);
}

function maxPoolForward(g: PoolGeometry, x: TypedArray, y: TypedArray, argmax: Int32Array): void {
  const { batch, height, width, channels: c, size, stride } = g;
  const outH = poolOutputSize(height, size, stride);
  const outW = poolOutputSize(width, size, stride);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * height + oy * stride) * width + ox * stride) * c;
        for (let ch = 0; ch < c; ch++, o++) {
          let best = corner + ch;
          let max = x[best]!;
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * width * c + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              const v = x[at]!;
              // `>` keeps the first maximum on ties, as PyTorch does; NaN never wins.
              if (v > max) {
                max = v;
                best = at;
              }
            }
          }
          y[o] = max;
          argmax[o] = best;
        }
      }
    }
  }
}

function maxPoolBackward(
  _g: PoolGeometry,
  dy: TypedArray,
  argmax: Int32Array,
  dx: TypedArray,
): void {
  dx.fill(0);
  for (let i = 0; i < dy.length; i++) {
    const at = argmax[i]!;
    dx[at] = dx[at]! + dy[i]!;
  }
}

/** Calls visit(out index, in index) for every value of every window, in window order. */
function poolWindows(g: PoolGeometry, visit: (o: number, at: number) => void): void {
  const { batch, height, width, channels: c, size, stride } = g;
  const outH = poolOutputSize(height, size, stride);
  const outW = poolOutputSize(width, size, stride);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o += c) {
        const corner = ((b * height + oy * stride) * width + ox * stride) * c;
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) {
            const at = corner + (ky * width + kx) * c;
            for (let ch = 0; ch < c; ch++) visit(o + ch, at + ch);
          }
        }
      }
    }
  }
}

function avgPoolForward(g: PoolGeometry, x: TypedArray, y: TypedArray): void {
  const scale = 1 / (g.size * g.size);
  y.fill(0);
  poolWindows(g, (o, at) => (y[o] = y[o]! + x[at]!));
  for (let i = 0; i < y.length; i++) y[i] = y[i]! * scale;
}

function avgPoolBackward(g: PoolGeometry, dy: TypedArray, dx: TypedArray): void {
  const scale = 1 / (g.size * g.size);
  dx.fill(0);
  poolWindows(g, (o, at) => (dx[at] = dx[at]! + dy[o]! * scale));
}

export const referenceKernels = {
  name: 'reference',
  gemm,
  gemm64,
  conv2dForward,
  conv2dBackward,
  channelMoments,
  channelDots,
  channelAffine,
  relu,
  reluBackward,
  maxPoolForward,
  maxPoolBackward,
  avgPoolForward,
  avgPoolBackward,
} satisfies Kernels;
