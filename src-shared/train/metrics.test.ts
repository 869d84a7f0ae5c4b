import { describe, expect, it } from 'vitest';
import { accuracy, argmaxRows, confusionMatrix, regressionPrecision, Scorer } from './metrics.ts';

describe('metrics', () => {
  it('argmax takes the first of equal values and stops at a NaN, as np.argmax', () => {
    expect([...argmaxRows([0.2, 0.5, 0.5, 3, 1, 2, 1, NaN, 9], 3, 3)]).toEqual([1, 0, 1]);
  });

  it('accuracy is the share of predictions equal to the truth', () => {
    expect(accuracy([0, 1, 1], [0, 1, 2])).toBeCloseTo(2 / 3, 15);
    expect(() => accuracy([0], [0, 1])).toThrow('1 predictions for 2 labels');
  });

  it('the confusion matrix has the true class in rows', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it('scores classes, binary outputs and regression as nnfs does', () => {
    const classes = new Scorer('categorical-crossentropy', 3);
    classes.add(
      Float64Array.of(0.7, 0.1, 0.2, 0.1, 0.5, 0.4, 0.02, 0.9, 0.08),
      { kind: 'classes', classes: Int32Array.of(0, 1, 2) },
      3,
    );
    expect(classes.accuracy).toBeCloseTo(2 / 3, 15);
    expect(classes.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
    ]);
    const binary = new Scorer('binary-crossentropy', 1);
    binary.add(
      Float64Array.of(0.9, 0.4, 0.6),
      { kind: 'values', values: Float64Array.of(1, 1, 0) },
      3,
    );
    expect(binary.accuracy).toBeCloseTo(1 / 3, 15);
    expect(binary.confusion).toEqual([
      [0, 1],
      [1, 1],
    ]);
    const regression = new Scorer('mse', 1, 0.01);
    regression.add(
      Float64Array.of(1.005, 2.5),
      { kind: 'values', values: Float64Array.of(1, 2) },
      2,
    );
    expect(regression.accuracy).toBe(0.5);
    expect(regression.confusion).toBeNull();
    expect(regressionPrecision([1, 3])).toBe(1 / 250);
  });
});
