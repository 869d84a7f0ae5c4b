/** Average pooling over NHWC pictures: each output is the mean of its window. */
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
  cost: (layer, inputs) => ({
    flops: sizeOf(poolOutputShape('avgpool2d', layer, inputs)) * layer.size * layer.size,
  }),
  runtime(layer, inputs, backend) {
    const [height, width, c] = inputs[0]! as [number, number, number];
    const outShape = poolOutputShape('avgpool2d', layer, inputs);
    const [outH, outW] = outShape as [number, number, number];
    const { size, stride } = layer;
    const scale = 1 / (size * size);
    const output = backend.scratch();
    let batch = 0;
    /** Calls visit(out index, in index) for every input value of every window, in order. */
    const windows = (visit: (o: number, at: number) => void) => {
      let o = 0;
      for (let b = 0; b < batch; b++) {
        for (let oy = 0; oy < outH; oy++) {
          for (let ox = 0; ox < outW; ox++, o += c) {
            const corner = ((b * height + oy * stride) * width + ox * stride) * c;
            for (let ky = 0; ky < size; ky++) {
              for (let kx = 0; kx < size; kx++) {
                const at = corner + (ky * width + kx) * c;
                for (let ch = 0; ch < c; ch++) visit(o + ch, at + ch);
              }
            }
          }
        }
      }
    };
    return {
      outShape,
      params: [],
      forward(xs, n) {
        batch = n;
        const x = xs[0]!;
        const y = output.get(n * outH * outW * c);
        y.fill(0);
        windows((o, at) => (y[o] = y[o]! + x[at]!));
        for (let i = 0; i < y.length; i++) y[i] = y[i]! * scale;
        return y;
      },
      backward(dy, [dx]) {
        if (!dx) return;
        dx.fill(0);
        windows((o, at) => (dx[at] = dx[at]! + dy[o]! * scale));
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: poolFileForm('avgpool2d'),
};
