/**
 * Max pooling over NHWC pictures: each output is the largest value of its window. The forward
 * pass records the flat input index of each window's maximum, so the backward pass is one scatter.
 */
import { sizeOf, type TypedArray } from '../tensor/tensor.ts';
import type { LayerKind } from './kind.ts';
import {
  POOL_SETTINGS,
  poolFileForm,
  poolOutputShape,
  poolOutputSize,
  poolSettingsOf,
  type PoolGeometry,
} from './pool-geometry.ts';
import { IndexScratch } from './scratch.ts';

export interface MaxPool2DLayer {
  readonly type: 'maxpool2d';
  readonly size: number;
  readonly stride: number;
}

/** y = max over each window; `argmax` (same length as y) gets the winning input index. */
export function maxPoolForward(
  g: PoolGeometry,
  x: TypedArray,
  y: TypedArray,
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

export const maxPool2dKind: LayerKind<MaxPool2DLayer> = {
  type: 'maxpool2d',
  label: 'MaxPool2D',
  hint: 'the largest value of each window',
  role: 'layer',
  settings: POOL_SETTINGS,
  defaults: { size: 2, stride: 2 },
  settingsOf: poolSettingsOf,
  describe: (l) => `the largest value of each ${l.size}×${l.size} window, stride ${l.stride}`,
  create: ({ size, stride }) => ({ type: 'maxpool2d', size: size!, stride: stride! }),
  outputShape: (layer, inputs) => poolOutputShape('maxpool2d', layer, inputs),
  parameters: () => [],
  cost(layer, inputs) {
    const outValues = sizeOf(poolOutputShape('maxpool2d', layer, inputs));
    return {
      flops: outValues * layer.size * layer.size,
      // Each output's winning index, kept for the backward pass.
      keptBytes: (batch) => 4 * batch * outValues,
    };
  },
  runtime(layer, inputs, backend) {
    const [height, width, channels] = inputs[0]! as [number, number, number];
    const outShape = poolOutputShape('maxpool2d', layer, inputs);
    const output = backend.scratch();
    const argmax = new IndexScratch();
    let winners: Int32Array = new Int32Array(0);
    return {
      outShape,
      params: [],
      forward(xs, batch) {
        const n = batch * outShape[0]! * outShape[1]! * channels;
        const y = output.get(n);
        winners = argmax.get(n);
        const { size, stride } = layer;
        maxPoolForward({ batch, height, width, channels, size, stride }, xs[0]!, y, winners);
        return y;
      },
      // dx = 0 except dx[argmax[i]] += dy[i] (windows overlap when stride < size).
      backward(dy, [dx]) {
        if (!dx) return;
        dx.fill(0);
        for (let i = 0; i < dy.length; i++) {
          const at = winners[i]!;
          dx[at] = dx[at]! + dy[i]!;
        }
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: poolFileForm('maxpool2d'),
};
