/** Global average pooling: each channel's mean over the whole picture, (H, W, C) → (C,). */
import { sizeOf, type TypedArray } from '../tensor/tensor.ts';
import { bareFileForm } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { expectPicture } from './shapes.ts';

export interface GlobalAvgPoolLayer {
  readonly type: 'globalavgpool';
}

/** y (batch, channels) = mean of x (batch, pixels, channels) over the pixels. */
export function globalAvgPoolForward(
  batch: number,
  pixels: number,
  channels: number,
  x: TypedArray,
  y: TypedArray,
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

export const globalAvgPoolKind: LayerKind<GlobalAvgPoolLayer> = {
  type: 'globalavgpool',
  label: 'GlobalAvgPool',
  hint: "each channel's mean over the picture",
  role: 'layer',
  settings: [],
  defaults: {},
  settingsOf: () => ({}),
  describe: () => 'the mean of each channel over the picture',
  create: () => ({ type: 'globalavgpool' }),
  outputShape(_layer, inputs) {
    const [, , c] = expectPicture('globalavgpool', inputs);
    return [c];
  },
  parameters: () => [],
  cost: (_layer, inputs) => ({ flops: sizeOf(inputs[0]!) }),
  runtime(layer, inputs, backend) {
    const [h, w, channels] = inputs[0]! as [number, number, number];
    const pixels = h * w;
    const output = backend.scratch();
    let batch = 0;
    return {
      outShape: [channels],
      params: [],
      forward(xs, n) {
        batch = n;
        const y = output.get(n * channels);
        globalAvgPoolForward(n, pixels, channels, xs[0]!, y);
        return y;
      },
      // dx = dy / pixels, spread over every pixel of the picture.
      backward(dy, [dx]) {
        if (!dx) return;
        const scale = 1 / pixels;
        let at = 0;
        for (let b = 0; b < batch; b++) {
          const row = b * channels;
          for (let p = 0; p < pixels; p++) {
            for (let c = 0; c < channels; c++, at++) dx[at] = dy[row + c]! * scale;
          }
        }
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: bareFileForm('globalavgpool'),
};
