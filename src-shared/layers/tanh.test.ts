import { describe, expect, it } from 'vitest';
import { randomTensor } from '../train/test-support.ts';
import { outputShape } from './registry.ts';
import { tanhKind } from './tanh.ts';
import {
  checkLayer,
  float64InputError,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

describe('tanh', () => {
  it('squeezes into (−1, 1)', () => {
    const x = Float64Array.from([0, 0.5, -0.5, 20, -20]);
    const y = runtimeOf({ type: 'tanh' }, [[5]], 'float64').forward([x], 1, { training: false });
    expect([...y]).toEqual([0, Math.tanh(0.5), -Math.tanh(0.5), 1, -1]);
    expect(y).not.toBe(x);
  });

  it('agrees with central differences of a float64 loss (the old activation check)', () => {
    const x = randomTensor([5, 4], 21, 2).data as Float64Array;
    const r = randomTensor([5, 4], 22).data as Float64Array;
    expect(float64InputError({ type: 'tanh' }, x, r, 5)).toBeLessThan(1e-6);
  });

  it.each(PRECISIONS)('gradients on pictures match central differences in %s', (precision) => {
    const layer = runtimeOf({ type: 'tanh' }, [[3, 2, 2]], precision);
    const check = checkLayer(layer, randomValues(24, 32, precision), 2, { h: STEP[precision] });
    expect(check.input).toBeLessThan(TOLERANCE[precision]);
  });

  it('takes any shape and one input, and has no settings or parameters', () => {
    expect(outputShape({ type: 'tanh' }, [[8, 8, 32]])).toEqual([8, 8, 32]);
    expect(() => outputShape({ type: 'tanh' }, [[7], [7]])).toThrow(
      'tanh takes one input, found 2',
    );
    expect(tanhKind.create(tanhKind.settingsOf({ type: 'tanh' }), [[7]])).toEqual({
      type: 'tanh',
    });
    expect(tanhKind.parameters({ type: 'tanh' })).toEqual([]);
    expect(tanhKind.hint).toBe('tanh(x)');
  });
});
