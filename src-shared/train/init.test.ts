import { describe, expect, it } from 'vitest';
import { notebookNetwork } from '../net/init.ts';
import { RandomState } from '../rng/random-state.ts';
import type { DenseLayer } from '../layers/index.ts';
import { initNetwork } from './init.ts';

describe('initNetwork', () => {
  it('draws 0.01·randn weights layer after layer, as nnfs’s Layer_Dense', () => {
    const network = initNetwork({ sizes: [2, 4, 3], activations: ['relu', 'softmax'] });
    expect(network.layers.map((l) => l.type)).toEqual([
      'input',
      'dense',
      'relu',
      'dense',
      'softmax',
    ]);
    const draws = new RandomState(0).randn(2 * 4 + 4 * 3).data;
    const w1 = (network.layers[1] as DenseLayer).weights;
    const w2 = (network.layers[3] as DenseLayer).weights;
    expect(w1.shape).toEqual([2, 4]);
    expect([...w1.data, ...w2.data]).toEqual([...draws].map((g) => 0.01 * g));
    expect([...(network.layers[3] as DenseLayer).biases.data]).toEqual([0, 0, 0]);
  });

  it('with scale 0.1 gives the notebook’s network', () => {
    const options = { seed: 3, sizes: [4, 5, 2], activations: ['relu', 'softmax'] } as const;
    expect(initNetwork({ ...options, scale: 0.1 })).toEqual(notebookNetwork(options));
  });

  it('continues a shared generator, as nnfs draws layers after its data', () => {
    const random = new RandomState(0);
    random.randn(10);
    const network = initNetwork({ sizes: [1, 2], random });
    const fresh = new RandomState(0).randn(12).data;
    expect([...(network.layers[1] as DenseLayer).weights.data]).toEqual([
      0.01 * fresh[10]!,
      0.01 * fresh[11]!,
    ]);
  });

  it('checks its sizes', () => {
    expect(() => initNetwork({ sizes: [2] })).toThrow('at least two sizes');
    expect(() => initNetwork({ sizes: [2, 0] })).toThrow(
      'layer size 2 must be a whole number ≥ 1, found 0',
    );
    expect(() => initNetwork({ sizes: [2, 3], activations: [] })).toThrow(
      '1 Dense layers need 1 activations, found 0',
    );
  });
});
