import { describe, expect, it } from 'vitest';
import { globalAvgPoolKind } from './global-avg-pool.ts';
import { outputShape, parameterCount } from './registry.ts';
import {
  checkLayer,
  inPrecision,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

describe('global average pooling', () => {
  it.each(PRECISIONS)('averages every pixel of each channel (%s)', (precision) => {
    const layer = runtimeOf({ type: 'globalavgpool' }, [[1, 2, 2]], precision);
    const x = inPrecision([1, 10, 3, 30], precision);
    expect(Array.from(layer.forward([x], 1, { training: false }))).toEqual([2, 20]);
    const dx = inPrecision([9, 9, 9, 9], precision);
    layer.backward(inPrecision([4, 8], precision), [dx]);
    expect(Array.from(dx)).toEqual([2, 4, 2, 4]);
  });

  it.each(PRECISIONS)('gradients on 5×3×4 (%s)', (precision) => {
    const layer = runtimeOf({ type: 'globalavgpool' }, [[5, 3, 4]], precision);
    const check = checkLayer(layer, randomValues(2 * 5 * 3 * 4, 8, precision), 2, {
      h: STEP[precision],
    });
    expect(check.input).toBeLessThan(TOLERANCE[precision]);
  });

  it('sums float32 pictures in float64, so a large picture’s mean does not drift', () => {
    const side = 256;
    const x = new Float32Array(side * side).fill(0.1);
    const y = runtimeOf({ type: 'globalavgpool' }, [[side, side, 1]], 'float32').forward([x], 1, {
      training: false,
    });
    expect(y[0]).toBe(Math.fround(0.1));
  });

  it('turns a picture into one value per channel, and refuses rows', () => {
    expect(outputShape({ type: 'globalavgpool' }, [[8, 8, 32]])).toEqual([32]);
    expect(outputShape({ type: 'globalavgpool' }, [[4, 4, 256]])).toEqual([256]);
    expect(() => outputShape({ type: 'globalavgpool' }, [[10]])).toThrow(
      'globalavgpool expects a picture (height, width, channels), found 10 features — add Flatten after it, not before',
    );
    expect(globalAvgPoolKind.create({}, [[4, 4, 2]])).toEqual({ type: 'globalavgpool' });
    expect(parameterCount({ type: 'globalavgpool' })).toBe(0);
  });
});
