/**
 * The fast kernels: WebAssembly SIMD built from src-wasm/kernels.ts. A call takes an operand
 * that is a view on the module's memory in place and writes a result straight into such a
 * view; any other array it copies in and out. A float32 net keeps its activations in the
 * memory of an instance of its own (`withOwnHeap`), so its layers hand each other views.
 */
import { RELAXED_SIMD_WASM, SIMD_WASM } from './kernels-wasm.ts';
import {
  poolOutputSize,
  type ChannelAffineFusion,
  type ConvForwardOptions,
  type ConvGeometry,
  type GemmOptions,
  type KernelHeap,
  type Kernels,
  type PoolGeometry,
} from './types.ts';
import {
  CONV_COLS_BYTES,
  convChunkPictures,
  winogradTakes,
  winogradTile,
  winogradWeightFloats,
  type WinogradTile,
} from './working-set.ts';

declare function atob(data: string): string;

// The core's lib is plain ES2023, which leaves WebAssembly out though every host has it: the
// few parts used here, typed locally.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  readonly memory: WasmMemory;
  heapBase(): number;
  gemmScratchBytes(m: number, n: number, k: number): number;
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    b: number,
    c: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
    scratch: number,
  ): void;
  im2col(...args: number[]): void;
  col2im(...args: number[]): void;
  addBias(y: number, bias: number, rows: number, n: number, relu: boolean): void;
  convDirect(...args: number[]): void;
  padPicture(...args: number[]): void;
  flipWeights(w: number, kh: number, kw: number, cin: number, cout: number, wt: number): void;
  winogradWeights(w: number, cin: number, cout: number, u: number, tile: WinogradTile): void;
  winogradScratchBytes(...args: [...shape: number[], tile: WinogradTile]): number;
  winogradConv(
    ...args: [...operands: number[], tile: WinogradTile, relu: boolean, pool: boolean]
  ): void;
  sumRows(dy: number, db: number, rows: number, n: number): void;
  gemm64(
    ...args: [
      m: number,
      n: number,
      k: number,
      a: number,
      b: number,
      c: number,
      transA: boolean,
      scratch: number,
    ]
  ): void;
  transpose64(src: number, rows: number, cols: number, dst: number): void;
  channelMoments(...args: number[]): void;
  channelDots(...args: number[]): void;
  channelAffine(...args: number[]): void;
  relu(x: number, n: number, y: number): void;
  reluBackward(y: number, dy: number, n: number, dx: number): void;
  maxPoolForward(...args: number[]): void;
  maxPoolBackward(...args: number[]): void;
  avgPoolForward(...args: number[]): void;
  avgPoolBackward(...args: number[]): void;
}

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const PAGE = 65536;
/** WebAssembly's 32-bit addresses reach 4 GiB. */
const MAX_BYTES = 2 ** 32;

// Plain arithmetic, not `& ~15`: addresses past 2 GiB overflow JavaScript's 32-bit bit operations.
function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * An operand shorter than its shape says would be read past its end: refuse it instead. An
 * empty view on a memory that grew since it was taken (detached) is refused too, even where
 * the shape asks for nothing, so that a stale view fails loudly rather than computing nothing.
 */
function need<T extends Float32Array | Float64Array>(array: T, length: number, what: string): T {
  if (array.length < length) {
    throw new RangeError(`${what} has ${array.length} values; its shape needs ${length}`);
  }
  if (array.length === 0 && detached(array.buffer)) {
    throw new RangeError(
      `${what} is a view on memory that grew since it was taken (detached): take it afresh`,
    );
  }
  return array.length === length ? array : (array.subarray(0, length) as T);
}

