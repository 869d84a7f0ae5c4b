/**
 * Average pooling over NHWC pictures: each output is the mean of its window (the backend's
 * kernels).
 */
import { poolPassBytes } from '../kernels/working-set.ts';
import { sizeOf } from '../tensor/tensor.ts';
import type { LayerKind } from './kind.ts';
import { POOL_SETTINGS, poolFileForm, poolOutputShape, poolSettingsOf } from './pool-geometry.ts';

export interface AvgPool2DLayer {
  readonly type: 'avgpool2d';
  readonly size: number;
  readonly stride: number;
}

export const avgPool2dKind: LayerKind<AvgPool2DLayer> = {
  type: 'avgpool2d',
  label: 'AvgPool2D',
  hint: 'the mean of each window',
  role: 'layer',
  settings: POOL_SETTINGS,
  defaults: { size: 2, stride: 2 },
  settingsOf: poolSettingsOf,
  describe: (l) => `the mean of each ${l.size}×${l.size} window, stride ${l.stride}`,
  create: ({ size, stride }) => ({ type: 'avgpool2d', size: size!, stride: stride! }),
  outputShape: (layer, inputs) => poolOutputShape('avgpool2d', layer, inputs),
  parameters: () => [],
  cost(layer, inputs) {
    const outValues = sizeOf(poolOutputShape('avgpool2d', layer, inputs));
    return {
      flops: outValues * layer.size * layer.size,
      kernelBytes: (batch, precision) =>
        precision === 'float64' ? 0 : poolPassBytes(batch * sizeOf(inputs[0]!), batch * outValues),
    };
  },
  runtime(layer, inputs, backend) {
    const [height, width, channels] = inputs[0]! as [number, number, number];
    const outShape = poolOutputShape('avgpool2d', layer, inputs);
    const output = backend.scratch();
    let geometry = { batch: 0, height, width, channels, size: layer.size, stride: layer.stride };
    return {
      outShape,
      params: [],
      forward(xs, batch) {
        geometry = { ...geometry, batch };
        const y = output.get(batch * sizeOf(outShape));
        backend.avgPoolForward(geometry, xs[0]!, y);
        return y;
      },
      backward(dy, [dx]) {
        if (dx) backend.avgPoolBackward(geometry, dy, dx);
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: poolFileForm('avgpool2d'),
};
