import { describe, expect, it } from 'vitest';
import data from './fixtures/sampling.json' with { type: 'json' };
import { RandomState } from './random-state.ts';

/** NumPy's legacy draws (scripts/fixtures/numpy_sampling.py). */
interface SamplingFixtures {
  randint: { seed: number; low: number; high: number | null; values: number[] }[];
  uniform: { seed: number; low: number; high: number; values: number[] }[];
  permutation: { seed: number; n: number; values: number[][] }[];
  mixed: {
    seed: number;
    randn_before: number[];
    permutation: number[];
    uniform: number;
    randn_after: number[];
  }[];
}
const fixtures = data as SamplingFixtures;

describe('RandomState sampling (NumPy legacy)', () => {
  it.each(fixtures.randint.map((c) => [c.seed, c.low, c.high, c] as const))(
    'randint matches NumPy: seed %s, low %s, high %s',
    (_s, _l, _h, { seed, low, high, values }) => {
      const random = new RandomState(seed);
      const draw = () => (high === null ? random.randint(low) : random.randint(low, high));
      expect(values.map(() => draw())).toEqual(values);
    },
  );

  it.each(fixtures.uniform.map((c) => [c.seed, c.low, c.high, c] as const))(
    'uniform matches NumPy bit for bit: seed %s, [%s, %s)',
    (_s, _l, _h, { seed, low, high, values }) => {
      const random = new RandomState(seed);
      const actual = values.map(() => random.uniform(low, high));
      actual.forEach((v, i) => expect(Object.is(v, values[i])).toBe(true));
    },
  );

  it.each(fixtures.permutation.map((c) => [c.seed, c.n, c] as const))(
    'permutation matches NumPy, one after another: seed %s, n %s',
    (_s, _n, { seed, n, values }) => {
      const random = new RandomState(seed);
      for (const expected of values) expect([...random.permutation(n)]).toEqual(expected);
    },
  );

  it('shuffle draws as permutation does, for any item type', () => {
    const { seed, n, values } = fixtures.permutation.find((c) => c.n === 300)!;
    const items = Array.from({ length: n }, (_, i) => `row ${i}`);
    new RandomState(seed).shuffle(items);
    expect(items).toEqual(values[0]!.map((i) => `row ${i}`));
  });

  it('keeps the cached Gaussian across other draws, as legacy_gauss does', () => {
    const [c] = fixtures.mixed;
    const random = new RandomState(c!.seed);
    expect([...random.randn(3).data]).toEqual(c!.randn_before);
    expect([...random.permutation(8)]).toEqual(c!.permutation);
    expect(random.uniform(-1, 1)).toBe(c!.uniform);
    expect([...random.randn(2).data]).toEqual(c!.randn_after);
  });

  it('refuses what NumPy refuses', () => {
    const random = new RandomState(0);
    expect(() => random.randint(3, 3)).toThrow('low >= high');
    expect(() => random.randint(0.5, 3)).toThrow('whole numbers');
    expect(() => random.uniform(-Number.MAX_VALUE, Number.MAX_VALUE)).toThrow(
      'Range exceeds valid bounds',
    );
    expect(() => random.permutation(-1)).toThrow('whole number of items');
  });
});
