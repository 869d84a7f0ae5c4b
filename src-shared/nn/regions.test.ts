import { describe, expect, it } from 'vitest';
import { fromNested } from '../tensor/tensor.ts';
import type { Network } from '../net/network.ts';
import { boundsOf, decisionRegions } from './regions.ts';

describe('decision regions', () => {
  // Class 0 where x < 0, class 1 where x > 0: logits (−x, x) through softmax.
  const network: Network = {
    layers: [
      { type: 'input', units: 2 },
      {
        type: 'dense',
        weights: fromNested([
          [-10, 10],
          [0, 0],
        ]),
        biases: fromNested([0, 0]),
      },
      { type: 'softmax' },
    ],
  };

  it('predicts each cell from its centre, row 0 at the top', () => {
    const regions = decisionRegions(network, { x0: -1, x1: 1, y0: -1, y1: 1 }, 4);
    expect(Array.from(regions.classes)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
    expect(regions.confidence[0]).toBeGreaterThan(0.99);
  });

  it('pads the bounds of the data by 5%', () => {
    expect(boundsOf([0, 0, 10, 20])).toEqual({ x0: -1, x1: 11, y0: -1, y1: 21 });
  });
});
