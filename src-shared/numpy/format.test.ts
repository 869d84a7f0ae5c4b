import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor/tensor.ts';
import { formatArray, formatPythonFloat, formatPythonList } from './format.ts';
import fixtures from './fixtures/print.json';
import optionFixtures from './fixtures/print-options.json';

/** JSON has no NaN or infinity, so the fixture script writes them as strings. */
type Encoded = number | 'nan' | 'inf' | '-inf';
const decode = (v: Encoded): number =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

interface ArrayCase {
  shape: number[];
  data: Encoded[];
  printed: string;
}

const arrays = fixtures.arrays as ArrayCase[];
const floats = fixtures.floats as { value: Encoded; repr: string }[];
const lists = fixtures.lists as { values: number[]; printed: string }[];

describe('formatArray', () => {
  it(`prints all ${arrays.length} NumPy ${fixtures.numpy} fixtures exactly`, () => {
    for (const c of arrays) {
      const t = tensor(c.data.map(decode), c.shape);
      expect(formatArray(t), `shape [${c.shape}] data ${JSON.stringify(c.data.slice(0, 8))}`).toBe(
        c.printed,
      );
    }
  });

  it(`prints all ${optionFixtures.cases.length} NumPy ${optionFixtures.numpy} fixtures under np.printoptions(threshold, linewidth)`, () => {
    for (const c of optionFixtures.cases) {
      const options = { threshold: c.threshold ?? Infinity, lineWidth: c.linewidth };
      expect(
        formatArray(tensor(c.data, c.shape), options),
        `shape [${c.shape}] threshold ${c.threshold} linewidth ${c.linewidth}`,
      ).toBe(c.printed);
    }
  });

  it('summarises past the threshold with edgeitems 3, by default past 1000 elements', () => {
    const values = Array.from({ length: 128 }, (_, i) => i / 4);
    expect(formatArray(tensor(values, [128]))).not.toContain('...');
    expect(formatArray(tensor(values, [128]), { threshold: 100 })).toBe(
      '[ 0.    0.25  0.5  ... 31.25 31.5  31.75]',
    );
  });

  it("prints the notebook's layer outputs", () => {
    expect(formatArray(tensor([4.8, 1.21, 2.385], [3]))).toBe('[4.8   1.21  2.385]');
    const batch = [4.8, 1.21, 2.385, 8.9, -1.81, 0.2, 1.41, 1.051, 0.026];
    expect(formatArray(tensor(batch, [3, 3]))).toBe(
      '[[ 4.8    1.21   2.385]\n [ 8.9   -1.81   0.2  ]\n [ 1.41   1.051  0.026]]',
    );
  });

  it('rounds exact ties at the eighth decimal to even', () => {
    expect(formatArray(tensor([1 / 512, 0.5], [2]))).toBe('[0.00195312 0.5       ]');
    expect(formatArray(tensor([3 / 512, 0.5], [2]))).toBe('[0.00585938 0.5       ]');
  });

  it('switches to scientific notation and pads nan, inf and -0', () => {
    expect(formatArray(tensor([1e-5, 1], [2]))).toBe('[1.e-05 1.e+00]');
    expect(formatArray(tensor([NaN, 1e-5], [2]))).toBe('[   nan 1.e-05]');
    expect(formatArray(tensor([-0, 1], [2]))).toBe('[-0.  1.]');
    expect(formatArray(tensor([-Infinity, 2], [2]))).toBe('[-inf   2.]');
  });

  it('prints 0-d arrays like the scalar and empty arrays as []', () => {
    expect(formatArray(tensor([1 / 3], []))).toBe('0.3333333333333333');
    expect(formatArray(tensor([], [2, 0]))).toBe('[]');
  });
});

describe('Python floats and lists', () => {
  it('matches repr(float)', () => {
    for (const c of floats) expect(formatPythonFloat(decode(c.value))).toBe(c.repr);
    expect(['2.3', '1e-05', '1e+16', '100.0', 'nan', 'inf']).toEqual(
      [2.3, 1e-5, 1e16, 100, NaN, Infinity].map(formatPythonFloat),
    );
  });

  it('matches print(list)', () => {
    for (const c of lists) expect(formatPythonList(c.values)).toBe(c.printed);
    expect(formatPythonList([4.8, 1.21, 2.385])).toBe('[4.8, 1.21, 2.385]');
  });
});
