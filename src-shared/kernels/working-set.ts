/**
 * How much of the WebAssembly kernels' memory one call takes (wasm.ts lays its operands, result
 * and scratch out in one arena per call, and the module's memory only grows), so the compute
 * budget (net/budget.ts) can refuse a layer before its kernels run. Upper bounds: each region
 * rounded up to its 16-byte alignment, and the larger of the two builds' blockings.
 */
import type { ConvGeometry } from './types.ts';

/** WebAssembly's 32-bit addresses reach 4 GiB: a call needing more cannot run at all. */
export const KERNEL_MEMORY_LIMIT = 2 ** 32;

/** The module's own data below its heap, and the page it grows by, as a margin. */
const MARGIN = 2 * 65536;

/** The blocking of src-wasm/kernels.ts: KC, and the relaxed-SIMD build's MR (the larger). */
const KC = 256;
const MR = 6;
const NR = 8;
const MC = 12 * MR;

const floats = (...counts: number[]) => counts.reduce((sum, n) => sum + 4 * n + 16, 0);

/** gemmScratchBytes of src-wasm/kernels.ts: B packed in NR-wide panels, A in MR-tall slivers. */
function gemmScratch(m: number, n: number, k: number): number {
  const kc = Math.min(k, KC);
  return 4 * (Math.ceil(n / NR) * NR * kc + Math.ceil(Math.min(m, MC) / MR) * MR * kc) + 16;
}

/** C (m×n) = A (m×k) · B (k×n): both operands, the result and the packing scratch. */
export function gemmBytes(m: number, n: number, k: number): number {
  return MARGIN + floats(m * k, k * n, m * n) + gemmScratch(m, n, k);
}

/**
 * gemm64's C (m×n) = A (m×k) · B (k×n) in float64: both operands, B turned when given as (n×k),
 * the result, and the kernel's (m + 4)·k scratch.
 */
export function gemm64Bytes(m: number, n: number, k: number, transB = false): number {
  const doubles = (...counts: number[]) => counts.reduce((sum, c) => sum + 8 * c + 16, 0);
  return MARGIN + doubles(m * k, k * n, transB ? k * n : 0, m * n, (m + 4) * k);
}

function sizes(g: ConvGeometry) {
  return {
    rows: g.outHeight * g.outWidth,
    patch: g.kernelHeight * g.kernelWidth * g.inChannels,
    inSize: g.height * g.width * g.inChannels,
    outSize: g.outHeight * g.outWidth * g.outChannels,
  };
}

/** The direct kernel takes stride 1 and whole groups of 8 output channels (as wasm.ts). */
const direct = (stride: number, outChannels: number) => stride === 1 && outChannels % 8 === 0;

/** conv2dForward: the batch in and out, the weights, and a padded picture or im2col's columns. */
export function conv2dForwardBytes(g: ConvGeometry): number {
  const { rows, patch, inSize, outSize } = sizes(g);
  const operands = floats(
    g.batch * inSize,
    patch * g.outChannels,
    g.outChannels,
    g.batch * outSize,
  );
  const work = direct(g.stride, g.outChannels)
    ? floats((g.height + 2 * g.padding) * (g.width + 2 * g.padding) * g.inChannels)
    : floats(rows * patch) + gemmScratch(rows, g.outChannels, patch);
  return MARGIN + operands + work;
}

/** The most bytes of patch rows that conv2dBackward unfolds at once, for its dW GEMM. */
export const CONV_COLS_BYTES = 64 * 2 ** 20;

/** Pictures whose patch rows conv2dBackward unfolds together: as many as fit the cap, at least 1. */
export function convChunkPictures(g: ConvGeometry, colsBytes = CONV_COLS_BYTES): number {
  const { rows, patch } = sizes(g);
  return Math.max(1, Math.min(g.batch, Math.floor(colsBytes / (rows * patch * 4))));
}

/** conv2dBackward, with dx when the layer before needs its gradient. */
export function conv2dBackwardBytes(g: ConvGeometry, withDx: boolean): number {
  const { rows, patch, inSize, outSize } = sizes(g);
  const cout = g.outChannels;
  const operands = floats(g.batch * inSize, patch * cout, g.batch * outSize, patch * cout, cout);
  const dx = withDx ? floats(g.batch * inSize) : 0;
  const k = convChunkPictures(g) * rows;
  const cols = floats(k * patch);
  const scratch = Math.max(gemmScratch(patch, cout, k), gemmScratch(k, patch, cout));
  const top = g.kernelHeight - 1 - g.padding;
  const left = g.kernelWidth - 1 - g.padding;
  const flipped =
    withDx && direct(g.stride, g.inChannels)
      ? floats(patch * cout, (g.outHeight + 2 * top) * (g.outWidth + 2 * left) * cout)
      : 0;
  return MARGIN + operands + dx + cols + scratch + flipped;
}

/**
 * BatchNorm's largest pass over `values` floats of (rows × channels): dx = a · dy + b · x + k,
 * with dy, x and dx and three float32 coefficients per channel.
 */
export function channelPassBytes(values: number, channels: number): number {
  return MARGIN + floats(values, values, values, channels, channels, channels);
}
