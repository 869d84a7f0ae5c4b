/**
 * The kernels as plain loops: the definition that the fast kernels are tested against, the
 * fallback where WebAssembly SIMD is missing, and the float64 convolutions and BatchNorm passes
 * (any float array).
 */
import { matmul, matmulTransposeA, matmulTransposeB } from '../tensor/matmul.ts';
import type { TypedArray } from '../tensor/tensor.ts';
import type { ConvGeometry, GemmOptions, Kernels } from './types.ts';

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
): void {
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
          y[out + co] = sum;
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

function channelDots(dy: TypedArray, x: TypedArray, sum: TypedArray, sumProduct: TypedArray): void {
  const channels = sum.length;
  sum.fill(0);
  sumProduct.fill(0);
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) {
      const g = dy[at + c]!;
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
): void {
  const channels = a.length;
  for (let at = 0; at < u.length; at += channels) {
    if (v && b) {
      for (let c = 0; c < channels; c++)
        out[at + c] = a[c]! * u[at + c]! + b[c]! * v[at + c]! + k[c]!;
    } else {
      for (let c = 0; c < channels; c++) out[at + c] = u[at + c]! * a[c]! + k[c]!;
    }
  }
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
} satisfies Kernels;
