import { describe, expect, it } from 'vitest';
import { forwardLayer } from '../net/forward.ts';
import { fromNested, tensor, type Tensor } from '../tensor/tensor.ts';
import {
  lossGradient,
  lossGradientInto,
  lossValue,
  sampleLossesInto,
  toTargets,
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
      'mean squared error with one output needs target values of shape (samples, 1), not class indices',
    );
    expect(() =>
      lossValue('binary-crossentropy', tensor([0.5, 0.5], [1, 2]), Int32Array.of(1)),
    ).toThrow('binary cross-entropy with class labels needs one output, found 2');
  });
});

describe('class labels as one-hot rows', () => {
  const p = tensor([0.7, 0.2, 0.1, 0.3, 0.3, 0.4], [2, 3]);
  const labels = Int32Array.of(0, 2);

  it('mean squared error from classes is mean squared error from their one-hot rows', () => {
    expect(lossValue('mse', p, labels)).toBe(lossValue('mse', p, oneHotOf([0, 2], 3)));
    expect([...lossGradient('mse', p, labels).data]).toEqual([
      ...lossGradient('mse', p, oneHotOf([0, 2], 3)).data,
    ]);
  });

  it('label smoothing ε makes the rows (1 − ε)·onehot + ε/outputs, for cross-entropy', () => {
    const smoothed = toTargets('categorical-crossentropy', labels, 2, 3, 0.3);
    const rows = [
      [0.8, 0.1, 0.1],
      [0.1, 0.1, 0.8],
    ];
    const losses = new Float64Array(2);
    sampleLossesInto('categorical-crossentropy', p.data, smoothed, losses, 2, 3);
    // −Σ t·log p per sample, as PyTorch's label_smoothing defines it.
    rows.forEach((t, i) => {
      const want = -t.reduce((sum, tj, j) => sum + tj * Math.log(p.data[i * 3 + j]!), 0);
      expect(losses[i]).toBeCloseTo(want, 14);
    });
    const dz = new Float64Array(6);
    lossGradientInto('categorical-crossentropy', p.data, smoothed, dz, 2, 3, true);
    const want = [0.7 - 0.8, 0.2 - 0.1, 0.1 - 0.1, 0.3 - 0.1, 0.3 - 0.1, 0.4 - 0.8].map(
      (d) => d / 2,
    );
    [...dz].forEach((d, i) => expect(d).toBeCloseTo(want[i]!, 14));
    expect(() => toTargets('categorical-crossentropy', labels, 2, 3, 1)).toThrow(
      'label smoothing takes 0 ≤ ε < 1, found 1',
    );
  });
});

function oneHotOf(classes: number[], width: number): Tensor {
  const t = tensor(new Array(classes.length * width).fill(0), [classes.length, width]);
  classes.forEach((c, i) => (t.data[i * width + c] = 1));
  return t;
}

describe('softmax then cross-entropy with label smoothing, as image training uses it', () => {
  const labels = Int32Array.from([0, 2, 1, 2]);
  const [batch, classes] = [4, 3];
  const lossOf = (z: Tensor, smoothing: number) => {
    const p = forwardLayer({ type: 'softmax' }, z);
    const targets = toTargets('categorical-crossentropy', labels, batch, classes, smoothing);
    const losses = new Float64Array(batch);
    sampleLossesInto('categorical-crossentropy', p.data, targets, losses, batch, classes);
    return { p, targets, loss: losses.reduce((a, b) => a + b, 0) / batch };
  };

  for (const smoothing of [0, 0.1]) {
    it(`value −Σ t·log softmax(z) and the combined gradient, smoothing ${smoothing}`, () => {
      const z = randomTensor([batch, classes], 41);
      const { p, targets, loss } = lossOf(z, smoothing);
      let naive = 0;
      for (let b = 0; b < batch; b++) {
        const row = Array.from(z.data.subarray(b * classes, (b + 1) * classes));
        const sum = row.reduce((s, v) => s + Math.exp(v), 0);
        row.forEach((v, c) => {
          const t = (c === labels[b] ? 1 - smoothing : 0) + smoothing / classes;
          naive -= t * Math.log(Math.exp(v) / sum);
        });
      }
      expect(loss).toBeCloseTo(naive / batch, 12);
      const dz = new Float64Array(batch * classes);
      lossGradientInto('categorical-crossentropy', p.data, targets, dz, batch, classes, true);
      const numeric = numericGradient(z.data, () => lossOf(z, smoothing).loss);
      expect(relativeError(dz, numeric)).toBeLessThan(1e-6);
    });
  }

  it('stays finite for huge scores', () => {
    const z = tensor([1000, -1000, 0, -1000, 1000, 0, 0, 0, 0, 3e38, 0, 0], [batch, classes]);
    const { p, targets, loss } = lossOf(z, 0.1);
    const dz = new Float64Array(batch * classes);
    lossGradientInto('categorical-crossentropy', p.data, targets, dz, batch, classes, true);
    expect(Number.isFinite(loss)).toBe(true);
    expect(dz.every(Number.isFinite)).toBe(true);
  });
});
