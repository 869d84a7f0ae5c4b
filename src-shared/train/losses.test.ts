import { describe, expect, it } from 'vitest';
import { forwardLayer } from '../net/network.ts';
import { fromNested, tensor, type Tensor } from '../tensor/tensor.ts';
import {
  lossGradient,
  lossValue,
  softmaxCrossEntropyGradient,
  type Labels,
  type LossName,
} from './losses.ts';
import { numericGradient, randomTensor, relativeError } from './test-support.ts';

// nnfs ch. 5 and 9: three samples' softmax outputs and their classes.
const softmaxOutputs = fromNested([
  [0.7, 0.1, 0.2],
  [0.1, 0.5, 0.4],
  [0.02, 0.9, 0.08],
]);
const classTargets = Int32Array.from([0, 1, 1]);
const oneHot = fromNested([
  [1, 0, 0],
  [0, 1, 0],
  [0, 1, 0],
]);

describe('categorical cross-entropy', () => {
  it('gives the book’s loss, from class indices or one-hot rows', () => {
    expect(lossValue('categorical-crossentropy', softmaxOutputs, classTargets)).toBe(
      0.38506088005216804,
    );
    expect(lossValue('categorical-crossentropy', softmaxOutputs, oneHot)).toBeCloseTo(
      0.38506088005216804,
      15,
    );
  });

  it('clips a zero confidence to 1e-7 instead of taking log(0)', () => {
    const loss = lossValue('categorical-crossentropy', tensor([0, 1], [1, 2]), Int32Array.of(0));
    expect(loss).toBe(-Math.log(1e-7));
  });

  it('gives the book’s combined softmax gradient (p − onehot) / n', () => {
    const g = softmaxCrossEntropyGradient(softmaxOutputs, classTargets);
    expect([...g.data].map((v) => +v.toFixed(8))).toEqual([
      -0.1, 0.03333333, 0.06666667, 0.03333333, -0.16666667, 0.13333333, 0.00666667, -0.03333333,
      0.02666667,
    ]);
    expect([...softmaxCrossEntropyGradient(softmaxOutputs, oneHot).data]).toEqual([...g.data]);
  });

  it('the combined gradient is the derivative of the loss of softmax(z)', () => {
    const z = randomTensor([4, 3], 31);
    const y = Int32Array.of(2, 0, 1, 1);
    const loss = () =>
      lossValue('categorical-crossentropy', forwardLayer({ type: 'softmax' }, z), y);
    const analytic = softmaxCrossEntropyGradient(forwardLayer({ type: 'softmax' }, z), y);
    expect(relativeError(analytic.data, numericGradient(z.data, loss))).toBeLessThan(1e-6);
  });

  it('refuses labels that do not fit', () => {
    expect(() =>
      lossValue('categorical-crossentropy', softmaxOutputs, Int32Array.of(0, 3, 1)),
    ).toThrow('label 1 is class 3, but the network has 3 outputs: classes must be 0 to 2');
    expect(() =>
      lossValue('categorical-crossentropy', softmaxOutputs, Int32Array.of(0, 1)),
    ).toThrow('3 samples need 3 labels, found 2');
    expect(() =>
      lossValue('categorical-crossentropy', softmaxOutputs, tensor([1, 0], [1, 2])),
    ).toThrow("targets must have shape (3, 3) like the network's output, found (1, 2)");
  });
});

/** Probabilities away from the clip bounds, so the loss is smooth there. */
function probabilities(shape: number[], seed: number): Tensor {
  const t = randomTensor(shape, seed);
  for (let i = 0; i < t.data.length; i++) t.data[i] = 0.1 + 0.8 / (1 + Math.exp(-t.data[i]!));
  return t;
}

describe('every loss gradient against central differences', () => {
  const binary = tensor([1, 0, 0, 1, 1, 0, 1, 1], [4, 2]);
  const cases: [LossName, Tensor, Labels][] = [
    ['categorical-crossentropy', probabilities([4, 3], 41), Int32Array.of(0, 2, 1, 2)],
    ['categorical-crossentropy', probabilities([4, 3], 42), oneHotOf([1, 1, 0, 2], 3)],
    ['binary-crossentropy', probabilities([4, 2], 43), binary],
    ['binary-crossentropy', probabilities([4, 1], 44), Int32Array.of(1, 0, 0, 1)],
    ['mse', randomTensor([4, 2], 45), randomTensor([4, 2], 46)],
  ];
  it.each(
    cases.map(
      ([name, output, labels]) =>
        [name, labels instanceof Int32Array ? 'class indices' : 'targets', output, labels] as const,
    ),
  )('%s with %s', (name, _kind, output, labels) => {
    const analytic = lossGradient(name, output, labels);
    const numeric = numericGradient(output.data, () => lossValue(name, output, labels));
    expect(relativeError(analytic.data, numeric)).toBeLessThan(1e-6);
  });
});

describe('binary cross-entropy and mean squared error', () => {
  it('match nnfs’s formulas on a small case', () => {
    const p = tensor([0.9, 0.2], [2, 1]);
    const y = tensor([1, 0], [2, 1]);
    expect(lossValue('binary-crossentropy', p, y)).toBeCloseTo(
      (-Math.log(0.9) - Math.log(0.8)) / 2,
      15,
    );
    expect([...lossGradient('binary-crossentropy', p, y).data]).toEqual([
      -(1 / 0.9 - 0 / (1 - 0.9)) / 1 / 2,
      -(0 / 0.2 - 1 / (1 - 0.2)) / 1 / 2,
    ]);
    const out = tensor([1, 2, 3, 4], [2, 2]);
    const target = tensor([1, 0, 0, 0], [2, 2]);
    expect(lossValue('mse', out, target)).toBe(((0 + 4) / 2 + (9 + 16) / 2) / 2);
    expect([...lossGradient('mse', out, target).data]).toEqual([-0, 1, 1.5, 2]); // −2·0 is −0, in NumPy too
  });

  it('say what labels they need', () => {
    expect(() => lossValue('mse', tensor([1, 2], [2, 1]), Int32Array.of(0, 1))).toThrow(
      'mean squared error needs target values of shape (samples, outputs), not class indices',
    );
    expect(() =>
      lossValue('binary-crossentropy', tensor([0.5, 0.5], [1, 2]), Int32Array.of(1)),
    ).toThrow('binary cross-entropy with class labels needs one output, found 2');
  });
});

function oneHotOf(classes: number[], width: number): Tensor {
  const t = tensor(new Array(classes.length * width).fill(0), [classes.length, width]);
  classes.forEach((c, i) => (t.data[i * width + c] = 1));
  return t;
}
