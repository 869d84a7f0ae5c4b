/**
 * Golden tests: every printed output of the seed notebook (../shared/seed/000_bbde4b56cb2ad60f.txt),
 * reproduced digit for digit.
 */
import { describe, expect, it } from 'vitest';
import { forward } from '../net/forward.ts';
import { formatArray, formatPythonFloat, formatPythonList } from '../numpy/format.ts';
import { RandomState } from '../rng/random-state.ts';
import { dot } from '../tensor/ops.ts';
import { fromNested, type Tensor } from '../tensor/tensor.ts';
import { lessonById } from './index.ts';

const printed = (id: string): string[] => {
  const { network, inputs } = lessonById(id);
  return forward(network, inputs).map((t) => formatArray(t));
};

describe('the notebook, cell by cell', () => {
  it('In [4]: one neuron prints 2.3', () => {
    const { network, inputs } = lessonById('single-neuron');
    const [output] = forward(network, inputs) as [Tensor];
    expect(formatPythonFloat(output.data[0]!)).toBe('2.3');
    expect(formatArray(output)).toBe('[2.3]');
  });

  it('In [12]: 4 inputs, 3 neurons prints [4.8, 1.21, 2.385]', () => {
    const { network, inputs } = lessonById('four-inputs-three-neurons');
    const [output] = forward(network, inputs) as [Tensor];
    expect(formatPythonList(Array.from(output.data))).toBe('[4.8, 1.21, 2.385]');
  });

  it('In [17]: np.dot(weights, inputs) + biases prints [4.8   1.21  2.385]', () => {
    expect(printed('four-inputs-three-neurons')).toEqual(['[4.8   1.21  2.385]']);
  });

  it('In [14]: the un-transposed batch is a shape error that suggests the transpose', () => {
    const X = lessonById('batch').inputs;
    expect(() => dot(X, X)).toThrow(
      'shapes (3,4) and (3,4) not aligned: 4 (dim 1) != 3 (dim 0) — transpose the weights?',
    );
  });

  it('In [16]: a batch of 3 through weights.T', () => {
    expect(printed('batch')).toEqual([
      '[[ 4.8    1.21   2.385]\n [ 8.9   -1.81   0.2  ]\n [ 1.41   1.051  0.026]]',
    ]);
  });

  it('In [18]: two layers', () => {
    expect(printed('two-layers')[1]).toBe(
      '[[ 0.5031  -1.04185 -2.03875]\n [ 0.2434  -2.7332  -5.7633 ]\n [-0.99314  1.41254 -0.35655]]',
    );
  });

  it('In [21]: randn(4, 3) after seed(0), as in the comment', () => {
    expect(formatArray(new RandomState(0).randn(4, 3))).toBe(
      '[[ 1.76405235  0.40015721  0.97873798]\n' +
        ' [ 2.2408932   1.86755799 -0.97727788]\n' +
        ' [ 0.95008842 -0.15135721 -0.10321885]\n' +
        ' [ 0.4105985   0.14404357  1.45427351]]',
    );
  });

  it('In [21]: Layer_Dense(4, 5) and Layer_Dense(5, 2) after seed(0)', () => {
    expect(printed('layer-dense-seed-0')).toEqual([
      '[[ 0.10758131  1.03983522  0.24462411  0.31821498  0.18851053]\n' +
        ' [-0.08349796  0.70846411  0.00293357  0.44701525  0.36360538]\n' +
        ' [-0.50763245  0.55688422  0.07987797 -0.34889573  0.04553042]]',
      '[[ 0.148296   -0.08397602]\n [ 0.14100315 -0.01340469]\n [ 0.20124979 -0.07290616]]',
    ]);
  });

  it('the inputs of every batch lesson are the notebook X', () => {
    expect(lessonById('batch').inputs).toEqual(
      fromNested([
        [1, 2, 3, 2.5],
        [2.0, 5.0, -1.0, 2.0],
        [-1.5, 2.7, 3.3, -0.8],
      ]),
    );
  });
});
