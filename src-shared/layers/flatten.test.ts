import { describe, expect, it } from 'vitest';
import { flattenKind } from './flatten.ts';
import { outputShape, parameterCount } from './registry.ts';
import {
  checkLayer,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

describe('flatten', () => {
  it.each(PRECISIONS)('passes values and gradients through unchanged (%s)', (precision) => {
    const layer = runtimeOf({ type: 'flatten' }, [[2, 3, 2]], precision);
    expect(layer.outShape).toEqual([12]);
    const x = randomValues(24, 6, precision);
    expect(Array.from(layer.forward([x], 2, { training: false }))).toEqual(Array.from(x));
    const dx = randomValues(24, 7, precision);
    const dy = randomValues(24, 8, precision);
    layer.backward(dy, [dx]);
    expect(Array.from(dx)).toEqual(Array.from(dy));
    expect(checkLayer(layer, x, 2, { h: STEP[precision] }).input).toBeLessThan(
      TOLERANCE[precision],
    );
  });

  it('reads each sample as one row, whatever its shape', () => {
    expect(outputShape({ type: 'flatten' }, [[8, 8, 32]])).toEqual([2048]);
    expect(outputShape({ type: 'flatten' }, [[4, 4, 2]])).toEqual([32]);
    expect(outputShape({ type: 'flatten' }, [[5]])).toEqual([5]);
    expect(() => outputShape({ type: 'flatten' }, [])).toThrow('flatten takes one input, found 0');
    expect(flattenKind.create({}, [[2, 2, 2]])).toEqual({ type: 'flatten' });
    expect(parameterCount({ type: 'flatten' })).toBe(0);
  });
});
