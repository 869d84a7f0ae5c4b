import { describe, expect, it } from 'vitest';
import type { DenseLayer } from '../nn/layers.ts';
import { forwardLayer } from '../nn/layers.ts';
import { fromNested, toNested, type Tensor } from '../tensor/tensor.ts';
import { denseBackward, denseForward } from './dense.ts';
import { numericGradient, randomTensor, relativeError, weightedSum } from './test-support.ts';

const layer: DenseLayer = {
  type: 'dense',
  weights: randomTensor([4, 3], 10, 0.5),
  biases: randomTensor([3], 11, 0.1),
};
const inputs = randomTensor([6, 4], 12);
/** The loss Σ output ⊙ R has dL/doutput = R. */
const r = randomTensor([6, 3], 13);
const loss = () => weightedSum(denseForward(layer, inputs), r);

describe('Dense forward', () => {
  it('gives the app’s forward pass bit for bit', () => {
    expect([...denseForward(layer, inputs).data]).toEqual([...forwardLayer(layer, inputs).data]);
  });

  it('names the shapes when a batch does not fit', () => {
    expect(() => denseForward(layer, randomTensor([6, 3], 1))).toThrow(
      'a Dense layer with weights of shape (4, 3) takes inputs of shape (batch, 4), found (6, 3)',
    );
  });
});

describe('Dense backward', () => {
  const grads = denseBackward(layer, inputs, r);

  it('matches the book’s small example', () => {
    // nnfs ch. 9: dvalues of ones through weights.T and inputs.T.
    const w = fromNested([
      [0.2, 0.5, -0.26],
      [0.8, -0.91, -0.27],
      [-0.5, 0.26, 0.17],
      [1.0, -0.5, 0.87],
    ]);
    const x = fromNested([
      [1, 2, 3, 2.5],
      [2, 5, -1, 2],
      [-1.5, 2.7, 3.3, -0.8],
    ]);
    const ones = fromNested([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
    const g = denseBackward(
      { type: 'dense', weights: w, biases: fromNested([2, 3, 0.5]) },
      x,
      ones,
    );
    expect(toNested(g.dbiases)).toEqual([6, 6, 6]);
    const round = (m: number[][]) => m.map((row) => row.map((v) => +v.toFixed(12)));
    expect(round(toNested(g.dweights) as number[][])).toEqual([
      [0.5, 0.5, 0.5],
      [20.1, 20.1, 20.1],
      [10.9, 10.9, 10.9],
      [4.1, 4.1, 4.1],
    ]);
    expect((toNested(g.dinputs) as number[][])[0]!.map((v) => +v.toFixed(12))).toEqual([
      0.44, -0.38, -0.07, 1.37,
    ]);
  });

  it.each([
    ['dweights', layer.weights, () => grads.dweights],
    ['dbiases', layer.biases, () => grads.dbiases],
    ['dinputs', inputs, () => grads.dinputs],
  ] as [string, Tensor, () => Tensor][])(
    '%s agrees with central differences',
    (_name, values, analytic) => {
      const numeric = numericGradient(values.data, loss);
      expect(relativeError(analytic().data, numeric)).toBeLessThan(1e-6);
    },
  );

  it('refuses dvalues of the wrong shape', () => {
    expect(() => denseBackward(layer, inputs, randomTensor([6, 2], 1))).toThrow(
      "dvalues must have the output's shape (6, 3), found (6, 2)",
    );
  });
});
