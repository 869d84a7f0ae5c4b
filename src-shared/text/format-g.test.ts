import { describe, expect, it } from 'vitest';
import { formatG, formatGFloat } from './format-g.ts';

/** [x, format(x, '.6g'), format(x, '.3g'), format(x, '.1g')] printed by Python 3. */
const python: [number, string, string, string][] = [
  [4.800000000000001, '4.8', '4.8', '5'],
  [0.6224593312018546, '0.622459', '0.622', '0.6'],
  [0.0009765625, '0.000976562', '0.000977', '0.001'], // 2**-10: an exact half, to even
  [1234565.0, '1.23456e+06', '1.23e+06', '1e+06'], // an exact half, to even
  [9999995.0, '1e+07', '1e+07', '1e+07'], // the carry adds a digit
  [999999.5, '1e+06', '1e+06', '1e+06'],
  [0.30000000000000004, '0.3', '0.3', '0.3'],
  [1e-5, '1e-05', '1e-05', '1e-05'],
  [0.0001, '0.0001', '0.0001', '0.0001'],
  [0.00012345678, '0.000123457', '0.000123', '0.0001'],
  [123456.0, '123456', '1.23e+05', '1e+05'],
  [1234567.0, '1.23457e+06', '1.23e+06', '1e+06'],
  [1e16, '1e+16', '1e+16', '1e+16'],
  [5e-324, '4.94066e-324', '4.94e-324', '5e-324'],
  [1.7976931348623157e308, '1.79769e+308', '1.8e+308', '2e+308'],
  [-0.5, '-0.5', '-0.5', '-0.5'],
  [100.0, '100', '100', '1e+02'],
  [1e5, '100000', '1e+05', '1e+05'],
  [1e6, '1e+06', '1e+06', '1e+06'],
  [-2.385, '-2.385', '-2.38', '-2'], // -2.385 is a little above -2.385000…
  [1.21, '1.21', '1.21', '1'],
  [7.389056098930649, '7.38906', '7.39', '7'],
  [2.5, '2.5', '2.5', '2'],
  [0.125, '0.125', '0.125', '0.1'],
  [1 / 3, '0.333333', '0.333', '0.3'],
  [-2 / 3, '-0.666667', '-0.667', '-0.7'],
  [1.5e-323, '1.4822e-323', '1.48e-323', '1e-323'],
  [99999.95, '99999.9', '1e+05', '1e+05'],
  [0.00099999995, '0.001', '0.001', '0.001'],
];

describe('formatG', () => {
  it.each(python)("formats %s as Python's .6g, .3g and .1g do", (x, g6, g3, g1) => {
    expect(formatG(x)).toBe(g6);
    expect(formatG(x, 3)).toBe(g3);
    expect(formatG(x, 1)).toBe(g1);
  });

  it('agrees with toPrecision(6) on random doubles of every magnitude', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const x = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
      expect(Number(formatG(x)), String(x)).toBe(Number(x.toPrecision(6)));
    }
  });

  it('formats zero, negative zero and non-finite values as Python does', () => {
    expect(formatG(0)).toBe('0');
    expect(formatG(-0)).toBe('-0');
    expect(formatG(NaN)).toBe('nan');
    expect(formatG(Infinity)).toBe('inf');
    expect(formatG(-Infinity)).toBe('-inf');
  });
});

describe('formatGFloat', () => {
  it('adds .0 to whole numbers only', () => {
    expect(formatGFloat(1)).toBe('1.0');
    expect(formatGFloat(-3)).toBe('-3.0');
    expect(formatGFloat(123456)).toBe('123456.0');
    expect(formatGFloat(4.800000000000001)).toBe('4.8');
    expect(formatGFloat(1234567)).toBe('1.23457e+06');
    expect(formatGFloat(1e-5)).toBe('1e-05');
    expect(formatGFloat(NaN)).toBe('nan');
  });
});
