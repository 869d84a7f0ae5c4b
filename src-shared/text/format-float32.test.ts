import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { formatFloat32 } from './format-float32.ts';

/** Significant digits of a decimal as formatFloat32 writes it. */
function significant(text: string): number {
  const [mantissa] = text.replace('-', '').split('e') as [string];
  return mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
}

/** Whether some decimal of `digits` significant digits reads back as x (an exhaustive check). */
function fitsIn(x: number, digits: number): boolean {
  const [mantissa, exponent] = Math.abs(x)
    .toExponential(digits - 1)
    .split('e') as [string, string];
  const m = Number(mantissa.replace('.', ''));
  const e = Number(exponent) - (digits - 1);
  // Every decimal of this length that could read back as x lies within a few steps of x.
  for (let k = m - 3; k <= m + 3; k++) {
    if (Math.fround(Math.sign(x) * Number(`${k}e${e}`)) === x) return true;
  }
  return false;
}

describe('formatFloat32', () => {
  it('writes float32 values in their shortest decimal form', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(-0.3))).toBe('-0.3');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(formatFloat32(1)).toBe('1');
    expect(formatFloat32(16777216)).toBe('16777216');
    expect(formatFloat32(0)).toBe('0');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat32(Math.fround(3.4028234663852886e38))).toBe('3.4028235e+38');
    expect(formatFloat32(2 ** -149)).toBe('1e-45');
    expect(formatFloat32(2 ** -126)).toBe('1.1754944e-38');
  });

  it('refuses values that are not finite float32 numbers', () => {
    expect(() => formatFloat32(0.1)).toThrow('0.1 is not a finite float32 value');
    expect(() => formatFloat32(NaN)).toThrow(RangeError);
    expect(() => formatFloat32(Infinity)).toThrow(RangeError);
  });

  it('reads back bit for bit, with no shorter decimal possible, for 100,000 random floats', () => {
    const random = new RandomState(32);
    const bits = new Uint32Array(1);
    const view = new Float32Array(bits.buffer);
    let checked = 0;
    const failures: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      // Random bit patterns cover every exponent; Gaussian weights cover the common range.
      if (i % 2) bits[0] = Math.floor(random.randomSample() * 2 ** 32);
      else view[0] = random.randn(1).data[0]! * 0.05;
      const x = view[0]!;
      if (!Number.isFinite(x)) continue;
      const text = formatFloat32(x);
      // Plain checks in the loop: expect() per value would take most of the time.
      if (!Object.is(Math.fround(Number(text)), x)) failures.push(`${text} for ${x}`);
      const digits = significant(text);
      if (digits > 1 && fitsIn(x, digits - 1)) failures.push(`${text} is not shortest`);
      checked++;
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(99_000);
  });

  it('finds the shortest form at powers of two, where the nearest decimal can miss', () => {
    for (let exponent = -149; exponent <= 127; exponent++) {
      const x = 2 ** exponent;
      const text = formatFloat32(x);
      expect(Math.fround(Number(text))).toBe(x);
      const digits = significant(text);
      if (digits > 1) expect(fitsIn(x, digits - 1), `${text} is not shortest`).toBe(false);
    }
  });
});
