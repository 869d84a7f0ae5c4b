/**
 * Max pooling over NHWC pictures: each output is the largest value of its window (the backend's
 * kernels). The forward pass records the flat input index of each window's maximum, so the
 * backward pass needs only those.
 */
import { poolPassBytes } from '../kernels/working-set.ts';
import { sizeOf } from '../tensor/tensor.ts';
import type { LayerKind } from './kind.ts';
import { POOL_SETTINGS, poolFileForm, poolOutputShape, poolSettingsOf } from './pool-geometry.ts';
import { IndexScratch } from './scratch.ts';

export interface MaxPool2DLayer {
  readonly type: 'maxpool2d';
  readonly size: number;
  readonly stride: number;
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
      kernelBytes: (batch, precision) =>
        precision === 'float64' ? 0 : poolPassBytes(batch * sizeOf(inputs[0]!), batch * outValues),
    };
  },
  runtime(layer, inputs, backend) {
    const [height, width, channels] = inputs[0]! as [number, number, number];
    const outShape = poolOutputShape('maxpool2d', layer, inputs);
    const output = backend.scratch();
    const argmax = new IndexScratch();
    let winners: Int32Array = new Int32Array(0);
    let geometry = { batch: 0, height, width, channels, size: layer.size, stride: layer.stride };
    return {
      outShape,
      params: [],
      forward(xs, batch) {
        const n = batch * outShape[0]! * outShape[1]! * channels;
        const y = output.get(n);
        winners = argmax.get(n);
        geometry = { ...geometry, batch };
        backend.maxPoolForward(geometry, xs[0]!, y, winners);
        return y;
      },
      backward(dy, [dx]) {
        if (dx) backend.maxPoolBackward(geometry, dy, winners, dx);
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: poolFileForm('maxpool2d'),
};
