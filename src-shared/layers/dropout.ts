/**
 * Inverted dropout: while training each value is zeroed with probability `rate` and the rest
 * scaled by 1 / (1 − rate), so inference is the identity. One `randomSample` per value, in order.
 */
import { ShapeError } from '../tensor/ops.ts';
import { sizeOf, type TypedArray } from '../tensor/tensor.ts';
import type { LayerKind } from './kind.ts';
import { Scratch } from './scratch.ts';
import { single } from './shapes.ts';

export interface DropoutLayer {
  readonly type: 'dropout';
  readonly rate: number;
}

export const dropoutKind: LayerKind<DropoutLayer> = {
  type: 'dropout',
  label: 'Dropout',
  hint: 'zeroes a random share of the values while training',
  role: 'layer',
  settings: [{ key: 'rate', label: 'Rate', min: 0, max: 0.95, integer: false }],
  defaults: { rate: 0.5 },
  settingsOf: (l) => ({ rate: l.rate }),
  describe: (l) =>
    `zeroes ${l.rate * 100}% of the values while training, passes them through otherwise`,
  create: ({ rate }) => ({ type: 'dropout', rate: rate! }),
  outputShape(layer, inputs) {
    if (!(layer.rate >= 0 && layer.rate < 1)) {
      throw new ShapeError(`dropout: the rate must be at least 0 and below 1, found ${layer.rate}`);
    }
    return [...single('dropout', inputs)];
  },
  parameters: () => [],
  cost: (_layer, inputs) => ({
    flops: sizeOf(inputs[0]!),
    // Training keeps each value's mask for the backward pass.
    keptBytes: (batch, precision, training) =>
      training ? batch * sizeOf(inputs[0]!) * (precision === 'float32' ? 4 : 8) : 0,
  }),
  runtime(layer, inputs, backend) {
    const output = backend.scratch();
    // An ordinary array even for a float32 net: no kernel reads the masks.
    const masks = new Scratch(backend.precision);
    let mask: TypedArray | null = null;
    return {
      outShape: [...inputs[0]!],
      params: [],
      forward(xs, _batch, { training, rng }) {
        const x = xs[0]!;
        mask = null;
        if (!training || layer.rate <= 0) return x;
        if (!rng) throw new Error('dropout: training needs a RandomState');
        const y = output.get(x.length);
        const m = masks.get(x.length);
        const keep = 1 / (1 - layer.rate);
        for (let i = 0; i < x.length; i++) {
          m[i] = rng.randomSample() < layer.rate ? 0 : keep;
          y[i] = x[i]! * m[i]!;
        }
        mask = m;
        return y;
      },
      backward(dy, [dx]) {
        if (!dx) return;
        if (!mask) dx.set(dy);
        else for (let i = 0; i < dy.length; i++) dx[i] = dy[i]! * mask[i]!;
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: {
    keys: ['rate'],
    write: (layer, out) => ({ rate: out.number(layer.rate, 'rate') }),
    // A rate of 1 would drop every value and leave nothing to scale back up.
    read: (from) => ({
      type: 'dropout',
      rate: from.number(
        'rate',
        'a number from 0 up to but not including 1',
        (r) => r >= 0 && r < 1,
      ),
    }),
  },
};
