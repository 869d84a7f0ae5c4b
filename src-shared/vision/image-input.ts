/** The image input: raw 0..255 pixels to normalised values, per channel. */
import type { ImageInputLayer } from '../nn/image-layers.ts';
import { Scratch, type Param, type RuntimeLayer, type VisionLayer } from './runtime-layer.ts';

/**
 * y = (p / 255 − mean[c]) / std[c] over NHWC pixels, computed as p · a[c] + b[c] with
 * a = 1 / (255 · std) and b = −mean / std, so the inner loop has no division.
 */
export function normalizePixels(
  x: ArrayLike<number>,
  y: Float32Array,
  mean: readonly number[],
  std: readonly number[],
): void {
  const channels = mean.length;
  if (channels === 3) {
    // The common RGB case unrolled: no inner channel loop, no per-pixel modulo.
    const a0 = 1 / (255 * std[0]!),
      a1 = 1 / (255 * std[1]!),
      a2 = 1 / (255 * std[2]!);
    const b0 = -mean[0]! / std[0]!,
      b1 = -mean[1]! / std[1]!,
      b2 = -mean[2]! / std[2]!;
    for (let i = 0; i + 2 < x.length; i += 3) {
      y[i] = x[i]! * a0 + b0;
      y[i + 1] = x[i + 1]! * a1 + b1;
      y[i + 2] = x[i + 2]! * a2 + b2;
    }
    return;
  }
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      y[i + c] = (x[i + c]! / 255 - mean[c]!) / std[c]!;
    }
  }
}

/** The first layer: raw pixels in, normalised values out (into its own buffer). */
export class ImageInputRuntime implements RuntimeLayer {
  readonly outShape: readonly number[];
  readonly params: readonly Param[] = [];
  private readonly output = new Scratch();

  constructor(private readonly layer: ImageInputLayer) {
    this.outShape = [layer.height, layer.width, layer.channels];
  }

  forward(x: Float32Array): Float32Array {
    const y = this.output.get(x.length);
    normalizePixels(x, y, this.layer.mean, this.layer.std);
    return y;
  }

  backward(): null {
    return null;
  }

  toLayer(): VisionLayer {
    return { ...this.layer, mean: [...this.layer.mean], std: [...this.layer.std] };
  }
}
