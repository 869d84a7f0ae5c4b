/** (batch, H, W, C) → (batch, H·W·C): the same values read as rows, so Dense layers can follow. */
import { sizeOf } from '../tensor/tensor.ts';
import { bareFileForm } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { single } from './shapes.ts';

export interface FlattenLayer {
  readonly type: 'flatten';
}

export const flattenKind: LayerKind<FlattenLayer> = {
  type: 'flatten',
  label: 'Flatten',
  hint: 'a picture read as one row of features',
  role: 'layer',
  settings: [],
  defaults: {},
  settingsOf: () => ({}),
  describe: () => 'each sample as one row of features',
  create: () => ({ type: 'flatten' }),
  outputShape: (_layer, inputs) => [sizeOf(single('flatten', inputs))],
  parameters: () => [],
  runtime: (layer, inputs) => ({
    outShape: [sizeOf(inputs[0]!)],
    params: [],
    // The input itself: no layer writes over its input, so sharing the buffer is safe.
    forward: (xs) => xs[0]!,
    backward(dy, [dx]) {
      dx?.set(dy);
    },
    toLayer: () => ({ ...layer }),
  }),
  file: bareFileForm('flatten'),
};
