import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { nnfsData } from './fixtures/nnfs-data.ts';
import {
  circlesData,
  generateDataset,
  parseDatasetSpec,
  spiralData,
  verticalData,
  xorData,
  type GeneratedData,
} from './generated.ts';

function generate(c: (typeof nnfsData.datasets)[number]): GeneratedData {
  const options = { seed: c.seed, dtype: c.dtype };
  switch (c.name) {
    case 'spiral':
      return spiralData(c.samples, c.classes, options);
    case 'vertical':
      return verticalData(c.samples, c.classes, options);
    case 'xor':
      return xorData(c.samples, options);
    case 'circles':
      return circlesData(c.samples, c.classes, options);
  }
}

/** Indices where the values differ in any bit. */
function mismatches(actual: ArrayLike<number>, expected: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) out.push(i);
  return out;
}

const cases = nnfsData.datasets.map(
  (c) => [c.name, c.classes, c.samples, c.dtype, c.seed, c] as const,
);
// Sine and cosine come from Math, whose last bit differs from glibc's for ~3% of angles.
const usesTrig = (name: string) => name === 'spiral' || name === 'circles';

describe('generated data sets against NumPy', () => {
  it.each(cases.filter(([name, , , dtype]) => dtype === 'float32' || !usesTrig(name)))(
    '%s %i×%i (%s, seed %i) is bit for bit NumPy’s',
    (_n, _c, _s, dtype, _seed, c) => {
      const { x, y, classes } = generate(c);
      expect(x.shape).toEqual([c.samples * c.classes, 2]);
      expect(x.dtype).toBe(dtype);
      expect([...y]).toEqual(c.y);
      expect(classes).toBe(c.classes);
      expect(mismatches(x.data, c.x)).toEqual([]);
    },
  );

  it.each(cases.filter(([name, , , dtype]) => dtype === 'float64' && usesTrig(name)))(
    '%s %i×%i (%s, seed %i) is NumPy’s to the last bit of sin and cos',
    (_n, _c, _s, _d, _seed, c) => {
      const { x, y } = generate(c);
      expect([...y]).toEqual(c.y);
      x.data.forEach((v, i) => {
        const want = c.x[i]!;
        expect(Math.abs(v - want)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.abs(want));
      });
      expect(mismatches(x.data, c.x).length).toBeLessThan(0.1 * c.x.length);
    },
  );

  it("continues from a shared generator, as nnfs's global one does", () => {
    const random = new RandomState(0);
    spiralData(100, 3, { random });
    const after = random.randn(2).data;
    const fresh = new RandomState(0);
    fresh.randn(300);
    expect([...after]).toEqual([...fresh.randn(2).data]);
  });
});

describe('parseDatasetSpec', () => {
  it('reads NAME:CLASSESxPOINTS', () => {
    expect(parseDatasetSpec('spiral:3x100')).toEqual({ name: 'spiral', classes: 3, perClass: 100 });
    expect(parseDatasetSpec(' Vertical : 2 × 50 ')).toEqual({
      name: 'vertical',
      classes: 2,
      perClass: 50,
    });
  });

  it('explains what is wrong', () => {
    expect(() => parseDatasetSpec('spiral')).toThrow(
      'expected a data set as NAME:CLASSESxPOINTS such as spiral:3x100, found "spiral"',
    );
    expect(() => parseDatasetSpec('moons:2x10')).toThrow(
      'unknown data set "moons": choose one of spiral, vertical, xor, circles',
    );
    expect(() => parseDatasetSpec('spiral:0x10')).toThrow(
      'spiral: the number of classes must be a whole number ≥ 1, found 0',
    );
    expect(() => parseDatasetSpec('xor:3x10')).toThrow('xor has 2 classes, found 3');
    expect(() => parseDatasetSpec('spiral:3x0')).toThrow('points per class must be');
    expect(() => parseDatasetSpec('spiral:1000x10000')).toThrow('is more than 1000000');
  });

  it('generates what a spec names, seeded', () => {
    const a = generateDataset(parseDatasetSpec('circles:3x20'), { seed: 5 });
    const b = generateDataset(parseDatasetSpec('circles:3x20'), { seed: 5 });
    const c = generateDataset(parseDatasetSpec('circles:3x20'), { seed: 6 });
    expect(a.x.data).toEqual(b.x.data);
    expect(a.x.data).not.toEqual(c.x.data);
    expect(generateDataset(parseDatasetSpec('xor:2x4')).x.shape).toEqual([8, 2]);
  });
});
