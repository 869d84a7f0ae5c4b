/** The input layer: rows of features, one neuron per feature. */
import { ShapeError } from '../tensor/ops.ts';
import { MAX_UNITS } from '../model-file/limits.ts';
import type { LayerKind } from './kind.ts';

export interface InputLayer {
  readonly type: 'input';
  /** Features per sample: the number of input neurons. */
  readonly units: number;
}

export const inputKind: LayerKind<InputLayer> = {
  type: 'input',
  label: 'Input',
  hint: 'the features of one sample',
  role: 'input',
  settings: [{ key: 'units', label: 'Features', min: 1, max: 1_000_000, integer: true }],
  defaults: { units: 4 },
  settingsOf: (layer) => ({ units: layer.units }),
  describe: (l) => `${l.units} features per sample, passed on as they are`,
  create: ({ units }) => ({ type: 'input', units: units! }),
  outputShape(layer, inputs) {
    const given = inputs[0];
    if (given && (given.length !== 1 || given[0] !== layer.units)) {
      throw new ShapeError(
        `the input layer takes ${layer.units} features per sample, found shape (${given.join(', ')})`,
      );
    }
    return [layer.units];
  },
  parameters: () => [],
  runtime: (layer) => ({
    outShape: [layer.units],
    params: [],
    forward: (xs) => xs[0]!,
    backward() {},
    toLayer: () => ({ ...layer }),
  }),
  file: {
    keys: ['units'],
    write: (layer) => ({ units: layer.units }),
    read: (from) => ({
      type: 'input',
      units: from.size('units', MAX_UNITS, 'units'),
    }),
  },
};
