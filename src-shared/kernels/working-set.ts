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

/**
 * Winograd (src-wasm/winograd.ts) takes 3×3 kernels at stride 1 (any padding a 3×3 kernel has:
 * 0, 1, or 2 for the gradient of an unpadded layer), and output channels in eights (its
 * products run on the direct kernel). For a layer's dx the output channels are its inputs'.
 */
export function winogradTakes(g: ConvGeometry, outChannels: number): boolean {
  return g.kernelHeight === 3 && g.kernelWidth === 3 && g.stride === 1 && outChannels % 8 === 0;
}

/** The side of Winograd's output tiles: F(2×2, 3×3) or F(4×4, 3×3). */
export type WinogradTile = 2 | 4;

/**
 * The tile measured fastest for a convolution of `inChannels` to outputs of `outHeight` ×
 * `outWidth` (3×3 layers at batch 64, one thread), or null where the direct kernel is.
 *
 * F(4×4, 3×3) beat F(2×2, 3×3) by 1.3–1.6× on the shipped CNN's layers (64² 16 → 16 to 8²
 * 64 → 128), and wins wherever its tiles, padding included, take under 0.9 of F(2×2)'s
 * multiplies: ×1.05 at 9² and 10² (0.81), ×1.37 at 7² (0.56), even at 3² and 4²; it lost at
 * 5² and 6² (1.0: 0.85×) and at 2² (2.25: 0.35×). It beats the direct kernel from 4 input
 * channels (×1.25 at 64² 4 → 16; direct is 1.04× faster at 3 → 16, the CNN's first layer).
 * F(2×2) wins from 8 input channels on (×1.13 at 64² 8 → 16, ×1.9 at 8² 64 → 128); with
 * fewer its products are too short (k = 4 or 8 after padding the channels to fours).
 */
export function winogradTile(
  inChannels: number,
  outHeight: number,
  outWidth: number,
): WinogradTile | null {
  const multiplies = (tile: WinogradTile) =>
    Math.ceil(outHeight / tile) * Math.ceil(outWidth / tile) * (tile + 2) ** 2;
  if (inChannels >= 4 && multiplies(4) < 0.9 * multiplies(2)) return 4;
  return inChannels >= 8 ? 2 : null;
}

/**
 * The transformed weights: (tile + 2)² planes of (input channels rounded up to 4) × output
 * channels, each skewed by 64 bytes (16 floats).
 */
export function winogradWeightFloats(
  inChannels: number,
  outChannels: number,
  tile: WinogradTile,
): number {
  return (tile + 2) ** 2 * (Math.ceil(inChannels / 4) * 4 * outChannels + 16);
}

/**
 * Tiles that src-wasm/winograd.ts transforms and multiplies at a time (TILES of
 * src-wasm/winograd-tiles.ts: wasm.test.ts checks `winogradScratchBytes` against the module's
 * own export).
 */
const WINOGRAD_TILES = 64;

/**
 * winogradScratchBytes of src-wasm/winograd.ts: the pictures of a block padded to whole tiles,
 * and for a block of tiles their transforms ((tile + 2)² × tiles × channels rounded up to 4) and products.
 */
export function winogradScratchBytes(
  height: number,
  width: number,
  cin: number,
  cout: number,
  pad: number,
  tile: WinogradTile,
): number {
  const th = Math.ceil((height + 2 * pad - 2) / tile);
  const tw = Math.ceil((width + 2 * pad - 2) / tile);
  const cin4 = Math.ceil(cin / 4) * 4;
  // Small pictures are padded and transformed as many together as a block of tiles holds.
  const group = Math.max(1, Math.floor(WINOGRAD_TILES / (th * tw)));
  const block = Math.min(group * th * tw, WINOGRAD_TILES);
  // Each plane of transforms and of products is skewed by 64 bytes.
  const planes = (tile + 2) ** 2 * (4 * block * (cin4 + cout) + 2 * 64);
  return floats(group * (tile * th + 2) * (tile * tw + 2) * cin4) + planes;
}

/** Winograd's weights and scratch for either tile, whichever the kernels' option picks: the larger. */
function winogradBytes(height: number, width: number, cin: number, cout: number, pad: number) {
  return Math.max(
    ...([2, 4] as const).map(
      (tile) =>
        floats(winogradWeightFloats(cin, cout, tile)) +
        winogradScratchBytes(height, width, cin, cout, pad, tile),
    ),
  );
}

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
  // Winograd's work instead, where it may run (WasmKernels' option decides): the larger.
  const winograd = winogradTakes(g, g.outChannels)
    ? winogradBytes(g.height, g.width, g.inChannels, g.outChannels, g.padding)
    : 0;
  return MARGIN + operands + Math.max(work, winograd);
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
  // dx through Winograd instead, where it may run (WasmKernels' option decides): the larger.
  const winograd =
    withDx && winogradTakes(g, g.inChannels)
      ? floats(patch * cout) + winogradBytes(g.outHeight, g.outWidth, cout, g.inChannels, top)
      : 0;
  return MARGIN + operands + dx + cols + scratch + Math.max(flipped, winograd);
}

/**
 * BatchNorm's largest pass over `values` floats of (rows × channels): dx = a · dy + b · x + k,
 * with dy, x, a ReLU's mask after it and dx (a result is never written over an operand) and
 * three float32 coefficients per channel; the forward pass (x, y and the ReLU's output) and the
 * sums of Σ dy · x take less.
 */
export function channelPassBytes(values: number, channels: number): number {
  return MARGIN + floats(values, values, values, values, channels, channels, channels);
}

/** ReLU's backward over `values` floats: y, dy and dx (the forward takes two of them). */
export function reluPassBytes(values: number): number {
  return MARGIN + floats(values, values, values);
}

/** A pooling layer's passes: the input or its gradient, the output, max pooling's winners. */
export function poolPassBytes(inValues: number, outValues: number): number {
  return MARGIN + floats(inValues, outValues, outValues);
}
