import { describe, expect, it } from 'vitest';
import { numpyCore } from '../nn/fixtures/numpy-core.ts';
import { RandomState } from './random-state.ts';

/** Bit-for-bit equality, reported as the first differing index. */
function firstMismatch(actual: ArrayLike<number>, expected: readonly number[]): number {
  if (actual.length !== expected.length) return -2;
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) return i;
  return -1;
}

describe('RandomState (NumPy legacy)', () => {
  it("gives the notebook's randn(4, 3) after seed(0)", () => {
    const values = new RandomState(0).randn(4, 3).data;
    expect(values[0]).toBe(1.764052345967664);
    expect(values[1]).toBe(0.4001572083672233);
    expect(values[2]).toBe(0.9787379841057392);
    expect(values[11]).toBe(1.454273506962975);
  });

  it.each(numpyCore.randn.map((c) => [JSON.stringify(c.seed), c.shape.join('×'), c] as const))(
    'randn matches NumPy bit for bit: seed %s, shape %s',
    (_seed, _shape, { seed, shape, values }) => {
      const actual = new RandomState(seed).randn(...shape);
      expect(actual.shape).toEqual(shape);
      expect(firstMismatch(actual.data, values)).toBe(-1);
    },
  );

  it.each(numpyCore.random_sample.map((c) => [c.seed, c] as const))(
    'random_sample matches NumPy bit for bit: seed %s',
    (_seed, { seed, values }) => {
      const random = new RandomState(seed);
      expect(
        firstMismatch(
          Float64Array.from(values, () => random.randomSample()),
          values,
        ),
      ).toBe(-1);
    },
  );

  it('keeps the second value of each Gaussian pair for the next call', () => {
    const one = new RandomState(0);
    const split = [...one.randn(3).data, ...one.randn(2).data];
    expect(split).toEqual([...new RandomState(0).randn(5).data]);
  });

  it('re-seeding restarts the sequence and drops the cached Gaussian', () => {
    const random = new RandomState(0);
    random.randn(1);
    random.seed(0);
    expect(random.randn(1).data[0]).toBe(1.764052345967664);
  });

  it('refuses seeds NumPy refuses', () => {
    expect(() => new RandomState(-1)).toThrow('Seed must be between 0 and 2**32 - 1');
    expect(() => new RandomState(2 ** 32)).toThrow('Seed must be between 0 and 2**32 - 1');
    expect(() => new RandomState(1.5)).toThrow('Seed must be between 0 and 2**32 - 1');
  });
});
