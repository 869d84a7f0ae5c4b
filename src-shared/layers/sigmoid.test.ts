import { describe, expect, it } from 'vitest';
import { randomTensor } from '../train/test-support.ts';
import { outputShape } from './registry.ts';
import { sigmoidKind } from './sigmoid.ts';
import {
  checkLayer,
  float64InputError,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

describe('sigmoid', () => {
  it('squeezes into (0, 1) without overflow at ±40', () => {
    const x = Float64Array.from([0, 2, -2, 40, -40]);
    const y = runtimeOf({ type: 'sigmoid' }, [[5]], 'float64').forward([x], 1, { training: false });
    expect([...y]).toEqual([
      0.5,
      1 / (1 + Math.exp(-2)),
      Math.exp(-2) / (1 + Math.exp(-2)),
      1,
      Math.exp(-40) / (1 + Math.exp(-40)),
    ]);
    expect(y).not.toBe(x);
  });

  it('agrees with central differences of a float64 loss (the old activation check)', () => {
    const x = randomTensor([5, 4], 21, 2).data as Float64Array;
    const r = randomTensor([5, 4], 22).data as Float64Array;
    expect(float64InputError({ type: 'sigmoid' }, x, r, 5)).toBeLessThan(1e-6);
  });

  it.each(PRECISIONS)('gradients on pictures match central differences in %s', (precision) => {
    const layer = runtimeOf({ type: 'sigmoid' }, [[3, 2, 2]], precision);
    const check = checkLayer(layer, randomValues(24, 32, precision), 2, { h: STEP[precision] });
    expect(check.input).toBeLessThan(TOLERANCE[precision]);
  });

  it('takes any shape and one input, and has no settings or parameters', () => {
    expect(outputShape({ type: 'sigmoid' }, [[8, 8, 32]])).toEqual([8, 8, 32]);
    expect(() => outputShape({ type: 'sigmoid' }, [[7], [7]])).toThrow(
      'sigmoid takes one input, found 2',
    );
    expect(sigmoidKind.create(sigmoidKind.settingsOf({ type: 'sigmoid' }), [[7]])).toEqual({
      type: 'sigmoid',
    });
    expect(sigmoidKind.parameters({ type: 'sigmoid' })).toEqual([]);
    expect(sigmoidKind.hint).toBe('1 / (1 + e^−x)');
  });
});
