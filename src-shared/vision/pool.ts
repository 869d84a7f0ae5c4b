/**
 * Max pooling and global average pooling over NHWC float32 activations, forward and backward.
 * Max pooling records the flat input index of each window's maximum, so its backward pass is
 * one scatter.
 */
import type { MaxPool2DLayer } from '../nn/image-layers.ts';
import {
  IndexScratch,
  Scratch,
  type Param,
  type RuntimeLayer,
  type VisionLayer,
} from './runtime-layer.ts';

export interface PoolGeometry {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Window size and step. */
  readonly size: number;
  readonly stride: number;
}

/** Windows that fit along one side: ⌊(n − size) / stride⌋ + 1, no padding (≤ 0 when none fits). */
export function poolOutputSize(n: number, size: number, stride: number): number {
  return n < size ? 0 : Math.floor((n - size) / stride) + 1;
}

/** y = max over each window; `argmax` (same length as y) gets the winning input index. */
export function maxPoolForward(
  g: PoolGeometry,
  x: Float32Array,
  y: Float32Array,
  argmax: Int32Array | null,
): void {
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
          if (argmax) argmax[o] = best;
        }
      }
    }
  }
}

/** dx = 0 except dx[argmax[i]] += dy[i] (windows overlap when stride < size). */
export function maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
  dx.fill(0);
  for (let i = 0; i < dy.length; i++) {
    const at = argmax[i]!;
    dx[at] = dx[at]! + dy[i]!;
  }
}

/** y (batch, channels) = mean of x (batch, pixels, channels) over the pixels. */
export function globalAvgPoolForward(
  batch: number,
  pixels: number,
  channels: number,
  x: Float32Array,
  y: Float32Array,
): void {
  const plane = pixels * channels;
  for (let b = 0; b < batch; b++) {
    const start = b * plane;
    for (let c = 0; c < channels; c++) {
      // Strided, but with a double accumulator: float32 sums over 4096 pixels drift.
      let sum = 0;
      for (let at = start + c; at < start + plane; at += channels) sum += x[at]!;
      y[b * channels + c] = sum / pixels;
    }
  }
}

/** dx = dy / pixels, spread over every pixel of the picture. */
export function globalAvgPoolBackward(
  batch: number,
  pixels: number,
  channels: number,
  dy: Float32Array,
  dx: Float32Array,
): void {
  const scale = 1 / pixels;
  let at = 0;
  for (let b = 0; b < batch; b++) {
    const row = b * channels;
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < channels; c++, at++) dx[at] = dy[row + c]! * scale;
    }
  }
}

export class MaxPoolRuntime implements RuntimeLayer {
  readonly outShape: readonly number[];
  readonly params: readonly Param[] = [];
  private readonly output = new Scratch();
  private readonly argmax = new IndexScratch();
  private winners: Int32Array = new Int32Array(0);

  constructor(
    private readonly layer: MaxPool2DLayer,
    private readonly inShape: readonly number[],
  ) {
    const [h, w, c] = inShape as [number, number, number];
    const { size, stride } = layer;
    this.outShape = [poolOutputSize(h, size, stride), poolOutputSize(w, size, stride), c];
  }

  forward(x: Float32Array, batch: number): Float32Array {
    const [height, width, channels] = this.inShape as [number, number, number];
    const n = batch * this.outShape[0]! * this.outShape[1]! * channels;
    const y = this.output.get(n);
    this.winners = this.argmax.get(n);
    const { size, stride } = this.layer;
    maxPoolForward({ batch, height, width, channels, size, stride }, x, y, this.winners);
    return y;
  }

  backward(dy: Float32Array, spare: Float32Array, needDx: boolean): Float32Array | null {
    if (!needDx) return null;
    maxPoolBackward(dy, this.winners, spare);
    return spare;
  }

  toLayer(): VisionLayer {
    return { ...this.layer };
  }
}

export class GlobalAvgPoolRuntime implements RuntimeLayer {
  readonly outShape: readonly number[];
  readonly params: readonly Param[] = [];
  private readonly output = new Scratch();
  private readonly pixels: number;
  private batch = 0;

  constructor(inShape: readonly number[]) {
    this.pixels = inShape[0]! * inShape[1]!;
    this.outShape = [inShape[2]!];
  }

  forward(x: Float32Array, batch: number): Float32Array {
    this.batch = batch;
    const y = this.output.get(batch * this.outShape[0]!);
    globalAvgPoolForward(batch, this.pixels, this.outShape[0]!, x, y);
    return y;
  }

  backward(dy: Float32Array, spare: Float32Array, needDx: boolean): Float32Array | null {
    if (!needDx) return null;
    globalAvgPoolBackward(this.batch, this.pixels, this.outShape[0]!, dy, spare);
    return spare;
  }

  toLayer(): VisionLayer {
    return { type: 'globalavgpool' };
  }
}
