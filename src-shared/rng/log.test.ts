import { describe, expect, it } from 'vitest';
import { log } from './log.ts';
import fixtures from './fixtures/log.json';

/** JSON has no NaN or infinity, so the fixture script writes them as strings. */
type Encoded = number | 'nan' | 'inf' | '-inf';
const decode = (v: Encoded): number =>
  v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

const groups = fixtures.groups as unknown as Record<string, [Encoded, Encoded][]>;

/** The 64 bits of a double as 16 hex digits, for exact comparison and readable failures. */
const scratch = new DataView(new ArrayBuffer(8));
function bits(v: number): string {
  scratch.setFloat64(0, v);
  return scratch.getBigUint64(0).toString(16).padStart(16, '0');
}

describe(`log matches C's log bit for bit (${fixtures.libm})`, () => {
  it.each(Object.keys(groups))('fixture group %s', (name) => {
    const cases = groups[name]!;
    expect(cases.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const [x, y] of cases) {
      const actual = log(decode(x));
      if (bits(actual) !== bits(decode(y))) wrong.push(`log(${x}) = ${actual}, expected ${y}`);
    }
    expect(wrong.slice(0, 10), `${wrong.length} of ${cases.length} differ`).toEqual([]);
  });

  it('handles zero, negative numbers, infinities and NaN as C does', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-5e-324)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(NaN)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(Object.is(log(1), 0)).toBe(true);
  });
});
