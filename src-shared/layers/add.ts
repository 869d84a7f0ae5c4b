/** Add: the sum of two or more inputs of one shape, as a residual block's skip connection. */
import { ShapeError } from '../tensor/ops.ts';
import type { Shape } from '../tensor/tensor.ts';
import { bareFileForm } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { describeShape } from './shapes.ts';

export interface AddLayer {
  readonly type: 'add';
}

function sameShape(inputs: readonly Shape[]): number[] {
  if (inputs.length < 2) {
    throw new ShapeError(`add takes two or more inputs, found ${inputs.length} — wire another in`);
  }
  const [first, ...rest] = inputs as [Shape, ...Shape[]];
  for (const [i, other] of rest.entries()) {
    if (other.length !== first.length || other.some((d, k) => d !== first[k])) {
      throw new ShapeError(
        `add needs inputs of one shape: input 1 is ${describeShape(first)}, input ${i + 2} is ${describeShape(other)} — make them equal (a 1×1 Conv2D or a Dense layer can change one)`,
      );
    }
  }
  return [...first];
}

export const addKind: LayerKind<AddLayer> = {
  type: 'add',
  label: 'Add',
  hint: 'x₁ + x₂ + …, value by value',
  role: 'merge',
  settings: [],
  defaults: {},
  settingsOf: () => ({}),
  describe: () => 'the sum of its inputs, value by value',
  create: () => ({ type: 'add' }),
  outputShape: (_layer, inputs) => sameShape(inputs),
  parameters: () => [],
  runtime(layer, inputs, backend) {
    const output = backend.scratch();
    return {
      outShape: sameShape(inputs),
      params: [],
      forward(xs) {
        const y = output.get(xs[0]!.length);
        y.set(xs[0]!);
        for (const x of xs.slice(1)) for (let i = 0; i < y.length; i++) y[i] = y[i]! + x[i]!;
        return y;
      },
      // Each input's gradient is the output's.
      backward(dy, dxs) {
        for (const dx of dxs) dx?.set(dy);
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: bareFileForm('add'),
};
