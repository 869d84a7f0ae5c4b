import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor/tensor.ts';
import { forward } from './forward.ts';
import { describeNonFinite, firstNonFinite } from './non-finite.ts';
import type { Network } from './network.ts';

/** Input 2 → Dense 2×2 (the given weights) → ReLU → Dense 2×1. */
function network(w: number): Network {
  return {
    layers: [
      { type: 'input', units: 2 },
      { type: 'dense', weights: tensor([1, 0, 0, w], [2, 2]), biases: tensor([0, 0], [2]) },
      { type: 'relu' },
      { type: 'dense', weights: tensor([1, -1], [2, 1]), biases: tensor([0], [1]) },
    ],
  } as Network;
}

describe('firstNonFinite', () => {
  it('is null when every output is finite', () => {
    const outputs = forward(network(2), tensor([1, 2, 3, 4], [2, 2]));
    expect(firstNonFinite(outputs)).toBeNull();
  });

  it('names the first layer and the position where inf or nan appears', () => {
    // 1e308 · 4 overflows in the first Dense at sample 1, unit 1; the last Dense then gives
    // -inf there (0 − inf): the first layer is the one named.
    const net = network(1e308);
    const outputs = forward(net, tensor([1, 0, 3, 4], [2, 2]));
    const found = firstNonFinite(outputs);
    expect(found).toEqual({ layer: 1, position: [1, 1], value: Infinity });
    expect(describeNonFinite(found!, net.layers, ['n1', 'n2', 'n3', 'n4'])).toBe(
      'layers[1] (dense, node "n2") is the first to give a non-finite value: inf at [1, 1] of its output',
    );
    expect(outputs[2]!.data[1]).toBe(-Infinity);
  });

  it('finds nan from inf − inf, and counts layers from the one given', () => {
    const outputs = [tensor([0, 1, 2], [3]), tensor([1, Infinity - Infinity, 3, 4], [2, 2])];
    const found = firstNonFinite(outputs, 5);
    expect(found).toMatchObject({ layer: 6, position: [0, 1] });
    expect(Number.isNaN(found!.value)).toBe(true);
    const layers = Array.from({ length: 7 }, () => ({ type: 'relu' }));
    expect(describeNonFinite(found!, layers)).toBe(
      'layers[6] (relu) is the first to give a non-finite value: nan at [0, 1] of its output',
    );
  });
});