/** Whether `buffer` was detached (ES2024's `detached`, which Node 20 lacks, without it). */
function detached(buffer: ArrayBufferLike): boolean {
  if (buffer.byteLength > 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

/**
 * The values an elementwise pass runs over: the longest operand's count (a pass without a
 * shape of its own takes it from its operands, each then checked against it with `need`, so
 * that one view emptied by a memory's growth cannot shorten the pass to nothing).
 */
function longest(...operands: (View | null)[]): number {
  return Math.max(0, ...operands.map((a) => a?.length ?? 0));
}

type View = Float32Array | Float64Array;

/**
 * Lays out the module's memory, 16-byte aligned, growing it when needed. From the bottom: the
 * regions a float32 net keeps its buffers in (`region`, kept until `clear`); above them, each
 * call's operands, results and scratch, laid out afresh per call. A call takes an operand or
 * result that already is a view on this memory in place (no copy), so a net's activations pass
 * from layer to layer without leaving the memory.
 *
 * Growing the memory detaches every view on it (their length becomes 0): a net therefore clears
 * and reserves its whole working set before a pass (`clear`), so that nothing grows mid-pass.
 */
class Arena implements KernelHeap {
  #top: number;
  #next = 0;
  /** The call's operands that are views on this memory, with their addresses. */
  #inPlace: { view: View; at: number }[] = [];
  /** Counts `clear`s: a region taken before the last one is free again. */
  generation = 0;

  constructor(private readonly wasm: Exports) {
    this.#top = align(wasm.heapBase());
  }

  get buffer(): ArrayBuffer {
    return this.wasm.memory.buffer;
  }

  /**
   * Starts a call: its operands and results in this memory are noted before anything can grow
   * it (after which their views read as empty, though the values stay at their addresses).
   */
  reset(...views: (View | null)[]): void {
    this.#next = this.#top;
    this.#inPlace.length = 0;
    const buffer = this.wasm.memory.buffer;
    for (const view of views) {
      if (view && view.buffer === buffer) this.#inPlace.push({ view, at: view.byteOffset });
    }
  }

  /** Frees every region and grows the memory so that `bytes` of regions and calls fit. */
  clear(bytes: number): void {
    this.generation++;
    this.#top = align(this.wasm.heapBase());
    this.#reach(this.#top + bytes);
  }

  /** `bytes` that stay the caller's until the next `clear`. */
  region(bytes: number): number {
    const at = this.#top;
    this.#top = align(at + bytes);
    this.#reach(this.#top);
    return at;
  }

  take(bytes: number): number {
    const at = this.#next;
    this.#next = align(at + bytes);
    this.#reach(this.#next);
    return at;
  }

  /** The address of `data`: its own when it is in this memory, else a copy's. */
  put(data: View): number {
    const at = this.#addressOf(data);
    if (at !== null) return at;
    const copy = this.take(data.byteLength);
    const View = data instanceof Float64Array ? Float64Array : Float32Array;
    new View(this.wasm.memory.buffer, copy, data.length).set(data);
    return copy;
  }

  /** Where a call writes its result for `out`: `out` itself when it is in this memory. */
  result(out: Float32Array): number {
    return this.#addressOf(out) ?? this.take(out.byteLength);
  }

  /** Copies a result written at `at` into `out`, unless it was written there in place. */
  copyOut(out: Float32Array, at: number): void {
    if (this.#addressOf(out) === null) out.set(this.view(at, out.length));
  }

  view(at: number, length: number): Float32Array {
    return new Float32Array(this.wasm.memory.buffer, at, length);
  }

  #addressOf(data: View): number | null {
    for (const p of this.#inPlace) {
      if (p.view === data) return p.at;
    }
    return null;
  }

  #reach(end: number): void {
    if (end > MAX_BYTES) {
      throw new RangeError(
        `this layer needs ${(end / 2 ** 30).toFixed(1)} GiB of working memory, over the kernels' 4 GiB: use smaller pictures or batches`,
      );
    }
    const have = this.wasm.memory.buffer.byteLength;
    if (end > have) this.wasm.memory.grow(Math.ceil((end - have) / PAGE));
  }
}

export interface WasmKernelOptions {
  /** Overrides working-set.ts's CONV_COLS_BYTES (tests set it small to exercise the chunks). */
  readonly convColsBytes?: number;
  /**
   * Where 3×3 stride-1 convolutions go through Winograd, and with which tile: as measured
   * fastest per shape (working-set.ts's winogradTile), F(2×2, 3×3) or F(4×4, 3×3) on every
   * shape it takes, or never (tests and benchmarks compare the paths).
   */
  readonly winograd?: 'measured' | 'f2x2' | 'f4x4' | 'never';
}

export class WasmKernels implements Kernels {
  readonly #wasm: Exports;
  readonly #arena: Arena;
  readonly #colsBytes: number;
  readonly heap?: KernelHeap;

  constructor(
    private readonly module: WasmModule,
    readonly name: string,
    private readonly options: WasmKernelOptions = {},
    ownHeap = false,
  ) {
    this.#colsBytes = options.convColsBytes ?? CONV_COLS_BYTES;
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('a WebAssembly kernel failed');
        },
      },
    });
    this.#wasm = instance.exports as unknown as Exports;
    this.#arena = new Arena(this.#wasm);
    if (ownHeap) this.heap = this.#arena;
  }

  withOwnHeap(): WasmKernels & { readonly heap: KernelHeap } {
    return new WasmKernels(this.module, this.name, this.options, true) as WasmKernels & {
      readonly heap: KernelHeap;
    };
  }

  /** The module's memory now: it only grows, to the largest call so far (working-set.ts). */
  get memoryBytes(): number {
    return this.#wasm.memory.buffer.byteLength;
  }

  gemm(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    { transA = false, transB = false, accumulate = false }: GemmOptions = {},
  ): void {
    const arena = this.#arena;
    a = need(a, m * k, 'gemm: A');
    b = need(b, k * n, 'gemm: B');
    c = need(c, m * n, 'gemm: C');
    arena.reset(a, b, c);
    const pa = arena.put(a);
    const pb = arena.put(b);
    const pc = accumulate ? arena.put(c) : arena.result(c);
    const scratch = arena.take(this.#wasm.gemmScratchBytes(m, n, k));
    this.#wasm.gemm(m, n, k, pa, pb, pc, transA, transB, accumulate, scratch);
    arena.copyOut(c, pc);
  }

  gemm64(
    m: number,
    n: number,
    k: number,
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    { transA = false, transB = false }: Omit<GemmOptions, 'accumulate'> = {},
  ): void {
    if (transA && transB) throw new Error('gemm64: transA and transB together are not needed');
    const arena = this.#arena;
    arena.reset();
    const pa = arena.put(need(a, m * k, 'gemm64: A'));
    let pb = arena.put(need(b, k * n, 'gemm64: B'));
    need(c, m * n, 'gemm64: C');
    if (transB) {
      // B is given as (n×k): the kernel reads it as (k×n), so that its lanes run along rows.
      const pt = arena.take(k * n * 8);
      this.#wasm.transpose64(pb, n, k, pt);
      pb = pt;
    }
    const pc = arena.take(m * n * 8);
    const scratch = arena.take((m + 4) * k * 8);
    this.#wasm.gemm64(m, n, k, pa, pb, pc, transA, scratch);
    c.set(new Float64Array(this.#wasm.memory.buffer, pc, m * n));
  }

  conv2dForward(
    g: ConvGeometry,
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array,
    y: Float32Array,
    { relu = false, pool = false }: ConvForwardOptions = {},
  ): void {
    const { wasm, arena, rows, patch, inSize, outSize } = this.#layout(g);
    if (pool && !this.poolsInForward(g)) {
      throw new Error(
        `conv2d: only a 3×3 stride-1 convolution to output channels in eights pools in its output sweep (Winograd's), found ${g.kernelHeight}×${g.kernelWidth} stride ${g.stride} to ${g.outChannels}`,
      );
    }
    x = need(x, g.batch * inSize, 'conv2d: x');
    w = need(w, patch * g.outChannels, 'conv2d: weights');
    bias = need(bias, g.outChannels, 'conv2d: biases');
    const pooled = (g.outHeight >> 1) * (g.outWidth >> 1) * g.outChannels;
    y = need(y, g.batch * (pool ? pooled : outSize), 'conv2d: y');
    arena.reset(x, w, bias, y);
    const px = arena.put(x);
    const pw = arena.put(w);
    const pbias = arena.put(bias);
    const py = arena.result(y);
    const tile = this.#winogradTile(g, g.inChannels, g.outChannels, g.outHeight, g.outWidth);
    if (tile) {
      const { batch, height, width, inChannels, outChannels, padding } = g;
      const u = arena.take(winogradWeightFloats(inChannels, outChannels, tile) * 4);
      wasm.winogradWeights(pw, inChannels, outChannels, u, tile);
      const scratch = arena.take(
        wasm.winogradScratchBytes(height, width, inChannels, outChannels, padding, tile),
      );
      wasm.winogradConv(
        ...[px, batch, height, width, inChannels, outChannels, padding],
        ...[u, pbias, py, scratch],
        tile,
        relu,
        pool,
      );
      arena.copyOut(y, py);
      return;
    }
    if (direct(g.stride, g.outChannels)) {
      const padded = arena.take(paddedSize(g, g.padding, g.padding) * 4);
      for (let b = 0; b < g.batch; b++) {
        const yb = py + b * outSize * 4;
        wasm.padPicture(
          px + b * inSize * 4,
          g.height,
          g.width,
          g.inChannels,
          g.padding,
          g.padding,
          padded,
        );
        wasm.convDirect(
          ...[padded, pw, yb, g.inChannels, g.outChannels, g.kernelHeight, g.kernelWidth],
          ...[g.outHeight, g.outWidth],
        );
        wasm.addBias(yb, pbias, rows, g.outChannels, relu);
      }
      arena.copyOut(y, py);
      return;
    }
    const cols = arena.take(rows * patch * 4);
    const scratch = arena.take(wasm.gemmScratchBytes(rows, g.outChannels, patch));
    for (let b = 0; b < g.batch; b++) {
      const xb = px + b * inSize * 4;
      const yb = py + b * outSize * 4;
      this.#im2col(g, xb, cols);
      wasm.gemm(rows, g.outChannels, patch, cols, pw, yb, false, false, false, scratch);
      wasm.addBias(yb, pbias, rows, g.outChannels, relu);
    }
    arena.copyOut(y, py);
  }

  /** Where conv2dForward goes through Winograd, whose output transforms pool whole windows. */
  poolsInForward(g: ConvGeometry): boolean {
    return this.#winogradTile(g, g.inChannels, g.outChannels, g.outHeight, g.outWidth) !== null;
  }

  conv2dBackward(
    g: ConvGeometry,
    x: Float32Array,
    w: Float32Array,
    dy: Float32Array,
    dx: Float32Array | null,
    dw: Float32Array,
    db: Float32Array,
  ): void {
    const { wasm, arena, rows, patch, inSize, outSize } = this.#layout(g);
    const cout = g.outChannels;
    x = need(x, g.batch * inSize, 'conv2d backward: x');
    w = need(w, patch * cout, 'conv2d backward: weights');
    dy = need(dy, g.batch * outSize, 'conv2d backward: dy');
    dw = need(dw, patch * cout, 'conv2d backward: dw');
    db = need(db, cout, 'conv2d backward: db');
    dx = dx && need(dx, g.batch * inSize, 'conv2d backward: dx');
    arena.reset(x, w, dy, dw, db, dx);
    const px = arena.put(x);
    const pw = arena.put(w);
    const pdy = arena.put(dy);
    const pdw = arena.result(dw);
    const pdb = arena.result(db);
    const pdx = dx ? arena.result(dx) : 0;
    // dW is one GEMM over many pictures' patches (k = pictures · rows) rather than one per
    // picture, which leaves the GEMM too short a k to run at speed; the pictures' patch rows
    // are bounded by the cap, so a large batch takes several such GEMMs.
    const perPicture = rows * patch * 4;
    const pictures = convChunkPictures(g, this.#colsBytes);
    const cols = arena.take(pictures * perPicture);
    const scratch = arena.take(
      Math.max(
        wasm.gemmScratchBytes(patch, cout, pictures * rows),
        wasm.gemmScratchBytes(pictures * rows, patch, cout),
      ),
    );
    arena.view(pdb, cout).fill(0);
    if (dx) arena.view(pdx, g.batch * inSize).fill(0);
    // dx is the convolution of dy, padded by k − 1 − p, with the weights turned 180° and their
    // channels swapped: through Winograd or the direct kernel when the picture's channels suit.
    const dxTile =
      dx === null ? null : this.#winogradTile(g, cout, g.inChannels, g.height, g.width);
    const dxDirect = dx !== null && !dxTile && direct(g.stride, g.inChannels);
    const top = g.kernelHeight - 1 - g.padding;
    const left = g.kernelWidth - 1 - g.padding;
    const flipped = dxDirect || dxTile ? arena.take(patch * cout * 4) : 0;
    const paddedDy = dxDirect
      ? arena.take((g.outHeight + 2 * top) * (g.outWidth + 2 * left) * cout * 4)
      : 0;
    if (flipped) wasm.flipWeights(pw, g.kernelHeight, g.kernelWidth, g.inChannels, cout, flipped);
    const turned = dxTile ? arena.take(winogradWeightFloats(cout, g.inChannels, dxTile) * 4) : 0;
    const dxScratch = dxTile
      ? arena.take(
          wasm.winogradScratchBytes(g.outHeight, g.outWidth, cout, g.inChannels, top, dxTile),
        )
      : 0;
    if (dxTile) wasm.winogradWeights(flipped, cout, g.inChannels, turned, dxTile);
    for (let b0 = 0; b0 < g.batch; b0 += pictures) {
      const count = Math.min(pictures, g.batch - b0);
      // The chunk's dy is its pictures' rows one after another: a (count · rows) × cout matrix.
      const dyChunk = pdy + b0 * outSize * 4;
      for (let i = 0; i < count; i++) {
        this.#im2col(g, px + (b0 + i) * inSize * 4, cols + i * perPicture);
      }
      // dW (+)= colsᵀ · dy: every output pixel adds its patch times its gradient.
      wasm.gemm(patch, cout, count * rows, cols, dyChunk, pdw, true, false, b0 > 0, scratch);
      wasm.sumRows(dyChunk, pdb, count * rows, cout);
      if (dxTile) {
        wasm.winogradConv(
          ...[dyChunk, count, g.outHeight, g.outWidth, cout, g.inChannels, top, turned, 0],
          ...[pdx + b0 * inSize * 4, dxScratch],
          dxTile,
          false,
          false,
        );
        continue;
      }
      if (dxDirect) {
        for (let b = b0; b < b0 + count; b++) {
          wasm.padPicture(
            pdy + b * outSize * 4,
            g.outHeight,
            g.outWidth,
            cout,
            top,
            left,
            paddedDy,
          );
          wasm.convDirect(
            ...[paddedDy, flipped, pdx + b * inSize * 4, cout, g.inChannels, g.kernelHeight],
            ...[g.kernelWidth, g.height, g.width],
          );
        }
        continue;
      }
      if (!dx) continue;
      // dcols = dy · Wᵀ over the chunk (over the patches, no longer needed), then each patch's
      // gradient goes back to the pixels it was read from.
      wasm.gemm(count * rows, patch, cout, dyChunk, pw, cols, false, true, false, scratch);
      const { height, width, inChannels, kernelHeight, kernelWidth, stride, padding } = g;
      for (let i = 0; i < count; i++) {
        wasm.col2im(
          ...[cols + i * perPicture, height, width, inChannels, kernelHeight, kernelWidth],
          ...[stride, padding, g.outHeight, g.outWidth, pdx + (b0 + i) * inSize * 4],
        );
      }
    }
    arena.copyOut(dw, pdw);
    arena.copyOut(db, pdb);
    if (dx) arena.copyOut(dx, pdx);
  }

  channelMoments(
    x: Float32Array,
    origin: Float64Array,
    sum: Float64Array,
    sum2: Float64Array,
  ): void {
    const arena = this.#arena;
    const channels = origin.length;
    x = need(x, x.length, 'channelMoments: x');
    need(sum, channels, 'channelMoments: sum');
    need(sum2, channels, 'channelMoments: sum2');
    arena.reset(x);
    const px = arena.put(x);
    const po = arena.put(origin);
    const ps = this.#zeros64(channels);
    const ps2 = this.#zeros64(channels);
    this.#wasm.channelMoments(px, x.length / channels, channels, po, ps, ps2);
    sum.set(new Float64Array(this.#wasm.memory.buffer, ps, channels));
    sum2.set(new Float64Array(this.#wasm.memory.buffer, ps2, channels));
  }

  channelDots(
    dy: Float32Array,
    x: Float32Array,
    sum: Float64Array,
    sumProduct: Float64Array,
    gate: Float32Array | null = null,
  ): void {
    const arena = this.#arena;
    const channels = sum.length;
    const n = longest(dy, x, gate);
    dy = need(dy, n, 'channelDots: dy');
    x = need(x, n, 'channelDots: x');
    gate = gate && need(gate, n, 'channelDots: gate');
    need(sumProduct, channels, 'channelDots: sumProduct');
    arena.reset(dy, x, gate);
    const pdy = arena.put(dy);
    const px = arena.put(x);
    const pg = gate ? arena.put(gate) : 0;
    const ps = this.#zeros64(channels);
    const pp = this.#zeros64(channels);
    this.#wasm.channelDots(pdy, px, x.length / channels, channels, ps, pp, pg);
    sum.set(new Float64Array(this.#wasm.memory.buffer, ps, channels));
    sumProduct.set(new Float64Array(this.#wasm.memory.buffer, pp, channels));
  }

  channelAffine(
    u: Float32Array,
    v: Float32Array | null,
    a: Float64Array,
    b: Float64Array | null,
    k: Float64Array,
    out: Float32Array,
    { gate = null, relu = null }: ChannelAffineFusion = {},
  ): void {
    const arena = this.#arena;
    const channels = a.length;
    const n = longest(u, v, out, gate, relu);
    const rows = n / channels;
    u = need(u, n, 'channelAffine: u');
    out = need(out, n, 'channelAffine: out');
    need(k, channels, 'channelAffine: k');
    if (b) need(b, channels, 'channelAffine: b');
    v = v && need(v, n, 'channelAffine: v');
    const G = gate && need(gate, n, 'channelAffine: gate');
    const R = relu && need(relu, n, 'channelAffine: relu');
    arena.reset(u, v, out, G, R);
    const pu = arena.put(u);
    const pv = v ? arena.put(v) : 0;
    const pg = G ? arena.put(G) : 0;
    const pa = this.#put32(a);
    const pb = b ? this.#put32(b) : 0;
    const pk = this.#put32(k);
    const po = arena.result(out);
    const pr = R ? arena.result(R) : 0;
    this.#wasm.channelAffine(pu, pv, rows, channels, pa, pb, pk, po, pg, pr);
    arena.copyOut(out, po);
    if (R) arena.copyOut(R, pr);
  }

  relu(x: Float32Array, y: Float32Array): void {
    const arena = this.#arena;
    const n = longest(x, y);
    x = need(x, n, 'relu: x');
    y = need(y, n, 'relu: y');
    arena.reset(x, y);
    const px = arena.put(x);
    const py = arena.result(y);
    this.#wasm.relu(px, n, py);
    arena.copyOut(y, py);
  }

  reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void {
    const arena = this.#arena;
    const n = longest(y, dy, dx);
    y = need(y, n, 'relu backward: y');
    dy = need(dy, n, 'relu backward: dy');
    dx = need(dx, n, 'relu backward: dx');
    arena.reset(y, dy, dx);
    const py = arena.put(y);
    const pdy = arena.put(dy);
    const pdx = arena.result(dx);
    this.#wasm.reluBackward(py, pdy, n, pdx);
    arena.copyOut(dx, pdx);
  }

  maxPoolForward(g: PoolGeometry, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
    const { arena, outH, outW, inSize, outSize } = this.#pool(g);
    x = need(x, inSize, 'maxpool2d: x');
    y = need(y, outSize, 'maxpool2d: y');
    if (argmax.length < outSize) {
      throw new RangeError(
        `maxpool2d: argmax has ${argmax.length} values; its shape needs ${outSize}`,
      );
    }
    arena.reset(x, y);
    const px = arena.put(x);
    const py = arena.result(y);
    const pa = arena.take(outSize * 4);
    const { batch, height, width, channels, size, stride } = g;
    this.#wasm.maxPoolForward(
      ...[px, batch, height, width, channels, size, stride, outH, outW, py, pa],
    );
    arena.copyOut(y, py);
    argmax.set(new Int32Array(this.#wasm.memory.buffer, pa, outSize));
  }

  maxPoolBackward(g: PoolGeometry, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
    const { arena, outH, outW, inSize, outSize } = this.#pool(g);
    dy = need(dy, outSize, 'maxpool2d backward: dy');
    dx = need(dx, inSize, 'maxpool2d backward: dx');
    if (argmax.length < outSize) {
      throw new RangeError(
        `maxpool2d backward: argmax has ${argmax.length} values; its shape needs ${outSize}`,
      );
    }
    arena.reset(dy, dx);
    const pdy = arena.put(dy);
    const pa = arena.take(outSize * 4);
    new Int32Array(this.#wasm.memory.buffer, pa, outSize).set(argmax.subarray(0, outSize));
    const pdx = arena.result(dx);
    const { batch, height, width, channels, size, stride } = g;
    this.#wasm.maxPoolBackward(
      ...[pdy, pa, batch, height, width, channels, size, stride, outH, outW, pdx],
    );
    arena.copyOut(dx, pdx);
  }

  avgPoolForward(g: PoolGeometry, x: Float32Array, y: Float32Array): void {
    const { arena, outH, outW, inSize, outSize } = this.#pool(g);
    x = need(x, inSize, 'avgpool2d: x');
    y = need(y, outSize, 'avgpool2d: y');
    arena.reset(x, y);
    const px = arena.put(x);
    const py = arena.result(y);
    const { batch, height, width, channels, size, stride } = g;
    this.#wasm.avgPoolForward(
      ...[px, batch, height, width, channels, size, stride, outH, outW, py],
    );
    arena.copyOut(y, py);
  }

  avgPoolBackward(g: PoolGeometry, dy: Float32Array, dx: Float32Array): void {
    const { arena, outH, outW, inSize, outSize } = this.#pool(g);
    dy = need(dy, outSize, 'avgpool2d backward: dy');
    dx = need(dx, inSize, 'avgpool2d backward: dx');
    arena.reset(dy, dx);
    const pdy = arena.put(dy);
    const pdx = arena.result(dx);
    const { batch, height, width, channels, size, stride } = g;
    this.#wasm.avgPoolBackward(
      ...[pdy, batch, height, width, channels, size, stride, outH, outW, pdx],
    );
    arena.copyOut(dx, pdx);
  }

  /** Float64 coefficients as float32 in the module's memory, converted on the copy. */
  #put32(values: Float64Array): number {
    const at = this.#arena.take(values.length * 4);
    this.#arena.view(at, values.length).set(values);
    return at;
  }

  /** Float64 sums starting at 0. */
  #zeros64(length: number): number {
    const at = this.#arena.take(length * 8);
    new Float64Array(this.#wasm.memory.buffer, at, length).fill(0);
    return at;
  }

  /** A pooling call's sizes; the caller starts the call (`reset`) with its operands. */
  #pool(g: PoolGeometry) {
    const outH = poolOutputSize(g.height, g.size, g.stride);
    const outW = poolOutputSize(g.width, g.size, g.stride);
    return {
      arena: this.#arena,
      outH,
      outW,
      inSize: g.batch * g.height * g.width * g.channels,
      outSize: g.batch * outH * outW * g.channels,
    };
  }

  #layout(g: ConvGeometry) {
    return {
      wasm: this.#wasm,
      arena: this.#arena,
      rows: g.outHeight * g.outWidth,
      patch: g.kernelHeight * g.kernelWidth * g.inChannels,
      inSize: g.height * g.width * g.inChannels,
      outSize: g.outHeight * g.outWidth * g.outChannels,
    };
  }

  /**
   * The Winograd tile a convolution of layer g's kernel takes from inChannels to outChannels at
   * outHeight × outWidth (the option decides), or null for the other paths.
   */
  #winogradTile(
    g: ConvGeometry,
    inChannels: number,
    outChannels: number,
    outHeight: number,
    outWidth: number,
  ): WinogradTile | null {
    const { winograd = 'measured' } = this.options;
    if (winograd === 'never' || !winogradTakes(g, outChannels)) return null;
    if (winograd === 'f2x2') return 2;
    if (winograd === 'f4x4') return 4;
    return winogradTile(inChannels, outHeight, outWidth);
  }

  #im2col(g: ConvGeometry, x: number, cols: number): void {
    const { height, width, inChannels, kernelHeight, kernelWidth, stride, padding } = g;
    this.#wasm.im2col(
      ...[x, height, width, inChannels, kernelHeight, kernelWidth, stride, padding],
      ...[g.outHeight, g.outWidth, cols],
    );
  }
}

/** The direct kernel takes stride 1 and whole groups of 8 output channels. */
function direct(stride: number, outChannels: number): boolean {
  return stride === 1 && outChannels % 8 === 0;
}

function paddedSize(g: ConvGeometry, top: number, left: number): number {
  return (g.height + 2 * top) * (g.width + 2 * left) * g.inChannels;
}

let modules: { relaxed: WasmModule | null; simd: WasmModule | null } | undefined;

/** Compiles both variants once; null where the host lacks the feature. */
function compiled() {
  if (!modules) {
    const load = (base64: string) => {
      const bytes = bytesOf(base64);
      return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    };
    modules = { relaxed: load(RELAXED_SIMD_WASM), simd: load(SIMD_WASM) };
  }
  return modules;
}

/**
 * A new instance of the fastest kernels this host runs (relaxed SIMD, then SIMD), or null
 * where WebAssembly SIMD is missing. Each instance has its own memory: one per worker.
 */
export function createWasmKernels(
  variant: 'best' | 'simd' = 'best',
  options: WasmKernelOptions = {},
): WasmKernels | null {
  const { relaxed, simd } = compiled();
  if (variant === 'best' && relaxed) return new WasmKernels(relaxed, 'wasm-relaxed-simd', options);
  return simd ? new WasmKernels(simd, 'wasm-simd', options) : null;
}
