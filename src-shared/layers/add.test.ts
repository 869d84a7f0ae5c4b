import { describe, expect, it } from 'vitest';
import { addKind } from './add.ts';
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

describe('add', () => {
  it.each(PRECISIONS)(
    'sums its inputs value by value; each gets the output’s gradient (%s)',
    (p) => {
      const layer = runtimeOf({ type: 'add' }, [[3], [3], [3]], p);
      const a = inPrecision([1, 2, 3], p);
      const b = inPrecision([10, 20, 30], p);
      const c = inPrecision([100, 200, 300], p);
      expect(Array.from(layer.forward([a, b, c], 1, { training: true }))).toEqual([111, 222, 333]);
      expect(Array.from(a)).toEqual([1, 2, 3]);
      const dxs = [inPrecision([9, 9, 9], p), null, inPrecision([9, 9, 9], p)];
      layer.backward(inPrecision([1, -2, 3], p), dxs);
      expect(Array.from(dxs[0]!)).toEqual([1, -2, 3]);
      expect(Array.from(dxs[2]!)).toEqual([1, -2, 3]);
    },
  );

  it.each(PRECISIONS)('gradients of both inputs match central differences (%s)', (precision) => {
    const layer = runtimeOf(
      { type: 'add' },
      [
        [2, 3, 4],
        [2, 3, 4],
      ],
      precision,
    );
    const xs = [randomValues(48, 41, precision), randomValues(48, 42, precision)];
    const check = checkLayer(layer, xs, 2, { h: STEP[precision] });
    expect(check.inputs).toHaveLength(2);
    for (const error of check.inputs) expect(error).toBeLessThan(TOLERANCE[precision]);
  });

  it('needs two or more inputs of one shape, and says how to make them agree', () => {
    expect(
      outputShape({ type: 'add' }, [
        [4, 4, 8],
        [4, 4, 8],
      ]),
    ).toEqual([4, 4, 8]);
    expect(() => outputShape({ type: 'add' }, [[4]])).toThrow(
      'add takes two or more inputs, found 1 — wire another in',
    );
    expect(() =>
      outputShape({ type: 'add' }, [
        [4, 4, 8],
        [4, 4, 16],
      ]),
    ).toThrow(
      'add needs inputs of one shape: input 1 is a 4×4×8 picture, input 2 is a 4×4×16 picture — make them equal (a 1×1 Conv2D or a Dense layer can change one)',
    );
    expect(() => outputShape({ type: 'add' }, [[5], [5], [6]])).toThrow(
      'input 1 is 5 features, input 3 is 6 features',
    );
  });

  it('is a merge kind with nothing to set', () => {
    expect(addKind.role).toBe('merge');
    expect(addKind.create({}, [[2], [2]])).toEqual({ type: 'add' });
    expect(addKind.settingsOf({ type: 'add' })).toEqual({});
    expect(parameterCount({ type: 'add' })).toBe(0);
  });
});
