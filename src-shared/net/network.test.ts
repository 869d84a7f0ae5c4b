import { describe, expect, it } from 'vitest';
import { formatArray } from '../numpy/format.ts';
import { fromNested } from '../tensor/tensor.ts';
import { numpyCore } from '../nn/fixtures/numpy-core.ts';
import { layerUnits } from '../net/network.ts';
import { forward } from './forward.ts';
import { notebookNetwork } from '../net/init.ts';

describe('notebookNetwork (Layer_Dense after np.random.seed)', () => {
  it.each(numpyCore.layer_dense.map((c) => [c.seed, c.sizes.join('-'), c] as const))(
    'seed %s, sizes %s: same weights bit for bit, same printed outputs',
    (_seed, _sizes, { seed, sizes, inputs, weights, outputs }) => {
      const network = notebookNetwork({ seed, sizes });
      const dense = network.layers.filter((l) => l.type === 'dense');
      dense.forEach((layer, i) => {
        expect(layer.weights.shape).toEqual([sizes[i], sizes[i + 1]]);
        expect(Array.from(layer.weights.data)).toEqual(weights[i]);
        expect(Array.from(layer.biases.data)).toEqual(new Array(sizes[i + 1]).fill(0));
      });
      const actual = forward(network, fromNested(inputs));
      actual.forEach((output, i) => {
        expect(output.shape).toEqual(outputs[i]!.shape);
        // NumPy's BLAS may sum in another order: equal to the last few bits, identical when printed.
        output.data.forEach((v, j) => expect(v).toBeCloseTo(outputs[i]!.values[j]!, 12));
        expect(formatArray(output)).toBe(outputs[i]!.printed);
      });
    },
  );

  it('puts an activation after each Dense layer and counts units', () => {
    const network = notebookNetwork({
      seed: 0,
      sizes: [4, 5, 2],
      activations: ['relu', 'softmax'],
    });
    expect(network.layers.map((l) => l.type)).toEqual([
      'input',
      'dense',
      'relu',
      'dense',
      'softmax',
    ]);
    expect(layerUnits(network)).toEqual([4, 5, 5, 2, 2]);
    const [, relu, , softmax] = forward(network, fromNested([[1, 2, 3, 2.5]]));
    expect(Math.min(...relu!.data)).toBeGreaterThanOrEqual(0);
    expect(softmax!.data[0]! + softmax!.data[1]!).toBeCloseTo(1, 15);
  });

  it('refuses mismatched activations and sizes with a reason', () => {
    expect(() => notebookNetwork({ seed: 0, sizes: [4, 5, 2], activations: ['relu'] })).toThrow(
      '2 Dense layers need 2 activations, found 1',
    );
    expect(() => notebookNetwork({ seed: 0, sizes: [4, 0] })).toThrow(
      'layer size 2 must be a whole number ≥ 1, found 0',
    );
    expect(() => notebookNetwork({ seed: 0, sizes: [4] })).toThrow('at least two sizes');
  });

  it('names the layer where a forward pass fails', () => {
    expect(() =>
      forward(notebookNetwork({ seed: 0, sizes: [4, 5] }), fromNested([[1, 2, 3]])),
    ).toThrow(
      'layers[0] (input): the input layer takes 4 features per sample, found 3 (inputs of shape (1, 3))',
    );
  });
});
