import { describe, expect, it } from 'vitest';
import { nnfsData } from './fixtures/nnfs-data.ts';
import { linspace } from './linspace.ts';

describe('linspace', () => {
  it.each(nnfsData.linspace.map((c) => [c.start, c.stop, c.num, c] as const))(
    'matches NumPy bit for bit: linspace(%s, %s, %s)',
    (_a, _b, _n, { start, stop, num, values }) => {
      const actual = linspace(start, stop, num);
      expect(actual.length).toBe(values.length);
      actual.forEach((v, i) => expect(Object.is(v, values[i])).toBe(true));
    },
  );

  it('ends exactly at stop and refuses a negative count', () => {
    expect(linspace(0, 1, 3)).toEqual(new Float64Array([0, 0.5, 1]));
    expect(linspace(2, 5, 1)).toEqual(new Float64Array([2]));
    expect(linspace(0, 1, 0)).toEqual(new Float64Array([]));
    expect(() => linspace(0, 1, -1)).toThrow('num must be a whole number');
  });
});
