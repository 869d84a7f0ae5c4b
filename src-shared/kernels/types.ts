/**
 * The numeric kernels that image training spends its time in. Two implementations share this
 * contract: `reference.ts` (plain loops, the definition) and `wasm.ts` (WebAssembly SIMD, the
 * speed). Tensors are row-major float32; images are NHWC (batch, height, width, channels).
 */

export interface GemmOptions {
  /** A is given as (k, m) and used transposed. */
  readonly transA?: boolean;
  /** B is given as (n, k) and used transposed. */
  readonly transB?: boolean;
  /** C += A·B instead of C = A·B. */
  readonly accumulate?: boolean;
}

/** A 2-D convolution's sizes. `convGeometry` fills in the output size. */
export interface ConvGeometry {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly stride: number;
  /** Zeros added on every side. */
  readonly padding: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/**
 * Memory the kernels compute in, where a float32 net keeps its buffers: a kernel takes an
 * operand that is a view on it in place, so activations pass from layer to layer uncopied.
 * Growing it detaches every view on it (their length becomes 0, the values stay at their
 * addresses): its owner reserves a pass's whole working set first (`clear`), so that nothing
 * grows mid-pass, and takes views afresh when `buffer` changed.
 */
export interface KernelHeap {
  /** The memory now; a view on an earlier buffer is detached. */
  readonly buffer: ArrayBuffer;
  /** Counts `clear`s: a region taken before the last one is no longer its taker's. */
  readonly generation: number;
  /** The address of `bytes` (16-byte aligned) that stay the caller's until the next `clear`. */
  region(bytes: number): number;
  /** Frees every region and grows the memory now so that `bytes` of regions and calls fit. */
  clear(bytes: number): void;
}

export interface Kernels {
  readonly name: string;
  /** The memory of an instance made by `withOwnHeap` (absent: this instance's is shared). */
  readonly heap?: KernelHeap;
  /**
   * A new instance of these kernels with memory of its own, for one float32 net: no other
   * net or call can grow that memory and detach the net's views. Absent for kernels that
   * compute in JavaScript's arrays.
   */
  withOwnHeap?(): Kernels & { readonly heap: KernelHeap };
  /** C (m×n) = A (m×k) · B (k×n). */
  gemm(
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    options?: GemmOptions,
  ): void;
  /**
   * C (m×n) = A (m×k) · B (k×n) in float64, with `transA`/`transB` as `gemm` (no accumulate).
   * Every element is 0 + a₀b₀ + a₁b₁ + … added in ascending order of k, each product rounded
   * before its addition: the order of the notebook's written-out sums, so Dense layers give
   * its numbers bit for bit whichever implementation runs.
   */
  gemm64(
    m: number,
    n: number,
    k: number,
    a: Float64Array,
    b: Float64Array,
    c: Float64Array,
    options?: Omit<GemmOptions, 'accumulate'>,
  ): void;
  /**
   * y (batch, outH, outW, cout) = conv(x (batch, H, W, cin), w (kh, kw, cin, cout)) + bias (cout).
   * Cross-correlation, as every deep-learning library computes it; then the options' ReLU and
   * pooling in the same sweep.
   */
  conv2dForward(
    g: ConvGeometry,
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array,
    y: Float32Array,
    options?: ConvForwardOptions,
  ): void;
  /** Whether conv2dForward takes `pool` for this convolution (absent: for none). */
  poolsInForward?(g: ConvGeometry): boolean;
  /**
   * Gradients of a conv2dForward given dy: dw and db are overwritten with sums over the batch;
   * dx is overwritten when given (the first layer needs none).
   */
  conv2dBackward(
    g: ConvGeometry,
    x: Float32Array,
    w: Float32Array,
    dy: Float32Array,
    dx: Float32Array | null,
    dw: Float32Array,
    db: Float32Array,
  ): void;
  /**
   * BatchNorm's statistics over rows × channels data (channels = origin.length): per channel,
   * sum = Σ (x − origin) and sum2 = Σ (x − origin)², summed in float64 (overwritten).
   */
  channelMoments(
    x: Float32Array,
    origin: Float64Array,
    sum: Float64Array,
    sum2: Float64Array,
  ): void;
  /**
   * Per channel (channels = sum.length): sum = Σ dy and sumProduct = Σ dy · x, in float64.
   * With a gate, dy is multiplied by gate > 0 ? 1 : 0 (a ReLU's output: its mask folded in, a
   * product as `reluBackward`'s, so an infinite dy where the ReLU is off gives NaN).
   */
  channelDots(
    dy: Float32Array,
    x: Float32Array,
    sum: Float64Array,
    sumProduct: Float64Array,
    gate?: Float32Array | null,
  ): void;
  /**
   * out = a · u + b · v + k with one a, b, k per channel (channels = a.length); without b, v
   * is not read: BatchNorm's y = scale · x + shift and dx = a · dy + b · x + k. `gate`: u is
   * multiplied by gate > 0 ? 1 : 0 (as in `channelDots`); `relu`: also receives max(0, out). Together they run BatchNorm
   * and the ReLU after it as one pass each way.
   */
  channelAffine(
    u: Float32Array,
    v: Float32Array | null,
    a: Float64Array,
    b: Float64Array | null,
    k: Float64Array,
    out: Float32Array,
    fused?: ChannelAffineFusion,
  ): void;
  /** y = max(0, x) (a NaN stays NaN), as Math.max. */
  relu(x: Float32Array, y: Float32Array): void;
  /** dx = dy · (y > 0 ? 1 : 0) given the forward's output y. */
  reluBackward(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /**
   * Max pooling over NHWC x: y = each window's largest value, argmax = its flat index into x;
   * the first maximum in window order wins a tie, and a NaN never replaces the running maximum.
   */
  maxPoolForward(g: PoolGeometry, x: Float32Array, y: Float32Array, argmax: Int32Array): void;
  /** dx = 0 but dx[argmax[i]] += dy[i] (windows overlap when stride < size). */
  maxPoolBackward(g: PoolGeometry, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void;
  /** Average pooling over NHWC x: y = each window's values added in window order, / size². */
  avgPoolForward(g: PoolGeometry, x: Float32Array, y: Float32Array): void;
  /** dx = Σ dy / size² over the windows holding each value (0 outside every window). */
  avgPoolBackward(g: PoolGeometry, dy: Float32Array, dx: Float32Array): void;
}

/**
 * What conv2dForward computes after the bias in the same sweep, for a prediction pass, which
 * keeps no layer's own output but the last.
 */
export interface ConvForwardOptions {
  /** y = max(0, ·), as `relu` (a NaN stays NaN). */
  readonly relu?: boolean;
  /**
   * y (batch, ⌊outH / 2⌋, ⌊outW / 2⌋, cout) is instead the 2×2 stride-2 max pool of that, as
   * `maxPoolForward`; only where `poolsInForward` says so.
   */
  readonly pool?: boolean;
}

/** channelAffine's optional ReLU, before (on u, backward) or after it (forward). */
export interface ChannelAffineFusion {
  readonly gate?: Float32Array | null;
  readonly relu?: Float32Array | null;
}

/** A pooling layer's sizes over NHWC pictures (no padding, as Keras's 'valid'). */
export interface PoolGeometry {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly size: number;
  readonly stride: number;
}

/** Windows that fit along one side: ⌊(n − size) / stride⌋ + 1 (0 when none fits). */
export function poolOutputSize(n: number, size: number, stride: number): number {
  return n < size ? 0 : Math.floor((n - size) / stride) + 1;
}

export function convGeometry(g: Omit<ConvGeometry, 'outHeight' | 'outWidth'>): ConvGeometry {
  if (!(g.padding >= 0 && g.padding < g.kernelHeight && g.padding < g.kernelWidth)) {
    // Padding of a whole kernel or more adds outputs that see nothing but zeros.
    throw new RangeError(
      `padding ${g.padding} must be at least 0 and smaller than the ${g.kernelHeight}×${g.kernelWidth} kernel`,
    );
  }
  const outHeight = Math.floor((g.height + 2 * g.padding - g.kernelHeight) / g.stride) + 1;
  const outWidth = Math.floor((g.width + 2 * g.padding - g.kernelWidth) / g.stride) + 1;
  if (outHeight < 1 || outWidth < 1) {
    throw new Error(
      `a ${g.kernelHeight}×${g.kernelWidth} kernel with padding ${g.padding} does not fit a ${g.height}×${g.width} image`,
    );
  }
  return { ...g, outHeight, outWidth };
}
